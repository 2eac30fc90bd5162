using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.App.Services
{
    /// <summary>The UDP discard service (RFC 863): reads and throws away every datagram on the port, counting them.</summary>
    public class UdpDiscardService
    {
        /// <summary>The well-known port of discard (RFC 863).</summary>
        public const int DefaultPort = 9;

        private readonly UdpSocket _socket;
        private readonly byte[] _buffer;
        private readonly int _maxDatagramsPerPoll;

        /// <summary>Datagrams discarded.</summary>
        public int Discarded;

        /// <summary>Payload bytes discarded.</summary>
        public long DiscardedBytes;

        /// <summary>Opens and binds the socket; throws when the table is full or the port is taken (a configuration error).</summary>
        public UdpDiscardService(NetworkStack stack, int port, int maxDatagramsPerPoll)
        {
            _socket = stack.OpenUdp();
            if (_socket == null || !_socket.Bind(port))
            {
                throw new System.InvalidOperationException("udp discard: no socket or port taken");
            }
            _buffer = new byte[stack.Output.MaxTransportLength - 8];
            _maxDatagramsPerPoll = maxDatagramsPerPoll;
        }

        /// <summary>The socket (for diagnostics).</summary>
        public UdpSocket Socket { get { return _socket; } }

        /// <summary>Reads and drops what is queued, at most the configured number per poll.</summary>
        public void Poll()
        {
            for (int i = 0; i < _maxDatagramsPerPoll && _socket.QueuedDatagrams > 0; i++)
            {
                uint source;
                int sourcePort;
                int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out source, out sourcePort);
                if (length >= 0)
                {
                    Discarded++;
                    DiscardedBytes += length;
                }
            }
        }
    }
}
