using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.App.Services
{
    /// <summary>
    /// The UDP echo service (RFC 862): every datagram received on the port is sent back to its source.
    /// One socket, one buffer of the largest unfragmented datagram, allocated here.
    /// </summary>
    public class UdpEchoService
    {
        /// <summary>The well-known port of echo (RFC 862).</summary>
        public const int DefaultPort = 7;

        private readonly UdpSocket _socket;
        private readonly byte[] _buffer;
        private readonly int _maxDatagramsPerPoll;

        /// <summary>Datagrams echoed.</summary>
        public int Echoed;

        /// <summary>Echoes the stack could not send now.</summary>
        public int SendFailures;

        /// <summary>Opens and binds the socket; throws when the table is full or the port is taken (a configuration error).</summary>
        public UdpEchoService(NetworkStack stack, int port, int maxDatagramsPerPoll)
        {
            _socket = stack.OpenUdp();
            if (_socket == null || !_socket.Bind(port))
            {
                throw new System.InvalidOperationException("udp echo: no socket or port taken");
            }
            _buffer = new byte[stack.Output.MaxTransportLength - 8];
            _maxDatagramsPerPoll = maxDatagramsPerPoll;
        }

        /// <summary>The socket (for diagnostics).</summary>
        public UdpSocket Socket { get { return _socket; } }

        /// <summary>Echoes what is queued, at most the configured number per poll.</summary>
        public void Poll()
        {
            for (int i = 0; i < _maxDatagramsPerPoll; i++)
            {
                uint source;
                int sourcePort;
                int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out source, out sourcePort);
                if (length < 0)
                {
                    if (_socket.QueuedDatagrams == 0)
                    {
                        return;
                    }
                    continue;
                }
                if (_socket.SendTo(source, sourcePort, _buffer, 0, length))
                {
                    Echoed++;
                }
                else
                {
                    SendFailures++;
                }
            }
        }
    }
}
