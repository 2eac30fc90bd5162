using System;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// An authoritative DNS server for one small <see cref="DnsZone"/> (or, as a captive portal, for every name), on UDP
    /// and on TCP with RFC 7766's two-byte length prefix. Queries are answered by a <see cref="DnsAnswerer"/>; over UDP a
    /// per-source rate limit drops what comes too fast, and each answer is bounded by a multiple of its query's size.
    /// Everything is allocated here; Poll allocates nothing. Poll-driven: call <see cref="Poll"/> after the stack's.
    /// </summary>
    public class DnsServer
    {
        private readonly NetworkStack _stack;
        private readonly DnsServerConfig _config;
        private readonly DnsZone _zone;
        private readonly DnsServerCounters _counters = new DnsServerCounters();
        private readonly DnsAnswerer _answerer;
        private readonly DnsRateLimiter _limiter;
        private readonly UdpSocket _socket;
        private readonly byte[] _query;
        private readonly byte[] _response;
        private readonly TcpListener _listener;
        private readonly TcpConnection[] _clients;
        // Each TCP slot's query length once its prefix is read (-1 before).
        private readonly int[] _tcpLength;
        private readonly long[] _tcpLastMs;
        private long _lastNowMs;

        /// <summary>
        /// Binds UDP <see cref="DnsServerConfig.Port"/> (and listens on TCP when <paramref name="tcp"/> is given and the
        /// configuration asks) and allocates every buffer. Throws on a bad config, a port in use, or no socket (configuration errors).
        /// </summary>
        public DnsServer(NetworkStack stack, TcpLayer tcp, DnsServerConfig config, DnsZone zone) : this(stack, tcp, config, zone, null, null)
        {
        }

        /// <summary>
        /// As above, with the query and answer buffers given (each at least <see cref="DnsServerConfig.MessageBytes"/>; null:
        /// allocated here). Services that use them only inside their Poll may share them (the device app gives the same two
        /// to the mDNS responder).
        /// </summary>
        public DnsServer(NetworkStack stack, TcpLayer tcp, DnsServerConfig config, DnsZone zone, byte[] query, byte[] response)
            : this(stack, tcp, config, zone, query, response, null, null)
        {
        }

        /// <summary>
        /// As above, with the message reader and writer given too (null: its own): the device app shares one pair among
        /// its DNS services (the resolver, this server, the mDNS responder), each of which begins them afresh on each message.
        /// </summary>
        public DnsServer(NetworkStack stack, TcpLayer tcp, DnsServerConfig config, DnsZone zone, byte[] query, byte[] response,
            DnsReader reader, DnsWriter writer)
        {
            if (stack == null || config == null || zone == null)
            {
                throw new ArgumentNullException("stack");
            }
            config.Validate();
            _stack = stack;
            _config = config;
            _zone = zone;
            _answerer = new DnsAnswerer(zone, config, _counters, reader, writer);
            _limiter = new DnsRateLimiter(config.RateLimitSources, config.RateLimitPerSecond, config.RateLimitBurst);
            _query = query != null && query.Length >= config.MessageBytes ? query : new byte[config.MessageBytes];
            _response = response != null && response.Length >= config.MessageBytes ? response : new byte[config.MessageBytes];
            _socket = stack.Udp.Open(config.MessageBytes);
            if (_socket == null || !_socket.Bind(config.Port))
            {
                throw new InvalidOperationException("dns server: no UDP socket or port taken");
            }
            if (tcp != null && config.TcpEnabled && config.TcpSlots > 0)
            {
                if (config.MessageBytes + 2 > tcp.Config.SendBufferBytes || config.MessageBytes + 2 > tcp.Config.ReceiveBufferBytes)
                {
                    // A whole query (and a whole answer) must fit the connection's rings.
                    throw new ArgumentException("DnsServerConfig.MessageBytes + 2 exceeds TcpConfig's ring sizes");
                }
                _listener = tcp.Listen((ushort)config.Port, config.TcpSlots);
                _clients = new TcpConnection[config.TcpSlots];
                _tcpLength = new int[config.TcpSlots];
                _tcpLastMs = new long[config.TcpSlots];
            }
        }

        /// <summary>The configuration.</summary>
        public DnsServerConfig Config { get { return _config; } }

        /// <summary>The zone served.</summary>
        public DnsZone Zone { get { return _zone; } }

        /// <summary>What was asked, answered and dropped.</summary>
        public DnsServerCounters Counters { get { return _counters; } }

        /// <summary>The UDP socket (for diagnostics).</summary>
        public UdpSocket Socket { get { return _socket; } }

        /// <summary>The TCP listener, null without TCP.</summary>
        public TcpListener Listener { get { return _listener; } }

        /// <summary>Sources the rate limiter tracks now.</summary>
        public int RateLimitedSources { get { return _limiter.Tracked; } }

        /// <summary>Answers what has arrived (at most <see cref="DnsServerConfig.DatagramsPerPoll"/> datagrams, as many TCP queries per client); never blocks.</summary>
        public void Poll(long nowMs)
        {
            _lastNowMs = nowMs;
            for (int i = 0; i < _config.DatagramsPerPoll && _socket.QueuedDatagrams > 0; i++)
            {
                ServeDatagram(nowMs);
            }
            if (_listener != null)
            {
                for (int slot = 0; slot < _clients.Length; slot++)
                {
                    ServeTcp(slot, nowMs);
                }
            }
        }

        /// <summary>When the server must be polled next (absolute ms): at once with datagrams waiting, else a TCP client's idle deadline.</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (_socket.QueuedDatagrams > 0)
                {
                    return _lastNowMs;
                }
                long next = long.MaxValue;
                for (int slot = 0; _clients != null && slot < _clients.Length; slot++)
                {
                    if (_clients[slot] != null)
                    {
                        long d = _tcpLastMs[slot] + _config.TcpIdleTimeoutMs;
                        if (d < next)
                        {
                            next = d;
                        }
                    }
                }
                return next;
            }
        }

        private void ServeDatagram(long nowMs)
        {
            uint source;
            int sourcePort;
            _counters.QueriesUdp++;
            if (_socket.NextDatagramLength > _query.Length)
            {
                _socket.TryReceiveFrom(_query, 0, _query.Length, out source, out sourcePort);
                _counters.TooLarge++;
                return;
            }
            int length = _socket.TryReceiveFrom(_query, 0, _query.Length, out source, out sourcePort);
            if (length < 0)
            {
                return;
            }
            if (sourcePort == 0)
            {
                _counters.BadSourcePort++;
                return;
            }
            uint address = _stack.Interface.Address;
            if (source == 0 || source == 0xFFFFFFFF || (source & 0xF0000000) == 0xE0000000 || source == address
                || source == _stack.Interface.SubnetBroadcast)
            {
                // No answer to a source that is not one host: it would go to many, or to us.
                _counters.BadSource++;
                return;
            }
            if (!_limiter.Allow(source, nowMs))
            {
                _counters.RateLimited++;
                return;
            }
            int answer = _answerer.Answer(_query, length, _response, address, false);
            if (answer > 0 && !_socket.SendTo(source, sourcePort, _response, 0, answer))
            {
                _counters.SendFailures++;
            }
        }

        // RFC 7766 §8: each message prefixed by its length in two bytes; queries may be pipelined, answered in order.
        // A query waits in the connection's own receive ring until it is there whole (the ring is larger than any query
        // we take), then is read straight into the query buffer: no buffer per slot.
        private void ServeTcp(int slot, long nowMs)
        {
            TcpConnection client = _clients[slot];
            if (client == null)
            {
                client = _listener.Accept();
                if (client == null)
                {
                    return;
                }
                client.NoDelay = true;
                _clients[slot] = client;
                _tcpLength[slot] = -1;
                _tcpLastMs[slot] = nowMs;
                _counters.TcpConnections++;
            }
            for (int query = 0; query < _config.DatagramsPerPoll; query++)
            {
                int length = _tcpLength[slot];
                if (length < 0)
                {
                    // The prefix goes through the query buffer (nothing else is in it between queries): one array less.
                    if (client.BytesAvailable < 2 || client.Receive(_query, 0, 2) != 2)
                    {
                        break;
                    }
                    length = BigEndian.ReadUInt16(_query, 0);
                    _tcpLength[slot] = length;
                    _tcpLastMs[slot] = nowMs;
                    if (length > _query.Length || length < DnsHeader.Length)
                    {
                        // Larger than we take, or too short to be a message: nothing sensible can follow on this stream.
                        _counters.QueriesTcp++;
                        if (length > _query.Length)
                        {
                            _counters.TooLarge++;
                        }
                        else
                        {
                            _counters.Malformed++;
                        }
                        Drop(slot, true);
                        return;
                    }
                }
                if (client.BytesAvailable < length || client.SendSpace < _config.MessageBytes + 2)
                {
                    // Not all there yet, or no room for the largest answer: wait (the query stays in the ring).
                    break;
                }
                client.Receive(_query, 0, length);
                _tcpLength[slot] = -1;
                _tcpLastMs[slot] = nowMs;
                _counters.QueriesTcp++;
                int answer = _answerer.Answer(_query, length, _response, _stack.Interface.Address, true);
                if (answer > 0)
                {
                    BigEndian.WriteUInt16(_query, 0, answer);
                    if (client.Send(_query, 0, 2) != 2 || client.Send(_response, 0, answer) != answer)
                    {
                        _counters.SendFailures++;
                    }
                }
            }
            // IsReceiveClosed: the client's FIN came and every byte before it was read, so no query is left to answer.
            if (client.State == TcpState.Closed || client.IsReceiveClosed)
            {
                Drop(slot, false);
            }
            else if (nowMs - _tcpLastMs[slot] >= _config.TcpIdleTimeoutMs)
            {
                _counters.TcpIdleClosed++;
                Drop(slot, false);
            }
        }

        private void Drop(int slot, bool abort)
        {
            if (abort)
            {
                _clients[slot].Abort();
            }
            else
            {
                _clients[slot].Close();
            }
            _clients[slot] = null;
            _tcpLength[slot] = -1;
        }
    }
}
