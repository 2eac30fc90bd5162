namespace Firmware.Net.Diagnostics
{
    /// <summary>ARP counters.</summary>
    public class ArpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[15];

        /// <summary>Requests received.</summary>
        public int RequestsIn { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Replies received.</summary>
        public int RepliesIn { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Requests sent (including gratuitous and refreshes).</summary>
        public int RequestsOut { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Replies sent.</summary>
        public int RepliesOut { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Gratuitous announcements sent.</summary>
        public int GratuitousOut { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Malformed packets dropped.</summary>
        public int Malformed { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Another station claimed our IPv4 address (RFC 5227 §2.4).</summary>
        public int Conflicts { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>RFC 5227 probes sent (sender 0.0.0.0), for an address about to be used.</summary>
        public int ProbesOut { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Conflicts for an address being probed: another station uses it or probes for it (RFC 5227 §2.1.1).</summary>
        public int ProbeConflicts { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>No entry could be taken: every entry was an unresolved one.</summary>
        public int CacheFull { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Resolved entries that aged out.</summary>
        public int Expired { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Addresses given up on after the last request.</summary>
        public int ResolutionFailures { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>Frames parked while resolving.</summary>
        public int Parked { get { return _values[12]; } set { _values[12] = value; } }

        /// <summary>Parked frames sent when the reply came.</summary>
        public int ParkedSent { get { return _values[13]; } set { _values[13] = value; } }

        /// <summary>Frames dropped: bigger than the parking buffer, replaced by a newer one, or resolution failed.</summary>
        public int ParkedDropped { get { return _values[14]; } set { _values[14] = value; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "arp: req in " + RequestsIn.ToString() + " out " + RequestsOut.ToString()
                + " reply in " + RepliesIn.ToString() + " out " + RepliesOut.ToString()
                + " gratuitous out " + GratuitousOut.ToString() + " malformed " + Malformed.ToString()
                + " conflicts " + Conflicts.ToString() + " probes " + ProbesOut.ToString() + " probe-conflicts " + ProbeConflicts.ToString()
                + " cache-full " + CacheFull.ToString()
                + " expired " + Expired.ToString() + " failed " + ResolutionFailures.ToString()
                + " parked " + Parked.ToString() + " sent " + ParkedSent.ToString() + " dropped " + ParkedDropped.ToString();
        }
    }
}
