namespace Firmware.Net.Diagnostics
{
    /// <summary>ICMP counters by type (MIB-II's icmp group, roughly).</summary>
    public class IcmpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[12];

        /// <summary>Echo requests received.</summary>
        public int EchoRequestsIn { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Echo replies received.</summary>
        public int EchoRepliesIn { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Destination unreachable received.</summary>
        public int DestinationUnreachableIn { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Time exceeded received.</summary>
        public int TimeExceededIn { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Other types received.</summary>
        public int OtherIn { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Dropped: shorter than 8 bytes or bad checksum.</summary>
        public int Malformed { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Echo requests to a broadcast address, not answered (RFC 1122 §3.2.2.6 allows this).</summary>
        public int BroadcastEchoIgnored { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Echo replies sent.</summary>
        public int EchoRepliesOut { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Echo requests sent.</summary>
        public int EchoRequestsOut { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Destination unreachable sent.</summary>
        public int DestinationUnreachableOut { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Time exceeded sent.</summary>
        public int TimeExceededOut { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Errors not sent because of the rate limit.</summary>
        public int ErrorsRateLimited { get { return _values[11]; } set { _values[11] = value; } }

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
