namespace Firmware.Services.Dhcp
{
    /// <summary>
    /// Every DHCP client tunable with its unit and default. The timers follow RFC 2131 §4.1 (retransmission) and RFC 5227
    /// §1.1 (probing); the defaults are the RFCs' values.
    /// </summary>
    public class DhcpConfig
    {
        /// <summary>Option 12, the host name a server may register in DNS; null for none. Default "device".</summary>
        public string HostName = "device";

        /// <summary>Option 61, the client identifier; null means type 1 (Ethernet) followed by the MAC (RFC 2132 §9.14).</summary>
        public byte[] ClientId;

        /// <summary>
        /// Bytes of the client's message buffer, also sent as option 57 (the largest DHCP message we take, at least 576:
        /// RFC 2131 §2 requires clients to take 576-byte datagrams). Longer replies are dropped and counted. Default 576.
        /// </summary>
        public int MaxMessageBytes = 576;

        /// <summary>The first retransmission delay, ms (RFC 2131 §4.1: 4 s, doubling). Default 4000.</summary>
        public int FirstRetransmitMs = 4000;

        /// <summary>The longest retransmission delay, ms (RFC 2131 §4.1: 64 s). Default 64000.</summary>
        public int MaxRetransmitMs = 64000;

        /// <summary>Each delay is randomized by up to this much either way, ms (RFC 2131 §4.1: ±1 s). Default 1000.</summary>
        public int RetransmitJitterMs = 1000;

        /// <summary>The first DHCPDISCOVER waits a random time up to this, ms, so devices powered on together spread out. Default 1000.</summary>
        public int InitialDelayMaxMs = 1000;

        /// <summary>DHCPREQUESTs sent (REQUESTING, INIT-REBOOT) before starting over. Default 4.</summary>
        public int RequestAttempts = 4;

        /// <summary>In RENEWING and REBINDING, retransmissions wait half the time left, but at least this, ms (RFC 2131 §4.4.5: 60 s). Default 60000.</summary>
        public int MinRenewRetransmitMs = 60000;

        /// <summary>After a DHCPDECLINE, wait this long before starting over, ms (RFC 2131 §3.1.5: at least 10 s). Default 10000.</summary>
        public int DeclineWaitMs = 10000;

        /// <summary>Probe an address with ARP before using it (RFC 5227 §2.1). Default true.</summary>
        public bool ProbeBeforeUse = true;

        /// <summary>RFC 5227 PROBE_WAIT, ms: a random delay up to this before the first probe. Default 1000.</summary>
        public int ProbeWaitMs = 1000;

        /// <summary>RFC 5227 PROBE_NUM. Default 3.</summary>
        public int ProbeCount = 3;

        /// <summary>RFC 5227 PROBE_MIN, ms. Default 1000.</summary>
        public int ProbeMinMs = 1000;

        /// <summary>RFC 5227 PROBE_MAX, ms. Default 2000.</summary>
        public int ProbeMaxMs = 2000;

        /// <summary>RFC 5227 ANNOUNCE_WAIT, ms: after the last probe, before the address is used. Default 2000.</summary>
        public int AnnounceWaitMs = 2000;

        /// <summary>RFC 5227 ANNOUNCE_INTERVAL, ms: between the two announcements once the address is in use. Default 2000.</summary>
        public int AnnounceIntervalMs = 2000;

        /// <summary>RFC 5227 DEFEND_INTERVAL, ms: a second conflict within this gives the address up. Default 10000.</summary>
        public int DefendIntervalMs = 10000;

        /// <summary>What to use while no server answers. Default link-local.</summary>
        public DhcpFallback Fallback = DhcpFallback.LinkLocal;

        /// <summary>How long without a lease before the fallback is taken, ms. Default 10000.</summary>
        public int FallbackAfterMs = 10000;

        /// <summary>The static fallback's address (host order), for <see cref="DhcpFallback.Static"/>.</summary>
        public uint FallbackAddress;

        /// <summary>The static fallback's prefix length.</summary>
        public int FallbackPrefixLength = 24;

        /// <summary>The static fallback's gateway (0 for none).</summary>
        public uint FallbackGateway;

        /// <summary>
        /// The address of the last lease (host order; 0 for none), kept by the app across a restart: the client then starts
        /// in INIT-REBOOT and asks to keep it (RFC 2131 §3.2).
        /// </summary>
        public uint PreviousAddress;

        /// <summary>Checks the values; throws on a bad one (configuration is API misuse, not network input).</summary>
        public void Validate()
        {
            if (MaxMessageBytes < 576 || MaxMessageBytes > 1500 || FirstRetransmitMs < 1 || MaxRetransmitMs < FirstRetransmitMs
                || RetransmitJitterMs < 0 || RetransmitJitterMs >= FirstRetransmitMs || InitialDelayMaxMs < 0 || RequestAttempts < 1
                || MinRenewRetransmitMs < 1 || DeclineWaitMs < 0 || ProbeWaitMs < 0 || ProbeCount < 1 || ProbeMinMs < 0
                || ProbeMaxMs < ProbeMinMs || AnnounceWaitMs < 0 || AnnounceIntervalMs < 0 || DefendIntervalMs < 0 || FallbackAfterMs < 0
                || (ClientId != null && (ClientId.Length < 2 || ClientId.Length > 255))
                || (HostName != null && (HostName.Length < 1 || HostName.Length > 63)))
            {
                throw new System.ArgumentException("DhcpConfig");
            }
        }
    }
}
