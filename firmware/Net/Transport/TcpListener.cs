using System;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// A passive open on a port (RFC 9293 §3.10.1). SYNs create connections from the layer's table, up to the
    /// backlog (half-open plus established-but-not-accepted); <see cref="Accept"/> hands them to the app.
    /// </summary>
    public class TcpListener
    {
        private readonly TcpLayer _layer;

        internal TcpListener(TcpLayer layer)
        {
            _layer = layer;
        }

        /// <summary>The port listened on; 0 while this listener slot is free.</summary>
        public ushort LocalPort { get; internal set; }

        /// <summary>Most connections waiting for Accept (half-open included).</summary>
        public int Backlog { get; internal set; }

        /// <summary>True while listening.</summary>
        public bool IsListening { get; internal set; }

        /// <summary>
        /// The oldest established connection not yet accepted, now owned by the app (it must Close or Abort it
        /// when done); null when none. Non-blocking.
        /// </summary>
        public TcpConnection Accept()
        {
            if (!IsListening)
            {
                throw new InvalidOperationException("not listening");
            }
            return _layer.AcceptFor(this);
        }

        /// <summary>Stops listening; connections not yet accepted are reset.</summary>
        public void Stop()
        {
            if (IsListening)
            {
                _layer.StopListener(this);
            }
        }
    }
}
