using System;
using Firmware.Net.Transport;

namespace Firmware.Services.Basic
{
    /// <summary>
    /// The shape every small TCP service shares: a listener, a fixed table of client slots filled by Accept, the
    /// protocol's part (<see cref="Serve"/>) run for each client on every poll, and the close once the client has
    /// closed its side (every byte it sent read) or the connection is gone. A client beyond the table waits in the
    /// listener's backlog.
    /// </summary>
    public abstract class TcpSlotService
    {
        private readonly TcpListener _listener;
        private readonly TcpConnection[] _clients;
        private readonly byte[] _buffer;

        /// <summary>Connections served to the end.</summary>
        public int Connections;

        /// <summary>
        /// Listens on <paramref name="port"/> with <paramref name="maxClients"/> slots and one copy buffer of
        /// <paramref name="bufferBytes"/> shared by them; throws when the port is taken (a configuration error).
        /// </summary>
        protected TcpSlotService(TcpLayer tcp, ushort port, int maxClients, int bufferBytes)
        {
            if (tcp == null || maxClients <= 0 || bufferBytes <= 0)
            {
                throw new ArgumentException("tcp service");
            }
            _listener = tcp.Listen(port, maxClients);
            _clients = new TcpConnection[maxClients];
            _buffer = new byte[bufferBytes];
        }

        /// <summary>The listener (for diagnostics).</summary>
        public TcpListener Listener { get { return _listener; } }

        /// <summary>The copy buffer the slots share (one client is served at a time).</summary>
        protected byte[] Buffer { get { return _buffer; } }

        /// <summary>Accepts into free slots, serves every client, closes the finished ones; never blocks.</summary>
        public void Poll(long nowMs)
        {
            bool backlogEmpty = false;
            for (int i = 0; i < _clients.Length; i++)
            {
                TcpConnection c = _clients[i];
                if (c == null)
                {
                    if (backlogEmpty)
                    {
                        continue;
                    }
                    c = _listener.Accept();
                    if (c == null)
                    {
                        backlogEmpty = true;
                        continue;
                    }
                    _clients[i] = c;
                    Accepted(i);
                }
                Serve(i, c);
                if (c.IsReceiveClosed || c.State == TcpState.Closed)
                {
                    c.Close();
                    _clients[i] = null;
                    Connections++;
                }
            }
        }

        /// <summary>A new client took slot <paramref name="slot"/> (reset the slot's protocol state here).</summary>
        protected virtual void Accepted(int slot)
        {
        }

        /// <summary>The protocol's work for one client on one poll: read, write, never block.</summary>
        protected abstract void Serve(int slot, TcpConnection client);
    }
}
