namespace Firmware.Net.Diagnostics
{
    /// <summary>IGMP and multicast membership (in the spirit of RFC 2933's IGMP MIB): joins, leaves, queries, reports.</summary>
    public class IgmpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[11];

        /// <summary>Groups joined (first user of a group).</summary>
        public int Joins { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Groups left (last user gone).</summary>
        public int Leaves { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Joins refused: the table was full (StackConfig.MulticastGroups) or not a group address.</summary>
        public int TableFull { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Membership queries received (general and group-specific).</summary>
        public int QueriesIn { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Other hosts' membership reports received (a pending report of ours is then suppressed).</summary>
        public int ReportsIn { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Our reports suppressed because another host reported first (RFC 2236 §3).</summary>
        public int ReportsSuppressed { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Membership reports sent (IGMPv2, type 0x16).</summary>
        public int ReportsOut { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Leave Group messages sent (type 0x17, to 224.0.0.2).</summary>
        public int LeavesOut { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Dropped: shorter than 8 bytes, a bad checksum, or a type we do not handle.</summary>
        public int Malformed { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>IPv4 multicast datagrams taken (to a joined group or all-systems).</summary>
        public int MulticastIn { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Dropped: IPv4 to a group we have not joined (the MAC filter lets 32 groups share an address).</summary>
        public int NotJoined { get { return _values[10]; } set { _values[10] = value; } }

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
