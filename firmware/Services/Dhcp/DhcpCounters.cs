namespace Firmware.Services.Dhcp
{
    /// <summary>What the DHCP client (and its link-local fallback) sent, received, refused and lived through.</summary>
    public class DhcpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[21];

        /// <summary>DHCPDISCOVERs sent.</summary>
        public int DiscoversOut { get { return _values[0]; } set { _values[0] = value; } }
        /// <summary>DHCPREQUESTs sent (selecting, renewing, rebinding, rebooting).</summary>
        public int RequestsOut { get { return _values[1]; } set { _values[1] = value; } }
        /// <summary>DHCPDECLINEs sent (the address was in use).</summary>
        public int DeclinesOut { get { return _values[2]; } set { _values[2] = value; } }
        /// <summary>DHCPRELEASEs sent.</summary>
        public int ReleasesOut { get { return _values[3]; } set { _values[3] = value; } }
        /// <summary>DHCPOFFERs taken.</summary>
        public int OffersIn { get { return _values[4]; } set { _values[4] = value; } }
        /// <summary>DHCPACKs taken.</summary>
        public int AcksIn { get { return _values[5]; } set { _values[5] = value; } }
        /// <summary>DHCPNAKs taken.</summary>
        public int NaksIn { get { return _values[6]; } set { _values[6] = value; } }
        /// <summary>Dropped: not a well-formed BOOTREPLY (fixed part, cookie, message type, a required option missing).</summary>
        public int Malformed { get { return _values[7]; } set { _values[7] = value; } }
        /// <summary>Dropped: someone else's transaction (xid or chaddr not ours), or not from port 67.</summary>
        public int Foreign { get { return _values[8]; } set { _values[8] = value; } }
        /// <summary>Dropped: a message type the current state does not expect (a late OFFER, an ACK from another server).</summary>
        public int Unexpected { get { return _values[9]; } set { _values[9] = value; } }
        /// <summary>Dropped: longer than the client's buffer (DhcpConfig.MaxMessageBytes).</summary>
        public int TooLong { get { return _values[10]; } set { _values[10] = value; } }
        /// <summary>Leases refused: the address, mask or router is no host's configuration (NetInterface.CheckConfiguration), or no lease time.</summary>
        public int ConfigRefused { get { return _values[11]; } set { _values[11] = value; } }
        /// <summary>Leases obtained (a new address in use).</summary>
        public int Leases { get { return _values[12]; } set { _values[12] = value; } }
        /// <summary>Leases extended (RENEWING or REBINDING answered).</summary>
        public int Renewals { get { return _values[13]; } set { _values[13] = value; } }
        /// <summary>Leases that ran out: the address was dropped.</summary>
        public int Expirations { get { return _values[14]; } set { _values[14] = value; } }
        /// <summary>Times the client started over from INIT (NAK, no answer to REQUEST, decline, expiry).</summary>
        public int Restarts { get { return _values[15]; } set { _values[15] = value; } }
        /// <summary>ARP conflicts on a leased address (while probing: a DECLINE; in use: defended, or given up).</summary>
        public int AddressConflicts { get { return _values[16]; } set { _values[16] = value; } }
        /// <summary>Link-local addresses taken into use.</summary>
        public int LinkLocalAddresses { get { return _values[17]; } set { _values[17] = value; } }
        /// <summary>Link-local candidates abandoned for a conflict (probing or in use).</summary>
        public int LinkLocalConflicts { get { return _values[18]; } set { _values[18] = value; } }
        /// <summary>Times the static fallback was applied.</summary>
        public int StaticFallbacks { get { return _values[19]; } set { _values[19] = value; } }
        /// <summary>ACKs that moved the client to another address than the one in use (the old one dropped at once).</summary>
        public int Moves { get { return _values[20]; } set { _values[20] = value; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "dhcp: discover " + DiscoversOut.ToString() + " request " + RequestsOut.ToString() + " decline " + DeclinesOut.ToString()
                + " release " + ReleasesOut.ToString() + " offer " + OffersIn.ToString() + " ack " + AcksIn.ToString() + " nak " + NaksIn.ToString()
                + " malformed " + Malformed.ToString() + " foreign " + Foreign.ToString() + " unexpected " + Unexpected.ToString()
                + " too-long " + TooLong.ToString() + " refused " + ConfigRefused.ToString() + " leases " + Leases.ToString()
                + " renewals " + Renewals.ToString() + " expired " + Expirations.ToString() + " restarts " + Restarts.ToString()
                + " conflicts " + AddressConflicts.ToString() + " link-local " + LinkLocalAddresses.ToString()
                + " ll-conflicts " + LinkLocalConflicts.ToString() + " static-fallback " + StaticFallbacks.ToString() + " moved " + Moves.ToString();
        }
    }
}
