using System;
using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.Services.Basic
{
    /// <summary>
    /// The shape the small UDP services share: one bound socket, one buffer of the largest unfragmented datagram,
    /// and a poll that hands each queued datagram (at most a configured number per poll) to the protocol's part.
    /// </summary>
    public abstract class UdpDatagramService
    {
        private readonly UdpSocket _socket;
        private readonly byte[] _buffer;
        private readonly int _maxDatagramsPerPoll;

        /// <summary>Opens and binds the socket; throws when the table is full or the port is taken (a configuration error).</summary>
        protected UdpDatagramService(NetworkStack stack, int port, int maxDatagramsPerPoll)
        {
            if (stack == null || maxDatagramsPerPoll <= 0)
            {
                throw new ArgumentException("udp service");
            }
            _socket = stack.OpenUdp();
            if (_socket == null || !_socket.Bind(port))
            {
                throw new InvalidOperationException("udp service: no socket or port taken");
            }
            _buffer = new byte[stack.Output.MaxTransportLength - 8];
            _maxDatagramsPerPoll = maxDatagramsPerPoll;
        }

        /// <summary>The socket (for diagnostics).</summary>
        public UdpSocket Socket { get { return _socket; } }

        /// <summary>Handles what is queued, at most the configured number of datagrams per poll.</summary>
        public void Poll()
        {
            for (int i = 0; i < _maxDatagramsPerPoll && _socket.QueuedDatagrams > 0; i++)
            {
                uint source;
                int sourcePort;
                int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out source, out sourcePort);
                if (length >= 0)
                {
                    Received(source, sourcePort, _buffer, length);
                }
            }
        }

        /// <summary>One datagram of <paramref name="length"/> bytes from <paramref name="source"/>:<paramref name="sourcePort"/>.</summary>
        protected abstract void Received(uint source, int sourcePort, byte[] buffer, int length);
    }
}
