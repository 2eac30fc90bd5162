using Firmware.Net.Diagnostics;
using Firmware.Net.Network;
using Firmware.Net.Wire;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// UDP (RFC 768, RFC 1122 §4.1): the fixed socket table, demultiplexing by destination port, checksum
    /// verification (0 = none sent), port unreachable for closed ports (never for broadcasts), and output with
    /// the checksum always computed.
    /// </summary>
    public class UdpLayer : IIpv4Transport
    {
        private const int EphemeralFirst = 49152;
        private const int EphemeralCount = 16384;

        private readonly Ipv4Layer _ip;
        private readonly IRandomSource _random;
        private readonly UdpCounters _counters;
        private readonly UdpSocket[] _sockets;

        /// <summary>
        /// Where a socket composes or reads one datagram's record (length, source port, source address) on its way into
        /// or out of its ring: one for the table, as the core is single-threaded.
        /// </summary>
        internal readonly byte[] RecordBuffer = new byte[UdpSocket.RecordBytes];

        /// <summary>
        /// Allocates <see cref="StackConfig.UdpSockets"/> sockets with their receive rings: each
        /// <see cref="StackConfig.UdpReceiveBufferBytes"/>, or as <see cref="StackConfig.UdpSocketRingBytes"/> lists them.
        /// </summary>
        public UdpLayer(StackConfig config, Ipv4Layer ip, IRandomSource random, UdpCounters counters)
        {
            int[] rings = config.UdpSocketRingBytes;
            if (config.UdpSockets < 0 || (rings != null && rings.Length != config.UdpSockets))
            {
                throw new System.ArgumentException("StackConfig.UdpSocketRingBytes: one entry a socket (UdpSockets)");
            }
            _ip = ip;
            _random = random;
            _counters = counters;
            _sockets = new UdpSocket[config.UdpSockets];
            for (int i = 0; i < _sockets.Length; i++)
            {
                int ringBytes = rings != null ? rings[i] : config.UdpReceiveBufferBytes;
                if (ringBytes < 0)
                {
                    throw new System.ArgumentException("StackConfig.UdpSocketRingBytes");
                }
                _sockets[i] = new UdpSocket(this, ringBytes, config.UdpReceiveQueueDatagrams);
            }
        }

        /// <summary>The counters.</summary>
        public UdpCounters Counters { get { return _counters; } }

        /// <summary>Sockets in the table.</summary>
        public int Capacity { get { return _sockets.Length; } }

        /// <summary>Sockets open now.</summary>
        public int OpenCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _sockets.Length; i++)
                {
                    if (_sockets[i].IsOpen)
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        /// <summary>
        /// A closed socket from the table, opened: the one with the largest ring (with one ring size for all, the first
        /// free); null (counted) when all are in use.
        /// </summary>
        public UdpSocket Open()
        {
            return Take(-1);
        }

        /// <summary>
        /// A closed socket whose ring holds a datagram of <paramref name="datagramBytes"/> (the largest the caller reads),
        /// opened: of those, the one with the smallest ring, so that each service gets the ring sized for it
        /// (<see cref="StackConfig.UdpSocketRingBytes"/>). Null (counted) when none is free.
        /// </summary>
        public UdpSocket Open(int datagramBytes)
        {
            return Take(datagramBytes < 0 ? 0 : datagramBytes);
        }

        // Best fit for a size, the largest free ring for -1.
        private UdpSocket Take(int datagramBytes)
        {
            UdpSocket best = null;
            for (int i = 0; i < _sockets.Length; i++)
            {
                UdpSocket s = _sockets[i];
                if (s.IsOpen)
                {
                    continue;
                }
                int ring = s.RingBytes;
                if (datagramBytes < 0 ? best == null || ring > best.RingBytes
                    : ring >= datagramBytes && (best == null || ring < best.RingBytes))
                {
                    best = s;
                }
            }
            if (best == null)
            {
                _counters.TableFull++;
                return null;
            }
            best.Open();
            return best;
        }

        /// <inheritdoc />
        public void Receive(uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            int datagramLength = UdpHeader.CheckLength(buffer, offset, length);
            if (datagramLength < 0)
            {
                _counters.Malformed++;
                return;
            }
            if (!UdpHeader.VerifyChecksum(buffer, offset, datagramLength, source, destination))
            {
                _counters.BadChecksum++;
                return;
            }
            int port = UdpHeader.GetDestinationPort(buffer, offset);
            UdpSocket socket = port == 0 ? null : FindByPort(port);
            if (socket == null)
            {
                _counters.NoPort++;
                // RFC 1122 §4.1.3.1: port unreachable; the IPv4 layer refuses it for broadcasts and rate-limits it.
                _ip.ReplyUnreachable(IcmpMessage.CodePortUnreachable);
                return;
            }
            if (socket.Enqueue(source, UdpHeader.GetSourcePort(buffer, offset), buffer, offset + UdpHeader.Length, datagramLength - UdpHeader.Length))
            {
                _counters.DatagramsIn++;
            }
            else if (datagramLength - UdpHeader.Length > socket.RingBytes)
            {
                // Not a moment's congestion: this datagram can never fit the socket's ring (StackConfig.UdpReceiveBufferBytes or UdpSocketRingBytes).
                _counters.TooLargeForRing++;
            }
            else
            {
                _counters.BufferFull++;
            }
        }

        /// <inheritdoc />
        public void Poll(long nowMs)
        {
        }

        /// <inheritdoc />
        public long NextDeadlineMs { get { return long.MaxValue; } }

        /// <inheritdoc />
        public int LocalAddressChanging(uint oldAddress, long nowMs)
        {
            // Our sockets are bound to a port on any address of the interface: they carry on with the new one.
            return 0;
        }

        /// <summary>The socket bound to <paramref name="port"/>, or null.</summary>
        public UdpSocket FindByPort(int port)
        {
            for (int i = 0; i < _sockets.Length; i++)
            {
                if (_sockets[i].IsOpen && _sockets[i].LocalPort == port)
                {
                    return _sockets[i];
                }
            }
            return null;
        }

        /// <summary>The socket table as text, one line a socket (allocates: for people).</summary>
        public string Describe()
        {
            int open = 0;
            string text = "";
            for (int i = 0; i < _sockets.Length; i++)
            {
                UdpSocket s = _sockets[i];
                if (s.IsOpen)
                {
                    open++;
                    text += "\n  udp *:" + s.LocalPort.ToString() + " ring " + s.RingBytes.ToString() + " B, queued " + s.QueuedDatagrams.ToString() + " datagrams, "
                        + s.QueuedBytes.ToString() + " bytes";
                }
            }
            return "udp sockets (" + open.ToString() + " of " + _sockets.Length.ToString() + " open):" + text;
        }

        internal int PickEphemeralPort()
        {
            int start = (int)(_random.NextUInt32() % EphemeralCount);
            // Random start, then linear probe: bounded by the range, and the table is far smaller than it.
            for (int i = 0; i < EphemeralCount; i++)
            {
                int port = EphemeralFirst + (start + i) % EphemeralCount;
                if (FindByPort(port) == null)
                {
                    return port;
                }
            }
            return 0;
        }

        internal bool Send(int sourcePort, uint destination, int destinationPort, byte[] buffer, int offset, int length)
        {
            return Send(_ip.LocalAddress, sourcePort, destination, destinationPort, buffer, offset, length);
        }

        internal bool Send(uint source, int sourcePort, uint destination, int destinationPort, byte[] buffer, int offset, int length)
        {
            if (length < 0 || length > _ip.MaxTransportLength - UdpHeader.Length || offset < 0 || offset + length > buffer.Length)
            {
                _counters.SendFailures++;
                return false;
            }
            byte[] b = _ip.TransmitBuffer;
            int at = _ip.TransportOffset;
            System.Array.Copy(buffer, offset, b, at + UdpHeader.Length, length);
            UdpHeader.Emit(b, at, sourcePort, destinationPort, length, source, destination);
            _counters.DatagramsOut++;
            if (_ip.SendFrom(source, destination, Ipv4Header.ProtocolUdp, UdpHeader.Length + length))
            {
                return true;
            }
            _counters.SendFailures++;
            return false;
        }
    }
}
