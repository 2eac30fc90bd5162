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
        private readonly byte[] _lengthPrefix = new byte[2];
        private readonly TcpListener _listener;
        private readonly TcpConnection[] _clients;
        // Each TCP slot's query as it arrives: its length prefix and message, at slot × (MessageBytes + 2).
        private readonly byte[] _tcpQueries;
        private readonly int[] _tcpFill;
        private readonly long[] _tcpLastMs;
        private long _lastNowMs;

        /// <summary>
        /// Binds UDP <see cref="DnsServerConfig.Port"/> (and listens on TCP when <paramref name="tcp"/> is given and the
        /// configuration asks) and allocates every buffer. Throws on a bad config, a port in use, or no socket (configuration errors).
        /// </summary>
        public DnsServer(NetworkStack stack, TcpLayer tcp, DnsServerConfig config, DnsZone zone)
        {
            if (stack == null || config == null || zone == null)
            {
                throw new ArgumentNullException("stack");
            }
            config.Validate();
            _stack = stack;
            _config = config;
            _zone = zone;
            _answerer = new DnsAnswerer(zone, config, _counters);
            _limiter = new DnsRateLimiter(config.RateLimitSources, config.RateLimitPerSecond, config.RateLimitBurst);
            _query = new byte[config.MessageBytes];
            _response = new byte[config.MessageBytes];
            _socket = stack.OpenUdp();
            if (_socket == null || !_socket.Bind(config.Port))
            {
                throw new InvalidOperationException("dns server: no UDP socket or port taken");
            }
            if (tcp != null && config.TcpEnabled && config.TcpSlots > 0)
            {
                if (config.MessageBytes + 2 > tcp.Config.SendBufferBytes)
                {
                    throw new ArgumentException("DnsServerConfig.MessageBytes + 2 exceeds TcpConfig.SendBufferBytes");
                }
                _listener = tcp.Listen((ushort)config.Port, config.TcpSlots);
                _clients = new TcpConnection[config.TcpSlots];
                _tcpQueries = new byte[config.TcpSlots * (config.MessageBytes + 2)];
                _tcpFill = new int[config.TcpSlots];
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
                _tcpFill[slot] = 0;
                _tcpLastMs[slot] = nowMs;
                _counters.TcpConnections++;
            }
            int capacity = _config.MessageBytes + 2;
            int start = slot * capacity;
            for (int query = 0; query < _config.DatagramsPerPoll; query++)
            {
                int fill = _tcpFill[slot];
                int wanted = fill < 2 ? 2 : 2 + BigEndian.ReadUInt16(_tcpQueries, start);
                if (fill >= 2 && (wanted - 2 > _config.MessageBytes || wanted - 2 < DnsHeader.Length))
                {
                    // Larger than we take, or too short to be a message: nothing sensible can follow on this stream.
                    _counters.QueriesTcp++;
                    if (wanted - 2 > _config.MessageBytes)
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
                if (fill < wanted)
                {
                    int n = client.Receive(_tcpQueries, start + fill, wanted - fill);
                    if (n <= 0)
                    {
                        break;
                    }
                    _tcpFill[slot] = fill + n;
                    _tcpLastMs[slot] = nowMs;
                    continue;
                }
                if (client.SendSpace < capacity)
                {
                    // Wait for the send ring to drain; the query stays until its answer fits whole.
                    break;
                }
                _counters.QueriesTcp++;
                Array.Copy(_tcpQueries, start + 2, _query, 0, wanted - 2);
                _tcpFill[slot] = 0;
                int answer = _answerer.Answer(_query, wanted - 2, _response, _stack.Interface.Address, true);
                if (answer > 0)
                {
                    BigEndian.WriteUInt16(_lengthPrefix, 0, answer);
                    if (client.Send(_lengthPrefix, 0, 2) != 2 || client.Send(_response, 0, answer) != answer)
                    {
                        _counters.SendFailures++;
                    }
                }
            }
            int held = _tcpFill[slot];
            bool waitingToAnswer = held >= 2 && held == 2 + BigEndian.ReadUInt16(_tcpQueries, start);
            if (client.State == TcpState.Closed || (client.IsReceiveClosed && !waitingToAnswer))
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
            _tcpFill[slot] = 0;
        }
    }
}
