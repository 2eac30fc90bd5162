namespace Firmware.Services.Dns
{
    /// <summary>Every resolver tunable with its unit and default; the resolver allocates from these once.</summary>
    public class DnsResolverConfig
    {
        /// <summary>Cache entries (positive and negative answers). Default 8.</summary>
        public int CacheEntries = 8;

        /// <summary>Queries in progress at once (each holds a UDP socket while it asks). Default 2.</summary>
        public int MaxQueries = 2;

        /// <summary>
        /// Longest name a query or the cache holds, in wire-form bytes (RFC 1035 allows 255; typical host names take
        /// well under 64). Longer names are refused and counted. Default 128.
        /// </summary>
        public int MaxNameBytes = 128;

        /// <summary>
        /// Longest name the cache keeps, in wire-form bytes; answers for longer names are not cached. Default 64 (host names
        /// of up to 62 characters).
        /// </summary>
        public int CacheNameBytes = 64;

        /// <summary>Bytes of the message buffer: the largest answer taken (RFC 1035 §4.2.1: 512 over UDP without EDNS0). Default 512.</summary>
        public int MessageBytes = 512;

        /// <summary>The first attempt's timeout, ms; each round over the servers doubles it. Default 2000.</summary>
        public int TimeoutMs = 2000;

        /// <summary>Queries sent in all (across the servers, in turn) before giving up. Default 4.</summary>
        public int Attempts = 4;

        /// <summary>CNAMEs followed for one name before giving up (a chain or a loop). Default 8.</summary>
        public int MaxCnameHops = 8;

        /// <summary>Cached answers are kept at most this long, s (a server's TTL above it is cut). Default 86400.</summary>
        public int MaxTtlSeconds = 86400;

        /// <summary>Negative answers are kept at most this long, s (RFC 2308 §5 suggests one to three hours at most). Default 3600.</summary>
        public int MaxNegativeTtlSeconds = 3600;

        /// <summary>Checks the values; throws on a bad one (configuration is API misuse).</summary>
        public void Validate()
        {
            if (CacheEntries < 0 || CacheNameBytes < 2 || CacheNameBytes > DnsName.MaxNameBytes || MaxQueries < 1 || MaxQueries > 15 || MaxNameBytes < 2 || MaxNameBytes > DnsName.MaxNameBytes
                || MessageBytes < 512 || MessageBytes > 1472 || TimeoutMs < 1 || Attempts < 1 || MaxCnameHops < 0
                || MaxTtlSeconds < 0 || MaxNegativeTtlSeconds < 0)
            {
                throw new System.ArgumentException("DnsResolverConfig");
            }
        }
    }
}
