namespace Firmware.Net.Transport
{
    /// <summary>
    /// A UDP socket from the stack's fixed table: bind, send to, receive from, close. Received datagrams wait in
    /// a fixed ring (payload bytes in a circular buffer, addresses in a small queue); a datagram that does not
    /// fit is dropped and counted, never truncated.
    /// </summary>
    public class UdpSocket
    {
        private readonly UdpLayer _layer;
        private readonly byte[] _ring;
        // The queue of datagrams waiting: length, source address and source port, one entry of three a datagram (one
        // array rather than three: on the interpreter every array and field is a heap block of its own).
        private readonly int[] _queue;
        private readonly int _queueSlots;
        private int _ringStart;
        private int _ringUsed;
        private int _queueStart;
        private int _queueCount;
        private int _localPort;
        private bool _open;

        private const int QueueStride = 3;

        internal UdpSocket(UdpLayer layer, int ringBytes, int queueDatagrams)
        {
            _layer = layer;
            _ring = new byte[ringBytes];
            _queue = new int[queueDatagrams * QueueStride];
            _queueSlots = queueDatagrams;
        }

        /// <summary>True between OpenUdp and Close.</summary>
        public bool IsOpen { get { return _open; } }

        /// <summary>The bound port, 0 when unbound.</summary>
        public int LocalPort { get { return _localPort; } }

        /// <summary>Bytes of the receive ring: no datagram larger than this is ever queued.</summary>
        public int RingBytes { get { return _ring.Length; } }

        /// <summary>Datagrams waiting to be read.</summary>
        public int QueuedDatagrams { get { return _queueCount; } }

        /// <summary>Payload bytes waiting to be read.</summary>
        public int QueuedBytes { get { return _ringUsed; } }

        /// <summary>Length of the next datagram, -1 when none (size a read buffer with it).</summary>
        public int NextDatagramLength { get { return _queueCount == 0 ? -1 : _queue[_queueStart * QueueStride]; } }

        /// <summary>
        /// Binds to <paramref name="port"/>, or to a random free ephemeral port (49152–65535, RFC 6335) for 0.
        /// False when the port is taken, out of range, or the socket is already bound.
        /// </summary>
        public bool Bind(int port)
        {
            if (!_open || _localPort != 0 || port < 0 || port > 65535)
            {
                return false;
            }
            if (port == 0)
            {
                port = _layer.PickEphemeralPort();
                if (port == 0)
                {
                    return false;
                }
            }
            else if (_layer.FindByPort(port) != null)
            {
                return false;
            }
            _localPort = port;
            return true;
        }

        /// <summary>
        /// Sends <paramref name="length"/> bytes as one datagram (unfragmented: at most MTU − 28 bytes). An unbound
        /// socket binds to an ephemeral port first. False when it could not go now (see IIpv4Output.Send: an
        /// unresolved next hop parks the datagram and returns false; it is sent when ARP answers).
        /// </summary>
        public bool SendTo(uint destination, int port, byte[] buffer, int offset, int length)
        {
            if (!_open || port <= 0 || port > 65535)
            {
                return false;
            }
            if (_localPort == 0 && !Bind(0))
            {
                return false;
            }
            return _layer.Send(_localPort, destination, port, buffer, offset, length);
        }

        /// <summary>
        /// <see cref="SendTo"/> with source address 0.0.0.0 whatever the interface's address: what a DHCP client sends
        /// before it holds a lease (RFC 2131 §4.1), usually to 255.255.255.255. False when it could not go now.
        /// </summary>
        public bool SendFromUnspecified(uint destination, int port, byte[] buffer, int offset, int length)
        {
            if (!_open || port <= 0 || port > 65535 || _localPort == 0)
            {
                return false;
            }
            return _layer.Send(0, _localPort, destination, port, buffer, offset, length);
        }

        /// <summary>
        /// Copies the next datagram into <paramref name="buffer"/> and returns its length, or -1 when none is
        /// waiting. A datagram longer than <paramref name="capacity"/> is dropped (counted) and -1 returned: read
        /// <see cref="NextDatagramLength"/> first to avoid that.
        /// </summary>
        public int TryReceiveFrom(byte[] buffer, int offset, int capacity, out uint source, out int sourcePort)
        {
            source = 0;
            sourcePort = 0;
            if (_queueCount == 0)
            {
                return -1;
            }
            int entry = _queueStart * QueueStride;
            int length = _queue[entry];
            source = (uint)_queue[entry + 1];
            sourcePort = _queue[entry + 2];
            bool fits = length <= capacity && offset >= 0 && offset + length <= buffer.Length;
            if (fits)
            {
                int first = _ring.Length - _ringStart;
                if (first >= length)
                {
                    System.Array.Copy(_ring, _ringStart, buffer, offset, length);
                }
                else
                {
                    System.Array.Copy(_ring, _ringStart, buffer, offset, first);
                    System.Array.Copy(_ring, 0, buffer, offset + first, length - first);
                }
            }
            _ringStart = (_ringStart + length) % _ring.Length;
            _ringUsed -= length;
            _queueStart = (_queueStart + 1) % _queueSlots;
            _queueCount--;
            if (!fits)
            {
                _layer.Counters.ReadTooSmall++;
                return -1;
            }
            return length;
        }

        /// <summary>Unbinds, drops what is queued, and gives the socket back to the table.</summary>
        public void Close()
        {
            _open = false;
            _localPort = 0;
            Reset();
        }

        internal void Open()
        {
            _open = true;
            _localPort = 0;
            Reset();
        }

        // Queues a received datagram; false when the ring or queue lacks room.
        internal bool Enqueue(uint source, int sourcePort, byte[] b, int offset, int length)
        {
            if (_queueCount == _queueSlots || _ring.Length - _ringUsed < length || (length == 0 && _ring.Length == 0))
            {
                return false;
            }
            int end = (_ringStart + _ringUsed) % (_ring.Length == 0 ? 1 : _ring.Length);
            int first = _ring.Length - end;
            if (first >= length)
            {
                System.Array.Copy(b, offset, _ring, end, length);
            }
            else
            {
                System.Array.Copy(b, offset, _ring, end, first);
                System.Array.Copy(b, offset + first, _ring, 0, length - first);
            }
            _ringUsed += length;
            int slot = ((_queueStart + _queueCount) % _queueSlots) * QueueStride;
            _queue[slot] = length;
            _queue[slot + 1] = (int)source;
            _queue[slot + 2] = sourcePort;
            _queueCount++;
            return true;
        }

        private void Reset()
        {
            _ringStart = 0;
            _ringUsed = 0;
            _queueStart = 0;
            _queueCount = 0;
        }
    }
}
