namespace Firmware.Services.Dns
{
    /// <summary>What the mDNS responder heard, sent and dropped.</summary>
    public class MdnsCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[11];

        /// <summary>Queries received (multicast and legacy unicast).</summary>
        public int QueriesIn { get { return _values[0]; } set { _values[0] = value; } }
        /// <summary>Responses sent to 224.0.0.251 (announcements and answers).</summary>
        public int MulticastResponses { get { return _values[1]; } set { _values[1] = value; } }
        /// <summary>Responses sent by unicast (the QU bit, RFC 6762 §5.4).</summary>
        public int UnicastResponses { get { return _values[2]; } set { _values[2] = value; } }
        /// <summary>Answers to legacy unicast queries (source port not 5353, RFC 6762 §6.7).</summary>
        public int LegacyResponses { get { return _values[3]; } set { _values[3] = value; } }
        /// <summary>Records left out because the query already knew them (RFC 6762 §7.1).</summary>
        public int KnownAnswersSuppressed { get { return _values[4]; } set { _values[4] = value; } }
        /// <summary>Probes sent (RFC 6762 §8.1).</summary>
        public int Probes { get { return _values[5]; } set { _values[5] = value; } }
        /// <summary>Announcements sent (RFC 6762 §8.3).</summary>
        public int Announcements { get { return _values[6]; } set { _values[6] = value; } }
        /// <summary>Conflicts: another host answered for our name (RFC 6762 §8.1, §9); the name was changed.</summary>
        public int Conflicts { get { return _values[7]; } set { _values[7] = value; } }
        /// <summary>Dropped: malformed messages.</summary>
        public int Malformed { get { return _values[8]; } set { _values[8] = value; } }
        /// <summary>Goodbye messages sent (TTL 0, RFC 6762 §10.1).</summary>
        public int Goodbyes { get { return _values[9]; } set { _values[9] = value; } }
        /// <summary>Sends the stack did not take at once (a unicast answer waiting for ARP goes when it answers).</summary>
        public int SendFailures { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "mdns: queries " + QueriesIn.ToString() + " multicast " + MulticastResponses.ToString() + " unicast " + UnicastResponses.ToString()
                + " legacy " + LegacyResponses.ToString() + " known-answers " + KnownAnswersSuppressed.ToString() + " probes " + Probes.ToString()
                + " announcements " + Announcements.ToString() + " conflicts " + Conflicts.ToString() + " malformed " + Malformed.ToString()
                + " goodbyes " + Goodbyes.ToString() + " send-failures " + SendFailures.ToString();
        }
    }
}
