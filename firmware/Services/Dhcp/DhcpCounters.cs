namespace Firmware.Services.Dhcp
{
    /// <summary>What the DHCP client (and its link-local fallback) sent, received, refused and lived through.</summary>
    public class DhcpCounters
    {
        /// <summary>DHCPDISCOVERs sent.</summary>
        public int DiscoversOut;
        /// <summary>DHCPREQUESTs sent (selecting, renewing, rebinding, rebooting).</summary>
        public int RequestsOut;
        /// <summary>DHCPDECLINEs sent (the address was in use).</summary>
        public int DeclinesOut;
        /// <summary>DHCPRELEASEs sent.</summary>
        public int ReleasesOut;
        /// <summary>DHCPOFFERs taken.</summary>
        public int OffersIn;
        /// <summary>DHCPACKs taken.</summary>
        public int AcksIn;
        /// <summary>DHCPNAKs taken.</summary>
        public int NaksIn;
        /// <summary>Dropped: not a well-formed BOOTREPLY (fixed part, cookie, message type, a required option missing).</summary>
        public int Malformed;
        /// <summary>Dropped: someone else's transaction (xid or chaddr not ours), or not from port 67.</summary>
        public int Foreign;
        /// <summary>Dropped: a message type the current state does not expect (a late OFFER, an ACK from another server).</summary>
        public int Unexpected;
        /// <summary>Dropped: longer than the client's buffer (DhcpConfig.MaxMessageBytes).</summary>
        public int TooLong;
        /// <summary>Leases refused: the address, mask or router is no host's configuration (NetInterface.CheckConfiguration), or no lease time.</summary>
        public int ConfigRefused;
        /// <summary>Leases obtained (a new address in use).</summary>
        public int Leases;
        /// <summary>Leases extended (RENEWING or REBINDING answered).</summary>
        public int Renewals;
        /// <summary>Leases that ran out: the address was dropped.</summary>
        public int Expirations;
        /// <summary>Times the client started over from INIT (NAK, no answer to REQUEST, decline, expiry).</summary>
        public int Restarts;
        /// <summary>ARP conflicts on a leased address (while probing: a DECLINE; in use: defended, or given up).</summary>
        public int AddressConflicts;
        /// <summary>Link-local addresses taken into use.</summary>
        public int LinkLocalAddresses;
        /// <summary>Link-local candidates abandoned for a conflict (probing or in use).</summary>
        public int LinkLocalConflicts;
        /// <summary>Times the static fallback was applied.</summary>
        public int StaticFallbacks;

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "dhcp: discover " + DiscoversOut.ToString() + " request " + RequestsOut.ToString() + " decline " + DeclinesOut.ToString()
                + " release " + ReleasesOut.ToString() + " offer " + OffersIn.ToString() + " ack " + AcksIn.ToString() + " nak " + NaksIn.ToString()
                + " malformed " + Malformed.ToString() + " foreign " + Foreign.ToString() + " unexpected " + Unexpected.ToString()
                + " too-long " + TooLong.ToString() + " refused " + ConfigRefused.ToString() + " leases " + Leases.ToString()
                + " renewals " + Renewals.ToString() + " expired " + Expirations.ToString() + " restarts " + Restarts.ToString()
                + " conflicts " + AddressConflicts.ToString() + " link-local " + LinkLocalAddresses.ToString()
                + " ll-conflicts " + LinkLocalConflicts.ToString() + " static-fallback " + StaticFallbacks.ToString();
        }
    }
}
