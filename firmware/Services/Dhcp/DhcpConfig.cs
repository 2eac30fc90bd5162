namespace Firmware.Services.Dhcp
{
    /// <summary>
    /// Every DHCP client tunable with its unit and default. The timers follow RFC 2131 §4.1 (retransmission) and RFC 5227
    /// §1.1 (probing); the defaults are the RFCs' values.
    /// </summary>
    public class DhcpConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[21];

        /// <summary>The defaults (each member says its own).</summary>
        public DhcpConfig()
        {
            MaxMessageBytes = 576;
            FirstRetransmitMs = 4000;
            MaxRetransmitMs = 64000;
            RetransmitJitterMs = 1000;
            InitialDelayMaxMs = 1000;
            RequestAttempts = 4;
            MinRenewRetransmitMs = 60000;
            DeclineWaitMs = 10000;
            ProbeBeforeUse = true;
            ProbeWaitMs = 1000;
            ProbeCount = 3;
            ProbeMinMs = 1000;
            ProbeMaxMs = 2000;
            AnnounceWaitMs = 2000;
            AnnounceIntervalMs = 2000;
            DefendIntervalMs = 10000;
            FallbackAfterMs = 10000;
            FallbackPrefixLength = 24;
        }

        /// <summary>Option 12, the host name a server may register in DNS; null for none. Default "device".</summary>
        public string HostName = "device";

        /// <summary>Option 61, the client identifier; null means type 1 (Ethernet) followed by the MAC (RFC 2132 §9.14).</summary>
        public byte[] ClientId;

        /// <summary>
        /// Bytes of the client's message buffer, also sent as option 57 (the largest DHCP message we take, at least 576:
        /// RFC 2131 §2 requires clients to take 576-byte datagrams). Longer replies are dropped and counted. Default 576.
        /// </summary>
        public int MaxMessageBytes { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>The first retransmission delay, ms (RFC 2131 §4.1: 4 s, doubling). Default 4000.</summary>
        public int FirstRetransmitMs { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>The longest retransmission delay, ms (RFC 2131 §4.1: 64 s). Default 64000.</summary>
        public int MaxRetransmitMs { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Each delay is randomized by up to this much either way, ms (RFC 2131 §4.1: ±1 s). Default 1000.</summary>
        public int RetransmitJitterMs { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>The first DHCPDISCOVER waits a random time up to this, ms, so devices powered on together spread out. Default 1000.</summary>
        public int InitialDelayMaxMs { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>DHCPREQUESTs sent (REQUESTING, INIT-REBOOT) before starting over. Default 4.</summary>
        public int RequestAttempts { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>In RENEWING and REBINDING, retransmissions wait half the time left, but at least this, ms (RFC 2131 §4.4.5: 60 s). Default 60000.</summary>
        public int MinRenewRetransmitMs { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>After a DHCPDECLINE, wait this long before starting over, ms (RFC 2131 §3.1.5: at least 10 s). Default 10000.</summary>
        public int DeclineWaitMs { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Probe an address with ARP before using it (RFC 5227 §2.1). Default true.</summary>
        public bool ProbeBeforeUse { get { return _values[8] != 0; } set { _values[8] = value ? 1 : 0; } }

        /// <summary>RFC 5227 PROBE_WAIT, ms: a random delay up to this before the first probe. Default 1000.</summary>
        public int ProbeWaitMs { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>RFC 5227 PROBE_NUM. Default 3.</summary>
        public int ProbeCount { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>RFC 5227 PROBE_MIN, ms. Default 1000.</summary>
        public int ProbeMinMs { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>RFC 5227 PROBE_MAX, ms. Default 2000.</summary>
        public int ProbeMaxMs { get { return _values[12]; } set { _values[12] = value; } }

        /// <summary>RFC 5227 ANNOUNCE_WAIT, ms: after the last probe, before the address is used. Default 2000.</summary>
        public int AnnounceWaitMs { get { return _values[13]; } set { _values[13] = value; } }

        /// <summary>RFC 5227 ANNOUNCE_INTERVAL, ms: between the two announcements once the address is in use. Default 2000.</summary>
        public int AnnounceIntervalMs { get { return _values[14]; } set { _values[14] = value; } }

        /// <summary>RFC 5227 DEFEND_INTERVAL, ms: a second conflict within this gives the address up. Default 10000.</summary>
        public int DefendIntervalMs { get { return _values[15]; } set { _values[15] = value; } }

        /// <summary>What to use while no server answers. Default link-local.</summary>
        public DhcpFallback Fallback = DhcpFallback.LinkLocal;

        /// <summary>How long without a lease before the fallback is taken, ms. Default 10000.</summary>
        public int FallbackAfterMs { get { return _values[16]; } set { _values[16] = value; } }

        /// <summary>The static fallback's address (host order), for <see cref="DhcpFallback.Static"/>.</summary>
        public uint FallbackAddress { get { return (uint)_values[17]; } set { _values[17] = (int)value; } }

        /// <summary>The static fallback's prefix length.</summary>
        public int FallbackPrefixLength { get { return _values[18]; } set { _values[18] = value; } }

        /// <summary>The static fallback's gateway (0 for none).</summary>
        public uint FallbackGateway { get { return (uint)_values[19]; } set { _values[19] = (int)value; } }

        /// <summary>
        /// The address of the last lease (host order; 0 for none), kept by the app across a restart: the client then starts
        /// in INIT-REBOOT and asks to keep it (RFC 2131 §3.2).
        /// </summary>
        public uint PreviousAddress { get { return (uint)_values[20]; } set { _values[20] = (int)value; } }

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
