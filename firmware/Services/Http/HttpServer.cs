using System;
using Firmware.Net.Transport;

namespace Firmware.Services.Http
{
    /// <summary>
    /// An HTTP/1.1 origin server (RFC 9110, RFC 9112) on the stack's TCP: a listener, a fixed number of connection
    /// slots each with its request buffer, one response buffer they share, and a route table filled at start-up.
    /// Persistent connections, pipelining (answered in order), Expect: 100-continue, HEAD for every GET, chunked
    /// request bodies, responses streamed into the send ring as it frees room. Everything is allocated here; Poll
    /// allocates nothing. Poll-driven: call <see cref="Poll"/> after the stack's.
    /// </summary>
    public class HttpServer
    {
        private readonly HttpServerConfig _config;
        private readonly HttpCounters _counters = new HttpCounters();
        private readonly HttpRouter _router;
        private readonly TcpListener _listener;
        private readonly HttpSlot[] _slots;
        private readonly byte[] _compose;
        private readonly HttpResponse _response;
        private long _lastNowMs;

        /// <summary>
        /// Listens on the configured port and allocates every slot and buffer. Throws on a bad config, a port in use,
        /// or a response buffer larger than the TCP send ring (configuration errors).
        /// </summary>
        public HttpServer(TcpLayer tcp, HttpServerConfig config) : this(tcp, config, null)
        {
        }

        /// <summary>
        /// As above, composing responses in <paramref name="responseBuffer"/> (at least
        /// <see cref="HttpServerConfig.ResponseBufferBytes"/>; null: allocated here). The server uses it only inside
        /// <see cref="Poll"/> and keeps nothing in it between polls, so services polled from the same loop may share it
        /// (the device app's DNS server and mDNS responder write their answers in it).
        /// </summary>
        public HttpServer(TcpLayer tcp, HttpServerConfig config, byte[] responseBuffer)
        {
            if (tcp == null || config == null)
            {
                throw new ArgumentNullException("tcp");
            }
            config.Validate();
            if (config.ResponseBufferBytes > tcp.Config.SendBufferBytes)
            {
                throw new ArgumentException("HttpServerConfig.ResponseBufferBytes exceeds TcpConfig.SendBufferBytes");
            }
            _config = config;
            _router = new HttpRouter(config.MaxRoutes);
            if (responseBuffer != null && responseBuffer.Length < config.ResponseBufferBytes)
            {
                throw new ArgumentException("HttpServer: the response buffer is smaller than HttpServerConfig.ResponseBufferBytes");
            }
            _compose = responseBuffer ?? new byte[config.ResponseBufferBytes];
            JsonWriter body = new JsonWriter();
            body.Attach(_compose, config.ResponseHeaderBytes, config.ResponseBufferBytes - config.ResponseHeaderBytes);
            _response = new HttpResponse(_compose, config.ResponseHeaderBytes, body);
            _slots = new HttpSlot[config.Slots];
            for (int i = 0; i < _slots.Length; i++)
            {
                _slots[i] = new HttpSlot(this, i);
            }
            _listener = tcp.Listen(config.Port, config.Backlog);
        }

        /// <summary>Listens on port 80 with the default configuration.</summary>
        public HttpServer(TcpLayer tcp) : this(tcp, new HttpServerConfig())
        {
        }

        /// <summary>The configuration.</summary>
        public HttpServerConfig Config { get { return _config; } }

        /// <summary>The counters.</summary>
        public HttpCounters Counters { get { return _counters; } }

        /// <summary>
        /// The device's wall clock (SNTP sets it); while it is set, every response carries a Date (RFC 9110 §6.6.1). Null
        /// or unset: no Date, as the RFC asks of a server without a clock.
        /// </summary>
        public Firmware.Net.WallClock Clock { get; set; }

        /// <summary>The route table (register with the Map methods).</summary>
        public HttpRouter Router { get { return _router; } }

        /// <summary>The response every handler fills (one at a time).</summary>
        internal HttpResponse Response { get { return _response; } }

        /// <summary>The response buffer the slots share.</summary>
        internal byte[] Compose { get { return _compose; } }

        /// <summary>The TCP listener (for diagnostics).</summary>
        public TcpListener Listener { get { return _listener; } }

        /// <summary>Connection slots.</summary>
        public int SlotCount { get { return _slots.Length; } }

        /// <summary>Slots serving a connection now.</summary>
        public int ActiveSlots
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _slots.Length; i++) { if (_slots[i].Phase != HttpSlot.Free) { n++; } }
                return n;
            }
        }

        /// <summary>The connection slot <paramref name="slot"/> serves, null when it is free.</summary>
        public TcpConnection GetConnection(int slot)
        {
            return _slots[slot].Connection;
        }

        /// <summary>What slot <paramref name="slot"/> is doing: free, idle, head, body, respond, send, linger.</summary>
        public string GetSlotState(int slot)
        {
            HttpSlot s = _slots[slot];
            switch (s.Phase)
            {
                case HttpSlot.Free: return "free";
                case HttpSlot.Head: return s.IsIdle ? "idle" : "head";
                case HttpSlot.Body: return "body";
                case HttpSlot.Respond: return "respond";
                case HttpSlot.Send: return "send";
                default: return "linger";
            }
        }

        /// <summary>Registers a GET route (HEAD is served by it too).</summary>
        public void MapGet(string path, HttpHandler handler)
        {
            _router.Map(HttpMethod.Get, path, handler);
        }

        /// <summary>Registers a POST route.</summary>
        public void MapPost(string path, HttpHandler handler)
        {
            _router.Map(HttpMethod.Post, path, handler);
        }

        /// <summary>Registers a PUT route.</summary>
        public void MapPut(string path, HttpHandler handler)
        {
            _router.Map(HttpMethod.Put, path, handler);
        }

        /// <summary>Registers a DELETE route.</summary>
        public void MapDelete(string path, HttpHandler handler)
        {
            _router.Map(HttpMethod.Delete, path, handler);
        }

        /// <summary>Sets the handler for requests no route's path matches (any method), e.g. <see cref="StaticContent.Handle"/>; without one they get 404.</summary>
        public void MapFallback(HttpHandler handler)
        {
            _router.Fallback = handler;
        }

        /// <summary>Accepts, reads, answers and closes; never blocks. Call after the stack's Poll.</summary>
        public void Poll(long nowMs)
        {
            _lastNowMs = nowMs;
            AcceptWaiting(nowMs);
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Phase != HttpSlot.Free)
                {
                    _slots[i].Poll(nowMs);
                }
            }
        }

        /// <summary>When the server must be polled next (absolute ms): now while a slot can make progress, else its earliest timer.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = long.MaxValue;
                for (int i = 0; i < _slots.Length; i++)
                {
                    long d = _slots[i].NextDeadlineMs(_lastNowMs);
                    if (d < next) { next = d; }
                }
                return next;
            }
        }

        /// <summary>Fills free slots from the listener; with none free, a waiting connection takes the slot of the longest-idle keep-alive one.</summary>
        private void AcceptWaiting(long nowMs)
        {
            while (true)
            {
                HttpSlot target = null;
                HttpSlot idle = null;
                for (int i = 0; i < _slots.Length; i++)
                {
                    HttpSlot s = _slots[i];
                    if (s.Phase == HttpSlot.Free)
                    {
                        target = s;
                        break;
                    }
                    // The idle one whose timer runs out first has waited longest.
                    if (s.IsIdle && (idle == null || s.DeadlineMs < idle.DeadlineMs))
                    {
                        idle = s;
                    }
                }
                if (target == null && idle == null)
                {
                    return;
                }
                TcpConnection c = _listener.Accept();
                if (c == null)
                {
                    return;
                }
                if (target == null)
                {
                    idle.Evict();
                    _counters.IdleEvictions++;
                    target = idle;
                }
                target.Start(c, nowMs);
            }
        }
    }
}
