namespace Firmware.Net.Diagnostics
{
    /// <summary>ARP counters.</summary>
    public class ArpCounters
    {
        /// <summary>Requests received.</summary>
        public int RequestsIn;

        /// <summary>Replies received.</summary>
        public int RepliesIn;

        /// <summary>Requests sent (including gratuitous and refreshes).</summary>
        public int RequestsOut;

        /// <summary>Replies sent.</summary>
        public int RepliesOut;

        /// <summary>Gratuitous announcements sent.</summary>
        public int GratuitousOut;

        /// <summary>Malformed packets dropped.</summary>
        public int Malformed;

        /// <summary>Another station claimed our IPv4 address (RFC 5227 §2.4).</summary>
        public int Conflicts;

        /// <summary>RFC 5227 probes sent (sender 0.0.0.0), for an address about to be used.</summary>
        public int ProbesOut;

        /// <summary>Conflicts for an address being probed: another station uses it or probes for it (RFC 5227 §2.1.1).</summary>
        public int ProbeConflicts;

        /// <summary>No entry could be taken: every entry was an unresolved one.</summary>
        public int CacheFull;

        /// <summary>Resolved entries that aged out.</summary>
        public int Expired;

        /// <summary>Addresses given up on after the last request.</summary>
        public int ResolutionFailures;

        /// <summary>Frames parked while resolving.</summary>
        public int Parked;

        /// <summary>Parked frames sent when the reply came.</summary>
        public int ParkedSent;

        /// <summary>Frames dropped: bigger than the parking buffer, replaced by a newer one, or resolution failed.</summary>
        public int ParkedDropped;

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
