namespace Firmware.Services.Dns
{
    /// <summary>What the resolver asked, got, refused and dropped (RFC 5452: every answer that does not match is counted).</summary>
    public class DnsResolverCounters
    {
        /// <summary>Resolve calls that started a lookup (cache hits included).</summary>
        public int Lookups;
        /// <summary>Answered from the cache (positive).</summary>
        public int CacheHits;
        /// <summary>Answered from the cache (negative, RFC 2308).</summary>
        public int NegativeHits;
        /// <summary>Queries sent (first attempts, retries, CNAME follow-ups).</summary>
        public int QueriesOut;
        /// <summary>Responses accepted (matching source, ID and question).</summary>
        public int ResponsesIn;
        /// <summary>Lookups resolved to an address.</summary>
        public int Resolved;
        /// <summary>Lookups ending NXDOMAIN or NODATA.</summary>
        public int NotFound;
        /// <summary>Lookups that failed (timeouts, server failures, no server, CNAME chain too long).</summary>
        public int Failed;
        /// <summary>Attempts that timed out.</summary>
        public int Timeouts;
        /// <summary>SERVFAIL, REFUSED, NOTIMP, FORMERR or a truncated answer: the next server is asked.</summary>
        public int ServerFailures;
        /// <summary>Dropped: the answer's ID is not the query's (RFC 5452 §9.1).</summary>
        public int MismatchedId;
        /// <summary>Dropped: the answer's question is not the query's (RFC 5452 §9.1).</summary>
        public int MismatchedQuestion;
        /// <summary>Dropped: the answer came from another address or port than the server asked (RFC 5452 §9.1).</summary>
        public int MismatchedSource;
        /// <summary>Dropped: not a well-formed DNS response (too short, not a response, bad names or lengths).</summary>
        public int Malformed;
        /// <summary>CNAMEs followed.</summary>
        public int CnamesFollowed;
        /// <summary>Lookups refused at the start: a malformed or too long name, or no query slot free.</summary>
        public int Refused;
        /// <summary>Lookups that could not get a UDP socket (StackConfig.UdpSockets).</summary>
        public int NoSocket;

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
