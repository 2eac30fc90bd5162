namespace Firmware.Services.Dns
{
    /// <summary>What the resolver asked, got, refused and dropped (RFC 5452: every answer that does not match is counted).</summary>
    public class DnsResolverCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[17];

        /// <summary>Resolve calls that started a lookup (cache hits included).</summary>
        public int Lookups { get { return _values[0]; } set { _values[0] = value; } }
        /// <summary>Answered from the cache (positive).</summary>
        public int CacheHits { get { return _values[1]; } set { _values[1] = value; } }
        /// <summary>Answered from the cache (negative, RFC 2308).</summary>
        public int NegativeHits { get { return _values[2]; } set { _values[2] = value; } }
        /// <summary>Queries sent (first attempts, retries, CNAME follow-ups).</summary>
        public int QueriesOut { get { return _values[3]; } set { _values[3] = value; } }
        /// <summary>Responses accepted (matching source, ID and question).</summary>
        public int ResponsesIn { get { return _values[4]; } set { _values[4] = value; } }
        /// <summary>Lookups resolved to an address.</summary>
        public int Resolved { get { return _values[5]; } set { _values[5] = value; } }
        /// <summary>Lookups ending NXDOMAIN or NODATA.</summary>
        public int NotFound { get { return _values[6]; } set { _values[6] = value; } }
        /// <summary>Lookups that failed (timeouts, server failures, no server, CNAME chain too long).</summary>
        public int Failed { get { return _values[7]; } set { _values[7] = value; } }
        /// <summary>Attempts that timed out.</summary>
        public int Timeouts { get { return _values[8]; } set { _values[8] = value; } }
        /// <summary>SERVFAIL, REFUSED, NOTIMP, FORMERR or a truncated answer: the next server is asked.</summary>
        public int ServerFailures { get { return _values[9]; } set { _values[9] = value; } }
        /// <summary>Dropped: the answer's ID is not the query's (RFC 5452 §9.1).</summary>
        public int MismatchedId { get { return _values[10]; } set { _values[10] = value; } }
        /// <summary>Dropped: the answer's question is not the query's (RFC 5452 §9.1).</summary>
        public int MismatchedQuestion { get { return _values[11]; } set { _values[11] = value; } }
        /// <summary>Dropped: the answer came from another address or port than the server asked (RFC 5452 §9.1).</summary>
        public int MismatchedSource { get { return _values[12]; } set { _values[12] = value; } }
        /// <summary>Dropped: not a well-formed DNS response (too short, not a response, bad names or lengths).</summary>
        public int Malformed { get { return _values[13]; } set { _values[13] = value; } }
        /// <summary>CNAMEs followed.</summary>
        public int CnamesFollowed { get { return _values[14]; } set { _values[14] = value; } }
        /// <summary>Lookups refused at the start: a malformed or too long name, or no query slot free.</summary>
        public int Refused { get { return _values[15]; } set { _values[15] = value; } }
        /// <summary>Lookups that could not get a UDP socket (StackConfig.UdpSockets).</summary>
        public int NoSocket { get { return _values[16]; } set { _values[16] = value; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "dns: lookups " + Lookups.ToString() + " cache-hits " + CacheHits.ToString() + " negative-hits " + NegativeHits.ToString()
                + " queries " + QueriesOut.ToString() + " responses " + ResponsesIn.ToString() + " resolved " + Resolved.ToString()
                + " not-found " + NotFound.ToString() + " failed " + Failed.ToString() + " timeouts " + Timeouts.ToString()
                + " server-failures " + ServerFailures.ToString() + " bad-id " + MismatchedId.ToString() + " bad-question "
                + MismatchedQuestion.ToString() + " bad-source " + MismatchedSource.ToString() + " malformed " + Malformed.ToString()
                + " cnames " + CnamesFollowed.ToString() + " refused " + Refused.ToString() + " no-socket " + NoSocket.ToString();
        }
    }
}
