namespace Firmware.Services.Dns
{
    /// <summary>Resource record TYPE and CLASS values (RFC 1035 §3.2.2–3.2.4, RFC 3596, RFC 2782, RFC 6891).</summary>
    public static class DnsType
    {
        /// <summary>A: an IPv4 address.</summary>
        public const int A = 1;

        /// <summary>NS: an authoritative name server.</summary>
        public const int NS = 2;

        /// <summary>CNAME: the canonical name of an alias.</summary>
        public const int CNAME = 5;

        /// <summary>SOA: start of a zone of authority (its MINIMUM bounds negative caching, RFC 2308 §5).</summary>
        public const int SOA = 6;

        /// <summary>PTR: a domain name pointer (reverse lookups).</summary>
        public const int PTR = 12;

        /// <summary>MX: mail exchange.</summary>
        public const int MX = 15;

        /// <summary>TXT: text strings.</summary>
        public const int TXT = 16;

        /// <summary>AAAA: an IPv6 address (RFC 3596).</summary>
        public const int AAAA = 28;

        /// <summary>SRV: a service location (RFC 2782).</summary>
        public const int SRV = 33;

        /// <summary>OPT: the EDNS0 pseudo-record (RFC 6891).</summary>
        public const int OPT = 41;

        /// <summary>ANY (a QTYPE): every type.</summary>
        public const int ANY = 255;

        /// <summary>CLASS IN: the Internet.</summary>
        public const int ClassIn = 1;

        /// <summary>CLASS ANY (a QCLASS).</summary>
        public const int ClassAny = 255;
    }
}
