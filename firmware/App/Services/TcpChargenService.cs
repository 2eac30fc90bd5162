using System;
using Firmware.Net.Transport;

namespace Firmware.App.Services
{
    /// <summary>
    /// The TCP character generator (RFC 864): sends lines of 72 printable ASCII characters, each starting one
    /// character later in the 95-character cycle, CR LF terminated, for as long as the client stays; received
    /// data is discarded. Our side closes after the peer's FIN. The lines come from one precomputed cycle, so
    /// serving allocates nothing.
    /// </summary>
    public class TcpChargenService
    {
        /// <summary>The well-known port of chargen (RFC 864).</summary>
        public const ushort DefaultPort = 19;

        /// <summary>Characters per line before CR LF (RFC 864's usual pattern).</summary>
        public const int LineCharacters = 72;

        private const int LineBytes = LineCharacters + 2;
        private const int Printable = 95;

        private readonly TcpListener _listener;
        private readonly TcpConnection[] _clients;
        private readonly int[] _position;
        private readonly byte[] _lines;
        private readonly byte[] _drain;

        /// <summary>Bytes sent.</summary>
        public long BytesSent;

        /// <summary>Connections served to the end.</summary>
        public int Connections;

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken (a configuration error).</summary>
        public TcpChargenService(TcpLayer tcp, ushort port, int maxClients)
        {
            if (tcp == null || maxClients <= 0)
            {
                throw new ArgumentException("tcp chargen");
            }
            _listener = tcp.Listen(port, maxClients);
            _clients = new TcpConnection[maxClients];
            _position = new int[maxClients];
            // All 95 lines of the cycle, back to back: 95 × 74 = 7030 bytes.
            _lines = new byte[Printable * LineBytes];
            for (int line = 0; line < Printable; line++)
            {
                for (int k = 0; k < LineCharacters; k++)
                {
                    _lines[line * LineBytes + k] = (byte)(' ' + (line + k) % Printable);
                }
                _lines[line * LineBytes + LineCharacters] = 13;
                _lines[line * LineBytes + LineCharacters + 1] = 10;
            }
            _drain = new byte[64];
        }

        /// <summary>Listens on port 19 with 2 clients.</summary>
        public TcpChargenService(TcpLayer tcp) : this(tcp, DefaultPort, 2)
        {
        }

        /// <summary>The listener (for diagnostics).</summary>
        public TcpListener Listener { get { return _listener; } }

        /// <summary>Accepts, fills each client's send ring, closes; never blocks.</summary>
        public void Poll(long nowMs)
        {
            for (int i = 0; i < _clients.Length; i++)
            {
                if (_clients[i] == null)
                {
                    TcpConnection accepted = _listener.Accept();
                    if (accepted == null)
                    {
                        break;
                    }
                    _clients[i] = accepted;
                    _position[i] = 0;
                }
            }
            for (int i = 0; i < _clients.Length; i++)
            {
                TcpConnection c = _clients[i];
                if (c == null)
                {
                    continue;
                }
                while (c.Receive(_drain, 0, _drain.Length) > 0)
                {
                }
                if (c.IsReceiveClosed || c.State == TcpState.Closed)
                {
                    c.Close();
                    _clients[i] = null;
                    Connections++;
                    continue;
                }
                int room = c.SendSpace;
                while (room > 0)
                {
                    int n = _lines.Length - _position[i];
                    if (n > room) { n = room; }
                    int sent = c.Send(_lines, _position[i], n);
                    if (sent <= 0) { break; }
                    room -= sent;
                    BytesSent += sent;
                    _position[i] += sent;
                    if (_position[i] == _lines.Length) { _position[i] = 0; }
                }
            }
        }
    }
}
