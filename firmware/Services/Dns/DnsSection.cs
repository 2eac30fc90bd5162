namespace Firmware.Services.Dns
{
    /// <summary>The four sections of a DNS message, in their order (RFC 1035 §4.1).</summary>
    public enum DnsSection
    {
        /// <summary>The question section.</summary>
        Question = 0,
        /// <summary>The answer section.</summary>
        Answer = 1,
        /// <summary>The authority section.</summary>
        Authority = 2,
        /// <summary>The additional section (where EDNS0's OPT record sits).</summary>
        Additional = 3
    }
}
