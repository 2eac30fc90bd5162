using Firmware.Net.Wire;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// A UDP socket from the stack's fixed table: bind, send to, receive from, close. Received datagrams wait in
    /// a fixed ring, each behind an 8-byte record of its length, source port and source address (one array: on the
    /// interpreter every array and field is a heap block of its own); a datagram that does not fit is dropped and
    /// counted, never truncated. The ring holds its payload bytes plus one record per queued datagram.
    /// </summary>
    public class UdpSocket
    {
        // Length (2 bytes), source port (2), source address (4), big-endian, before each datagram's payload.
        internal const int RecordBytes = 8;

        private readonly UdpLayer _layer;
        private readonly byte[] _ring;
        private readonly int _queueSlots;
        private int _ringStart;
        private int _ringUsed;
        private int _queueCount;
        // The bound port; 0 open and unbound; -1 closed (in the table).
        private int _localPort = -1;

        internal UdpSocket(UdpLayer layer, int ringBytes, int queueDatagrams)
        {
            _layer = layer;
            _queueSlots = queueDatagrams < 1 ? 1 : queueDatagrams;
            _ring = new byte[ringBytes + RecordBytes * _queueSlots];
        }

        /// <summary>True between OpenUdp and Close.</summary>
        public bool IsOpen { get { return _localPort >= 0; } }

        /// <summary>The bound port, 0 when unbound.</summary>
        public int LocalPort { get { return _localPort < 0 ? 0 : _localPort; } }

        /// <summary>Bytes of the receive ring: no datagram larger than this is ever queued.</summary>
        public int RingBytes { get { return _ring.Length - RecordBytes * _queueSlots; } }

        /// <summary>Datagrams waiting to be read.</summary>
        public int QueuedDatagrams { get { return _queueCount; } }

        /// <summary>Payload bytes waiting to be read.</summary>
        public int QueuedBytes { get { return _ringUsed - RecordBytes * _queueCount; } }

        /// <summary>Length of the next datagram, -1 when none (size a read buffer with it).</summary>
        public int NextDatagramLength { get { return _queueCount == 0 ? -1 : BigEndian.ReadUInt16(ReadRecord(), 0); } }

        /// <summary>
        /// Binds to <paramref name="port"/>, or to a random free ephemeral port (49152–65535, RFC 6335) for 0.
        /// False when the port is taken, out of range, or the socket is already bound.
        /// </summary>
        public bool Bind(int port)
        {
            if (_localPort != 0 || port < 0 || port > 65535)
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
            if (_localPort < 0 || port <= 0 || port > 65535)
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
            if (port <= 0 || port > 65535 || _localPort <= 0)
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
            byte[] record = ReadRecord();
            int length = BigEndian.ReadUInt16(record, 0);
            sourcePort = BigEndian.ReadUInt16(record, 2);
            source = BigEndian.ReadUInt32(record, 4);
            int at = (_ringStart + RecordBytes) % _ring.Length;
            bool fits = length <= capacity && offset >= 0 && offset + length <= buffer.Length;
            if (fits)
            {
                CopyOut(at, buffer, offset, length);
            }
            _ringStart = (at + length) % _ring.Length;
            _ringUsed -= RecordBytes + length;
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
            _localPort = -1;
            Reset();
        }

        internal void Open()
        {
            _localPort = 0;
            Reset();
        }

        // Queues a received datagram; false when the ring or queue lacks room.
        internal bool Enqueue(uint source, int sourcePort, byte[] b, int offset, int length)
        {
            if (_queueCount == _queueSlots || RingBytes - QueuedBytes < length || (length == 0 && RingBytes == 0))
            {
                return false;
            }
            int end = (_ringStart + _ringUsed) % _ring.Length;
            byte[] record = _layer.RecordBuffer;
            BigEndian.WriteUInt16(record, 0, length);
            BigEndian.WriteUInt16(record, 2, sourcePort);
            BigEndian.WriteUInt32(record, 4, source);
            CopyIn(record, 0, end, RecordBytes);
            CopyIn(b, offset, (end + RecordBytes) % _ring.Length, length);
            _ringUsed += RecordBytes + length;
            _queueCount++;
            return true;
        }

        // The oldest datagram's record, in the layer's record buffer.
        private byte[] ReadRecord()
        {
            byte[] record = _layer.RecordBuffer;
            CopyOut(_ringStart, record, 0, RecordBytes);
            return record;
        }

        // Copies count bytes into the ring from its offset at on, wrapping at its end (a record or a payload may).
        private void CopyIn(byte[] source, int offset, int at, int count)
        {
            int first = _ring.Length - at;
            if (first >= count)
            {
                System.Array.Copy(source, offset, _ring, at, count);
            }
            else
            {
                System.Array.Copy(source, offset, _ring, at, first);
                System.Array.Copy(source, offset + first, _ring, 0, count - first);
            }
        }

        // Copies count bytes out of the ring from its offset at on, wrapping at its end.
        private void CopyOut(int at, byte[] destination, int offset, int count)
        {
            int first = _ring.Length - at;
            if (first >= count)
            {
                System.Array.Copy(_ring, at, destination, offset, count);
            }
            else
            {
                System.Array.Copy(_ring, at, destination, offset, first);
                System.Array.Copy(_ring, 0, destination, offset + first, count - first);
            }
        }

        private void Reset()
        {
            _ringStart = 0;
            _ringUsed = 0;
            _queueCount = 0;
        }
    }
}
