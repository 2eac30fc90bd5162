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
        /// <summary>TCP port. Default 80.</summary>
        public ushort Port = 80;

        /// <summary>Connections served at once; more wait in the listener's backlog (and may evict an idle keep-alive one). Default 4.</summary>
        public int Slots = 4;

        /// <summary>Connections the TCP listener holds for Accept beyond the slots. Default 4.</summary>
        public int Backlog = 4;

        /// <summary>
        /// Per slot: holds the request line, the field section and the body (and pipelined requests behind them).
        /// A head that does not fit is answered 414 or 431. Default 1024.
        /// </summary>
        public int RequestBufferBytes = 1024;

        /// <summary>Largest request body (Content-Length or chunked, decoded); larger is 413. It must also fit in the request buffer beside its head. Default 512.</summary>
        public int MaxBodyBytes = 512;

        /// <summary>
        /// Shared by all slots: the status line, the header fields and a buffered body are composed here and go into
        /// the TCP send ring in one piece, so it must not exceed TcpConfig.SendBufferBytes (the server waits for that
        /// much room before it calls a handler). Default 1024.
        /// </summary>
        public int ResponseBufferBytes = 1024;

        /// <summary>The part of the response buffer for the status line and header fields; the rest is the buffered body. Default 320.</summary>
        public int ResponseHeaderBytes = 320;

        /// <summary>A connection with no request in progress is closed after this long (keep-alive idle). Default 10 s.</summary>
        public int IdleTimeoutMs = 10000;

        /// <summary>
        /// From a request's first byte to the end of its field section (slowloris defence): 408, then close. Also
        /// the longest a body or a response may go without progress. Default 10 s.
        /// </summary>
        public int RequestTimeoutMs = 10000;

        /// <summary>After our FIN, how long the rest of the client's input is read and dropped before the close (so the response is not lost to a RST). Default 2 s.</summary>
        public int LingerMs = 2000;

        /// <summary>Routes MapGet/MapPost/MapPut/MapDelete may register (each method of a path is one). Default 12.</summary>
        public int MaxRoutes = 12;

        /// <summary>Requests one slot may complete in one Poll (pipelined ones), so slots share a poll fairly. Default 4.</summary>
        public int MaxRequestsPerPoll = 4;

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
