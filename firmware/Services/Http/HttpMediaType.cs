namespace Firmware.Services.Http
{
    /// <summary>Common Content-Type values, pre-encoded (set with <see cref="HttpResponse.SetContentType(byte[])"/>).</summary>
    public static class HttpMediaType
    {
        /// <summary>application/json (RFC 8259: UTF-8, no charset parameter).</summary>
        public static readonly byte[] Json = HttpAscii.Encode("application/json");
        /// <summary>text/plain; charset=utf-8.</summary>
        public static readonly byte[] Text = HttpAscii.Encode("text/plain; charset=utf-8");
        /// <summary>text/html; charset=utf-8.</summary>
        public static readonly byte[] Html = HttpAscii.Encode("text/html; charset=utf-8");
        /// <summary>text/css.</summary>
        public static readonly byte[] Css = HttpAscii.Encode("text/css");
        /// <summary>text/javascript (RFC 9239).</summary>
        public static readonly byte[] JavaScript = HttpAscii.Encode("text/javascript");
        /// <summary>text/event-stream (Server-Sent Events).</summary>
        public static readonly byte[] EventStream = HttpAscii.Encode("text/event-stream");
        /// <summary>application/octet-stream.</summary>
        public static readonly byte[] OctetStream = HttpAscii.Encode("application/octet-stream");
        /// <summary>application/vnd.tcpdump.pcap (a pcap capture file).</summary>
        public static readonly byte[] Pcap = HttpAscii.Encode("application/vnd.tcpdump.pcap");
    }
}
