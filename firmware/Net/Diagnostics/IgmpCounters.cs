namespace Firmware.Net.Diagnostics
{
    /// <summary>IGMP and multicast membership (in the spirit of RFC 2933's IGMP MIB): joins, leaves, queries, reports.</summary>
    public class IgmpCounters
    {
        /// <summary>Groups joined (first user of a group).</summary>
        public int Joins;

        /// <summary>Groups left (last user gone).</summary>
        public int Leaves;

        /// <summary>Joins refused: the table was full (StackConfig.MulticastGroups) or not a group address.</summary>
        public int TableFull;

        /// <summary>Membership queries received (general and group-specific).</summary>
        public int QueriesIn;

        /// <summary>Other hosts' membership reports received (a pending report of ours is then suppressed).</summary>
        public int ReportsIn;

        /// <summary>Our reports suppressed because another host reported first (RFC 2236 §3).</summary>
        public int ReportsSuppressed;

        /// <summary>Membership reports sent (IGMPv2, type 0x16).</summary>
        public int ReportsOut;

        /// <summary>Leave Group messages sent (type 0x17, to 224.0.0.2).</summary>
        public int LeavesOut;

        /// <summary>Dropped: shorter than 8 bytes, a bad checksum, or a type we do not handle.</summary>
        public int Malformed;

        /// <summary>IPv4 multicast datagrams taken (to a joined group or all-systems).</summary>
        public int MulticastIn;

        /// <summary>Dropped: IPv4 to a group we have not joined (the MAC filter lets 32 groups share an address).</summary>
        public int NotJoined;

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "igmp: joins " + Joins.ToString() + " leaves " + Leaves.ToString() + " table-full " + TableFull.ToString()
                + " queries-in " + QueriesIn.ToString() + " reports-in " + ReportsIn.ToString() + " suppressed " + ReportsSuppressed.ToString()
                + " reports-out " + ReportsOut.ToString() + " leaves-out " + LeavesOut.ToString() + " malformed " + Malformed.ToString()
                + " multicast-in " + MulticastIn.ToString() + " not-joined " + NotJoined.ToString();
        }
    }
}
