namespace Firmware.Net.Diagnostics
{
    /// <summary>ICMP counters by type (MIB-II's icmp group, roughly).</summary>
    public class IcmpCounters
    {
        /// <summary>Echo requests received.</summary>
        public int EchoRequestsIn;

        /// <summary>Echo replies received.</summary>
        public int EchoRepliesIn;

        /// <summary>Destination unreachable received.</summary>
        public int DestinationUnreachableIn;

        /// <summary>Time exceeded received.</summary>
        public int TimeExceededIn;

        /// <summary>Other types received.</summary>
        public int OtherIn;

        /// <summary>Dropped: shorter than 8 bytes or bad checksum.</summary>
        public int Malformed;

        /// <summary>Echo requests to a broadcast address, not answered (RFC 1122 §3.2.2.6 allows this).</summary>
        public int BroadcastEchoIgnored;

        /// <summary>Echo replies sent.</summary>
        public int EchoRepliesOut;

        /// <summary>Echo requests sent.</summary>
        public int EchoRequestsOut;

        /// <summary>Destination unreachable sent.</summary>
        public int DestinationUnreachableOut;

        /// <summary>Time exceeded sent.</summary>
        public int TimeExceededOut;

        /// <summary>Errors not sent because of the rate limit.</summary>
        public int ErrorsRateLimited;

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "icmp: in echo-req " + EchoRequestsIn.ToString() + " echo-reply " + EchoRepliesIn.ToString()
                + " unreach " + DestinationUnreachableIn.ToString() + " time-exc " + TimeExceededIn.ToString()
                + " other " + OtherIn.ToString() + " malformed " + Malformed.ToString() + " bcast-echo-ignored " + BroadcastEchoIgnored.ToString()
                + " | out echo-reply " + EchoRepliesOut.ToString() + " echo-req " + EchoRequestsOut.ToString()
                + " unreach " + DestinationUnreachableOut.ToString() + " time-exc " + TimeExceededOut.ToString()
                + " rate-limited " + ErrorsRateLimited.ToString();
        }
    }
}
