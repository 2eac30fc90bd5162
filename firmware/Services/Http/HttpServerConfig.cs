using System;

namespace Firmware.Services.Http
{
    /// <summary>
    /// Every HTTP server tunable, with its unit and default. <see cref="HttpServer"/> allocates all its buffers from
    /// one of these at construction; nothing grows afterwards. Heap ≈ Slots × RequestBufferBytes +
    /// ResponseBufferBytes + a few hundred bytes of objects.
    /// </summary>
    public class HttpServerConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[12];

        /// <summary>The defaults (each member says its own).</summary>
        public HttpServerConfig()
        {
            Port = 80;
            Slots = 4;
            Backlog = 4;
            RequestBufferBytes = 1024;
            MaxBodyBytes = 512;
            ResponseBufferBytes = 1024;
            ResponseHeaderBytes = 320;
            IdleTimeoutMs = 10000;
            RequestTimeoutMs = 10000;
            LingerMs = 2000;
            MaxRoutes = 12;
            MaxRequestsPerPoll = 4;
        }

        /// <summary>TCP port. Default 80.</summary>
        public ushort Port { get { return (ushort)_values[0]; } set { _values[0] = (int)value; } }

        /// <summary>Connections served at once; more wait in the listener's backlog (and may evict an idle keep-alive one). Default 4.</summary>
        public int Slots { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Connections the TCP listener holds for Accept beyond the slots. Default 4.</summary>
        public int Backlog { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>
        /// Per slot: holds the request line, the field section and the body (and pipelined requests behind them).
        /// A head that does not fit is answered 414 or 431. Default 1024.
        /// </summary>
        public int RequestBufferBytes { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Largest request body (Content-Length or chunked, decoded); larger is 413. It must also fit in the request buffer beside its head. Default 512.</summary>
        public int MaxBodyBytes { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>
        /// Shared by all slots: the status line, the header fields and a buffered body are composed here and go into
        /// the TCP send ring in one piece, so it must not exceed TcpConfig.SendBufferBytes (the server waits for that
        /// much room before it calls a handler). Default 1024.
        /// </summary>
        public int ResponseBufferBytes { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>The part of the response buffer for the status line and header fields; the rest is the buffered body. Default 320.</summary>
        public int ResponseHeaderBytes { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>A connection with no request in progress is closed after this long (keep-alive idle). Default 10 s.</summary>
        public int IdleTimeoutMs { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>
        /// From a request's first byte to the end of its field section (slowloris defence): 408, then close. Also
        /// the longest a body or a response may go without progress. Default 10 s.
        /// </summary>
        public int RequestTimeoutMs { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>After our FIN, how long the rest of the client's input is read and dropped before the close (so the response is not lost to a RST). Default 2 s.</summary>
        public int LingerMs { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Routes MapGet/MapPost/MapPut/MapDelete may register (each method of a path is one). Default 12.</summary>
        public int MaxRoutes { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Requests one slot may complete in one Poll (pipelined ones), so slots share a poll fairly. Default 4.</summary>
        public int MaxRequestsPerPoll { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>Checks the values; throws on a bad one (configuration is API misuse, not network input).</summary>
        public void Validate()
        {
            // Slots and buffer offsets are packed into 8 and 16 bits.
            if (Port == 0 || Slots <= 0 || Slots > 255 || Backlog <= 0 || RequestBufferBytes < 64 || RequestBufferBytes > 0xFFFF || MaxBodyBytes < 0
                || MaxBodyBytes >= RequestBufferBytes || ResponseHeaderBytes < 128 || ResponseBufferBytes < ResponseHeaderBytes + 64
                || ResponseBufferBytes > 0xFFFF || IdleTimeoutMs <= 0 || RequestTimeoutMs <= 0 || LingerMs < 0 || MaxRoutes <= 0
                || MaxRequestsPerPoll <= 0)
            {
                throw new ArgumentException("HttpServerConfig");
            }
        }
    }
}
