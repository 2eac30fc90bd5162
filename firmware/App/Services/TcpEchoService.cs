using System;
using Firmware.Net.Transport;

namespace Firmware.App.Services
{
    /// <summary>
    /// The TCP echo service (RFC 862): every byte received is sent back. Serves several clients at once from a
    /// fixed slot table; a client beyond that waits in the listener's backlog. Our side closes once the peer has
    /// closed its side and every byte it sent has been queued back (the FIN follows the echoed data).
    /// </summary>
    public class TcpEchoService
    {
        /// <summary>The well-known port of echo (RFC 862).</summary>
        public const ushort DefaultPort = 7;

        private readonly TcpListener _listener;
        private readonly TcpConnection[] _clients;
        private readonly byte[] _buffer;

        /// <summary>Bytes echoed.</summary>
        public long BytesEchoed;

        /// <summary>Connections served to the end.</summary>
        public int Connections;

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken (a configuration error).</summary>
        public TcpEchoService(TcpLayer tcp, ushort port, int maxClients, int bufferBytes)
        {
            if (tcp == null || maxClients <= 0 || bufferBytes <= 0)
            {
                throw new ArgumentException("tcp echo");
            }
            _listener = tcp.Listen(port, maxClients);
            _clients = new TcpConnection[maxClients];
            _buffer = new byte[bufferBytes];
        }

        /// <summary>Listens on port 7 with 2 clients and a 512-byte copy buffer.</summary>
        public TcpEchoService(TcpLayer tcp) : this(tcp, DefaultPort, 2, 512)
        {
        }

        /// <summary>The listener (for diagnostics).</summary>
        public TcpListener Listener { get { return _listener; } }

        /// <summary>Accepts, echoes, closes; never blocks.</summary>
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
                // Read only what can be sent back now, so nothing needs holding here.
                int room = c.SendSpace;
                if (room > _buffer.Length) { room = _buffer.Length; }
                if (room > 0)
                {
                    int n = c.Receive(_buffer, 0, room);
                    if (n > 0)
                    {
                        c.Send(_buffer, 0, n);
                        BytesEchoed += n;
                    }
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
