namespace Firmware.Services.Dns
{
    /// <summary>Every tunable of the mDNS/DNS-SD responder with its unit and default.</summary>
    public class MdnsConfig
    {
        /// <summary>The host's label: it answers as "&lt;HostLabel&gt;.local" (renamed "-2", "-3"... on a conflict). Default "device".</summary>
        public string HostLabel = "device";

        /// <summary>Advertise the web server as _http._tcp (RFC 6763) on this port; 0: no service. Default 80.</summary>
        public int HttpPort = 80;

        /// <summary>The service's TXT record, strings separated by '\n' (RFC 6763 §6: "path=/"). Default "path=/".</summary>
        public string HttpText = "path=/";

        /// <summary>TTL of the host's A and PTR and the service's SRV, seconds (RFC 6762 §10: 120 for records with host names). Default 120.</summary>
        public int HostTtlSeconds = 120;

        /// <summary>TTL of the other records, seconds (RFC 6762 §10: 75 minutes). Default 4500.</summary>
        public int OtherTtlSeconds = 4500;

        /// <summary>Bytes of the receive and the send buffer each (mDNS messages may reach 9000; ours stay far below). Default 512.</summary>
        public int MessageBytes = 512;

        /// <summary>Datagrams handled per poll. Default 8.</summary>
        public int DatagramsPerPoll = 8;

        /// <summary>Names tried before giving up ("device", "device-2", ... "device-N"). Default 9.</summary>
        public int MaxRenames = 9;
    }
}
