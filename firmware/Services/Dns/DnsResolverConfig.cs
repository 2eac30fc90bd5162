namespace Firmware.Services.Dns
{
    /// <summary>Every resolver tunable with its unit and default; the resolver allocates from these once.</summary>
    public class DnsResolverConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[10];

        /// <summary>The defaults (each member says its own).</summary>
        public DnsResolverConfig()
        {
            CacheEntries = 8;
            MaxQueries = 2;
            MaxNameBytes = 128;
            CacheNameBytes = 64;
            MessageBytes = 512;
            TimeoutMs = 2000;
            Attempts = 4;
            MaxCnameHops = 8;
            MaxTtlSeconds = 86400;
            MaxNegativeTtlSeconds = 3600;
        }

        /// <summary>Cache entries (positive and negative answers). Default 8.</summary>
        public int CacheEntries { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Queries in progress at once (each holds a UDP socket while it asks). Default 2.</summary>
        public int MaxQueries { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>
        /// Longest name a query or the cache holds, in wire-form bytes (RFC 1035 allows 255; typical host names take
        /// well under 64). Longer names are refused and counted. Default 128.
        /// </summary>
        public int MaxNameBytes { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>
        /// Longest name the cache keeps, in wire-form bytes; answers for longer names are not cached. Default 64 (host names
        /// of up to 62 characters).
        /// </summary>
        public int CacheNameBytes { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Bytes of the message buffer: the largest answer taken (RFC 1035 §4.2.1: 512 over UDP without EDNS0). Default 512.</summary>
        public int MessageBytes { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>The first attempt's timeout, ms; each round over the servers doubles it. Default 2000.</summary>
        public int TimeoutMs { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Queries sent in all (across the servers, in turn) before giving up. Default 4.</summary>
        public int Attempts { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>CNAMEs followed for one name before giving up (a chain or a loop). Default 8.</summary>
        public int MaxCnameHops { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Cached answers are kept at most this long, s (a server's TTL above it is cut). Default 86400.</summary>
        public int MaxTtlSeconds { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Negative answers are kept at most this long, s (RFC 2308 §5 suggests one to three hours at most). Default 3600.</summary>
        public int MaxNegativeTtlSeconds { get { return _values[9]; } set { _values[9] = value; } }

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
