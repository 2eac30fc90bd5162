namespace Firmware.Net.Diagnostics
{
    /// <summary>UDP counters (MIB-II's udp group, roughly).</summary>
    public class UdpCounters
    {
        /// <summary>Datagrams queued to a socket.</summary>
        public int DatagramsIn;

        /// <summary>Datagrams sent.</summary>
        public int DatagramsOut;

        /// <summary>Dropped: no socket bound to the port (a port unreachable may follow).</summary>
        public int NoPort;

        /// <summary>Dropped: checksum.</summary>
        public int BadChecksum;

        /// <summary>Dropped: header or length field malformed.</summary>
        public int Malformed;

        /// <summary>Dropped: the socket's receive ring had no room (never truncated).</summary>
        public int BufferFull;

        /// <summary>Dropped: larger than a socket's whole receive ring (<see cref="ReceiveRingBytes"/>), so it could never be queued.</summary>
        public int TooLargeForRing;

        /// <summary>The limit behind <see cref="TooLargeForRing"/>: StackConfig.UdpReceiveBufferBytes, set by the stack.</summary>
        public int ReceiveRingBytes;

        /// <summary>Dropped on read: the caller's buffer was smaller than the datagram.</summary>
        public int ReadTooSmall;

        /// <summary>Send refused (too long, unbound, or IPv4/ARP/MAC refused).</summary>
        public int SendFailures;

        /// <summary>OpenUdp found the table full.</summary>
        public int TableFull;

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
