namespace Firmware.Net.Diagnostics
{
    /// <summary>UDP counters (MIB-II's udp group, roughly).</summary>
    public class UdpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[11];

        /// <summary>Datagrams queued to a socket.</summary>
        public int DatagramsIn { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Datagrams sent.</summary>
        public int DatagramsOut { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Dropped: no socket bound to the port (a port unreachable may follow).</summary>
        public int NoPort { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Dropped: checksum.</summary>
        public int BadChecksum { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Dropped: header or length field malformed.</summary>
        public int Malformed { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Dropped: the socket's receive ring had no room (never truncated).</summary>
        public int BufferFull { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Dropped: larger than a socket's whole receive ring (<see cref="ReceiveRingBytes"/>), so it could never be queued.</summary>
        public int TooLargeForRing { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>The limit behind <see cref="TooLargeForRing"/>: StackConfig.UdpReceiveBufferBytes, set by the stack.</summary>
        public int ReceiveRingBytes { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Dropped on read: the caller's buffer was smaller than the datagram.</summary>
        public int ReadTooSmall { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Send refused (too long, unbound, or IPv4/ARP/MAC refused).</summary>
        public int SendFailures { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>OpenUdp found the table full.</summary>
        public int TableFull { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "udp: in " + DatagramsIn.ToString() + " out " + DatagramsOut.ToString() + " no-port " + NoPort.ToString()
                + " bad-checksum " + BadChecksum.ToString() + " malformed " + Malformed.ToString() + " buffer-full " + BufferFull.ToString()
                + " too-large " + TooLargeForRing.ToString() + " (ring " + ReceiveRingBytes.ToString() + " B)"
                + " read-too-small " + ReadTooSmall.ToString() + " send-fail " + SendFailures.ToString() + " table-full " + TableFull.ToString();
        }
    }
}
