namespace Firmware.Services.Dns
{
    /// <summary>Every tunable of the authoritative DNS server with its unit and default; the server allocates from these once.</summary>
    public class DnsServerConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[16];

        /// <summary>The defaults (each member says its own).</summary>
        public DnsServerConfig()
        {
            Port = 53;
            MessageBytes = 512;
            TcpEnabled = true;
            TcpSlots = 2;
            TcpIdleTimeoutMs = 10000;
            AmplificationFactor = 4;
            RateLimitSources = 8;
            RateLimitPerSecond = 20;
            RateLimitBurst = 40;
            DatagramsPerPoll = 8;
            ZoneRecords = 8;
            ZoneBytes = 384;
            CaptiveTtlSeconds = 10;
            HostTtlSeconds = 300;
            NegativeTtlSeconds = 60;
        }

        /// <summary>The port, for UDP and TCP alike. Default 53.</summary>
        public int Port { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>
        /// Bytes of the query buffer and of the response buffer: the largest query taken (longer ones are dropped and
        /// counted) and the largest answer sent. Also the UDP payload size we announce in EDNS0's OPT (RFC 6891 §6.2.5).
        /// Default 512 (RFC 1035 §4.2.1's limit without EDNS0; our zones' answers are far smaller).
        /// </summary>
        public int MessageBytes { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Answer over TCP too, with RFC 7766's two-byte length prefix (needs a TCP layer). Default true.</summary>
        public bool TcpEnabled { get { return _values[2] != 0; } set { _values[2] = value ? 1 : 0; } }

        /// <summary>TCP clients served at once (each holds a query buffer of <see cref="MessageBytes"/> + 2). Default 2.</summary>
        public int TcpSlots { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>A TCP client that sends nothing for this long is closed (RFC 7766 §6.2.3 asks for seconds, not minutes). Default 10000.</summary>
        public int TcpIdleTimeoutMs { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>
        /// An answer over UDP is at most this many times its query's size (against reflection and amplification); one that
        /// would be larger goes out truncated (TC, the question only), which costs no more than the query. Default 4.
        /// </summary>
        public int AmplificationFactor { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Sources the rate limiter tracks at once (the least recently seen is forgotten first). Default 8.</summary>
        public int RateLimitSources { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Queries per second one source may send, sustained; 0 turns the limit off. Default 20.</summary>
        public int RateLimitPerSecond { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Queries one source may send at once before the sustained rate applies (the bucket's size). Default 40.</summary>
        public int RateLimitBurst { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Datagrams handled per poll (bounds one poll's work). Default 8.</summary>
        public int DatagramsPerPoll { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Zone records at most (A, TXT, CNAME; the host's A and PTR take none). Default 8.</summary>
        public int ZoneRecords { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Bytes for the zone's names and record data (wire form). Default 384.</summary>
        public int ZoneBytes { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>
        /// Captive-portal mode: every A query, for any name, gets the device's address with <see cref="CaptiveTtlSeconds"/>
        /// (so a phone that joins the device's network opens its setup page). Default false.
        /// </summary>
        public bool CaptivePortal { get { return _values[12] != 0; } set { _values[12] = value ? 1 : 0; } }

        /// <summary>TTL of captive-portal answers, seconds: short, so clients ask again once they leave the portal. Default 10.</summary>
        public int CaptiveTtlSeconds { get { return _values[13]; } set { _values[13] = value; } }

        /// <summary>TTL of the host's A and PTR records, seconds (the address may change with a DHCP lease). Default 300.</summary>
        public int HostTtlSeconds { get { return _values[14]; } set { _values[14] = value; } }

        /// <summary>TTL of negative answers: the SOA's MINIMUM and its own TTL (RFC 2308 §5). Default 60.</summary>
        public int NegativeTtlSeconds { get { return _values[15]; } set { _values[15] = value; } }

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
