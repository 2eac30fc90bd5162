namespace Firmware.Services.Dns
{
    /// <summary>Every tunable of the authoritative DNS server with its unit and default; the server allocates from these once.</summary>
    public class DnsServerConfig
    {
        /// <summary>The port, for UDP and TCP alike. Default 53.</summary>
        public int Port = 53;

        /// <summary>
        /// Bytes of the query buffer and of the response buffer: the largest query taken (longer ones are dropped and
        /// counted) and the largest answer sent. Also the UDP payload size we announce in EDNS0's OPT (RFC 6891 §6.2.5).
        /// Default 512 (RFC 1035 §4.2.1's limit without EDNS0; our zones' answers are far smaller).
        /// </summary>
        public int MessageBytes = 512;

        /// <summary>Answer over TCP too, with RFC 7766's two-byte length prefix (needs a TCP layer). Default true.</summary>
        public bool TcpEnabled = true;

        /// <summary>TCP clients served at once (each holds a query buffer of <see cref="MessageBytes"/> + 2). Default 2.</summary>
        public int TcpSlots = 2;

        /// <summary>A TCP client that sends nothing for this long is closed (RFC 7766 §6.2.3 asks for seconds, not minutes). Default 10000.</summary>
        public int TcpIdleTimeoutMs = 10000;

        /// <summary>
        /// An answer over UDP is at most this many times its query's size (against reflection and amplification); one that
        /// would be larger goes out truncated (TC, the question only), which costs no more than the query. Default 4.
        /// </summary>
        public int AmplificationFactor = 4;

        /// <summary>Sources the rate limiter tracks at once (the least recently seen is forgotten first). Default 8.</summary>
        public int RateLimitSources = 8;

        /// <summary>Queries per second one source may send, sustained; 0 turns the limit off. Default 20.</summary>
        public int RateLimitPerSecond = 20;

        /// <summary>Queries one source may send at once before the sustained rate applies (the bucket's size). Default 40.</summary>
        public int RateLimitBurst = 40;

        /// <summary>Datagrams handled per poll (bounds one poll's work). Default 8.</summary>
        public int DatagramsPerPoll = 8;

        /// <summary>Zone records at most (A, TXT, CNAME; the host's A and PTR take none). Default 8.</summary>
        public int ZoneRecords = 8;

        /// <summary>Bytes for the zone's names and record data (wire form). Default 384.</summary>
        public int ZoneBytes = 384;

        /// <summary>
        /// Captive-portal mode: every A query, for any name, gets the device's address with <see cref="CaptiveTtlSeconds"/>
        /// (so a phone that joins the device's network opens its setup page). Default false.
        /// </summary>
        public bool CaptivePortal;

        /// <summary>TTL of captive-portal answers, seconds: short, so clients ask again once they leave the portal. Default 10.</summary>
        public int CaptiveTtlSeconds = 10;

        /// <summary>TTL of the host's A and PTR records, seconds (the address may change with a DHCP lease). Default 300.</summary>
        public int HostTtlSeconds = 300;

        /// <summary>TTL of negative answers: the SOA's MINIMUM and its own TTL (RFC 2308 §5). Default 60.</summary>
        public int NegativeTtlSeconds = 60;

        /// <summary>Throws on values the server cannot work with (a configuration error).</summary>
        public void Validate()
        {
            if (Port <= 0 || Port > 65535 || MessageBytes < 512 || MessageBytes > 65535 || TcpSlots < 0 || TcpIdleTimeoutMs <= 0
                || AmplificationFactor < 1 || RateLimitSources < 1 || RateLimitPerSecond < 0 || RateLimitBurst < 0
                || DatagramsPerPoll < 1 || ZoneRecords < 0 || ZoneBytes < 64 || CaptiveTtlSeconds < 0 || HostTtlSeconds < 0
                || NegativeTtlSeconds < 0)
            {
                throw new System.ArgumentException("DnsServerConfig");
            }
        }
    }
}
