using System;
using Firmware.Net.Transport;

namespace Firmware.App.Services
{
    /// <summary>
    /// The TCP discard service (RFC 863): every byte received is thrown away. Several clients at once; our side
    /// closes after the peer's FIN.
    /// </summary>
    public class TcpDiscardService
    {
        /// <summary>The well-known port of discard (RFC 863).</summary>
        public const ushort DefaultPort = 9;

        private readonly TcpListener _listener;
        private readonly TcpConnection[] _clients;
        private readonly byte[] _buffer;

        /// <summary>Bytes discarded.</summary>
        public long BytesDiscarded;

        /// <summary>Connections served to the end.</summary>
        public int Connections;

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken (a configuration error).</summary>
        public TcpDiscardService(TcpLayer tcp, ushort port, int maxClients, int bufferBytes)
        {
            if (tcp == null || maxClients <= 0 || bufferBytes <= 0)
            {
                throw new ArgumentException("tcp discard");
            }
            _listener = tcp.Listen(port, maxClients);
            _clients = new TcpConnection[maxClients];
            _buffer = new byte[bufferBytes];
        }

        /// <summary>Listens on port 9 with 2 clients and a 512-byte drain buffer.</summary>
        public TcpDiscardService(TcpLayer tcp) : this(tcp, DefaultPort, 2, 512)
        {
        }

        /// <summary>The listener (for diagnostics).</summary>
        public TcpListener Listener { get { return _listener; } }

        /// <summary>Accepts, drains, closes; never blocks.</summary>
        public void Poll(long nowMs)
        {
            TcpServiceSlots.AcceptInto(_listener, _clients);
            for (int i = 0; i < _clients.Length; i++)
            {
                TcpConnection c = _clients[i];
                if (c == null)
                {
                    continue;
                }
                int n;
                while ((n = c.Receive(_buffer, 0, _buffer.Length)) > 0)
                {
                    BytesDiscarded += n;
                }
                if (c.IsReceiveClosed || c.State == TcpState.Closed)
                {
                    c.Close();
                    _clients[i] = null;
                    Connections++;
                }
            }
        }
    }
}
