namespace Firmware.Services.Dns
{
    /// <summary>Every tunable of the mDNS/DNS-SD responder with its unit and default.</summary>
    public class MdnsConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[6];

        /// <summary>The defaults (each member says its own).</summary>
        public MdnsConfig()
        {
            HttpPort = 80;
            HostTtlSeconds = 120;
            OtherTtlSeconds = 4500;
            MessageBytes = 512;
            DatagramsPerPoll = 8;
            MaxRenames = 9;
        }

        /// <summary>The host's label: it answers as "&lt;HostLabel&gt;.local" (renamed "-2", "-3"... on a conflict). Default "device".</summary>
        public string HostLabel = "device";

        /// <summary>Advertise the web server as _http._tcp (RFC 6763) on this port; 0: no service. Default 80.</summary>
        public int HttpPort { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>The service's TXT record, strings separated by '\n' (RFC 6763 §6: "path=/"). Default "path=/".</summary>
        public string HttpText = "path=/";

        /// <summary>TTL of the host's A and PTR and the service's SRV, seconds (RFC 6762 §10: 120 for records with host names). Default 120.</summary>
        public int HostTtlSeconds { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>TTL of the other records, seconds (RFC 6762 §10: 75 minutes). Default 4500.</summary>
        public int OtherTtlSeconds { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Bytes of the receive and the send buffer each (mDNS messages may reach 9000; ours stay far below). Default 512.</summary>
        public int MessageBytes { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Datagrams handled per poll. Default 8.</summary>
        public int DatagramsPerPoll { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Names tried before giving up ("device", "device-2", ... "device-N"). Default 9.</summary>
        public int MaxRenames { get { return _values[5]; } set { _values[5] = value; } }
    }
}
