using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Dns;

namespace Firmware.Services.Sntp
{
    /// <summary>
    /// An SNTP client (RFC 4330 unicast mode) that sets a <see cref="WallClock"/>. The server is DHCP's (option 42, given
    /// through <see cref="SetServer"/>), else the configured address, else the configured name looked up through the
    /// resolver. Each request goes from a fresh random port with a random 64-bit transmit timestamp; a reply counts only
    /// from that server's port 123, in mode 4, echoing that timestamp as its originate timestamp, from a synchronized
    /// server (LI not 3, stratum 1–15, a transmit time, a sane root distance). Stratum 0 is a kiss-o'-death: RATE doubles
    /// the interval, DENY and RSTR drop the server for the longest interval (§8). The clock is set from T3 plus half the
    /// round trip less the server's time; the poll interval then doubles from <see cref="SntpConfig.MinPollSeconds"/> up
    /// to <see cref="SntpConfig.MaxPollSeconds"/>. Allocated once; a poll round allocates nothing.
    /// </summary>
    public sealed class SntpClient
    {
        private const int StateIdle = 0;
        private const int StateResolving = 1;
        private const int StateWaiting = 2;

        private readonly NetworkStack _stack;
        private readonly SntpConfig _config;
        private readonly WallClock _clock;
        private readonly DnsResolver _resolver;
        private readonly IRandomSource _random;
        private readonly SntpCounters _counters = new SntpCounters();
        // The header and an optional authenticator (RFC 4330 §4: key identifier and MD5 digest, 20 bytes).
        private const int MessageBytes = SntpPacket.Length + 20;

        private readonly byte[] _buffer;
        private UdpSocket _socket;
        // The scalar state, in one int array and one long array rather than a field each (on nanoCLR every field is a heap
        // block of its own): the private properties below keep the names the fields had.
        private readonly int[] _intFields = new int[] { 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0 };
        private readonly long[] _longFields = new long[] { 0, 0, long.MaxValue, -1, 0 };
        private int _state { get { return _intFields[0]; } set { _intFields[0] = value; } }
        private uint _dhcpServer { get { return (uint)_intFields[1]; } set { _intFields[1] = (int)value; } }
        private uint _resolvedServer { get { return (uint)_intFields[2]; } set { _intFields[2] = (int)value; } }
        private uint _server { get { return (uint)_intFields[3]; } set { _intFields[3] = (int)value; } }
        private int _handle { get { return _intFields[4]; } set { _intFields[4] = value; } }
        private uint _nonceHigh { get { return (uint)_intFields[5]; } set { _intFields[5] = (int)value; } }
        private uint _nonceLow { get { return (uint)_intFields[6]; } set { _intFields[6] = (int)value; } }
        private long _sentMs { get { return _longFields[0]; } set { _longFields[0] = value; } }
        private long _deadlineMs { get { return _longFields[1]; } set { _longFields[1] = value; } }
        private long _nextRoundMs { get { return _longFields[2]; } set { _longFields[2] = value; } }
        private int _attempts { get { return _intFields[7]; } set { _intFields[7] = value; } }
        private int _intervalSeconds { get { return _intFields[8]; } set { _intFields[8] = value; } }
        private bool _started { get { return _intFields[9] != 0; } set { _intFields[9] = value ? 1 : 0; } }
        private long _lastSyncMs { get { return _longFields[3]; } set { _longFields[3] = value; } }
        private long _lastDelayMs { get { return _longFields[4]; } set { _longFields[4] = value; } }
        private int _lastStratum { get { return _intFields[10]; } set { _intFields[10] = value; } }

        /// <summary>
        /// A client setting <paramref name="clock"/>; <paramref name="resolver"/> may be null when the server is never
        /// given by name.
        /// </summary>
        public SntpClient(NetworkStack stack, SntpConfig config, WallClock clock, DnsResolver resolver, IRandomSource random)
            : this(stack, config, clock, resolver, random, null)
        {
        }

        /// <summary>
        /// As above, with a message buffer (at least 68 bytes) that the client may share with others polled from the same
        /// loop (DHCP, the resolver): it holds nothing in it between two calls.
        /// </summary>
        public SntpClient(NetworkStack stack, SntpConfig config, WallClock clock, DnsResolver resolver, IRandomSource random, byte[] messageBuffer)
        {
            if (messageBuffer != null && messageBuffer.Length < MessageBytes)
            {
                throw new System.ArgumentException("sntp: the message buffer is smaller than 68 bytes");
            }
            _buffer = messageBuffer ?? new byte[MessageBytes];
            if (stack == null || config == null || clock == null || random == null)
            {
                throw new System.ArgumentNullException("stack");
            }
            config.Validate();
            _stack = stack;
            _config = config;
            _clock = clock;
            _resolver = resolver;
            _random = random;
            _intervalSeconds = config.MinPollSeconds;
        }

        /// <summary>The counters.</summary>
        public SntpCounters Counters { get { return _counters; } }

        /// <summary>The clock it sets.</summary>
        public WallClock Clock { get { return _clock; } }

        /// <summary>The server asked last (host order), 0 before any.</summary>
        public uint ServerAddress { get { return _server; } }

        /// <summary>When the clock was last set (monotonic ms), -1 never.</summary>
        public long LastSyncMs { get { return _lastSyncMs; } }

        /// <summary>The last exchange's round trip less the server's time, ms.</summary>
        public long LastDelayMs { get { return _lastDelayMs; } }

        /// <summary>The stratum of the server that last set the clock.</summary>
        public int LastStratum { get { return _lastStratum; } }

        /// <summary>The current poll interval, s.</summary>
        public int PollIntervalSeconds { get { return _intervalSeconds; } }

        /// <summary>When the next round starts (monotonic ms).</summary>
        public long NextRoundMs { get { return _nextRoundMs; } }

        /// <summary>
        /// The server from DHCP (option 42; 0 for none). A new one is asked at once; with none, the configured server is used.
        /// </summary>
        public void SetServer(uint address, long nowMs)
        {
            if (address == _dhcpServer)
            {
                return;
            }
            _dhcpServer = address;
            if (_started)
            {
                Abandon();
                _intervalSeconds = _config.MinPollSeconds;
                _nextRoundMs = nowMs;
            }
        }

        /// <summary>Starts: the first round runs at once (or when a server is known).</summary>
        public void Start(long nowMs)
        {
            _started = true;
            _nextRoundMs = nowMs;
        }

        /// <summary>Runs the round that is due: a lookup, a request, its retries, the reply.</summary>
        public void Poll(long nowMs)
        {
            if (!_started)
            {
                return;
            }
            if (_state == StateResolving)
            {
                PollLookup(nowMs);
                return;
            }
            if (_state == StateWaiting)
            {
                Receive(nowMs);
                if (_state == StateWaiting && nowMs >= _deadlineMs)
                {
                    _counters.Timeouts++;
                    if (_attempts >= _config.Attempts)
                    {
                        Failed(nowMs, _intervalSeconds);
                    }
                    else
                    {
                        Send(nowMs);
                    }
                }
                return;
            }
            if (nowMs < _nextRoundMs || _stack.Interface.Address == 0)
            {
                return;
            }
            uint server = _dhcpServer != 0 ? _dhcpServer : (_config.ServerAddress != 0 ? _config.ServerAddress : _resolvedServer);
            if (server == 0)
            {
                if (_config.ServerName == null || _resolver == null)
                {
                    _nextRoundMs = long.MaxValue;  // nobody to ask until DHCP names someone
                    return;
                }
                _handle = _resolver.Resolve(_config.ServerName, nowMs);
                if (_handle < 0)
                {
                    _counters.ResolveFailures++;
                    Failed(nowMs, _config.MinPollSeconds);
                    return;
                }
                _state = StateResolving;
                PollLookup(nowMs);
                return;
            }
            BeginRound(server, nowMs);
        }

        /// <summary>When <see cref="Poll"/> next has work (absolute ms).</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (!_started)
                {
                    return long.MaxValue;
                }
                if (_state == StateWaiting)
                {
                    return _socket != null && _socket.QueuedDatagrams > 0 ? 0 : _deadlineMs;
                }
                if (_state == StateResolving)
                {
                    return long.MaxValue;  // the resolver's own deadline wakes the loop; its answer is read in the next poll
                }
                return _nextRoundMs;
            }
        }

        /// <summary>The client's state as one line (allocates: for people).</summary>
        public string Describe(long nowMs)
        {
            string text = "sntp " + (_state == StateWaiting ? "asking " : _state == StateResolving ? "looking up " : "idle, ")
                + (_server != 0 ? "server " + PacketFormatter.FormatIp(_server) : "no server yet");
            if (_lastSyncMs >= 0)
            {
                text += ", synchronized " + ((nowMs - _lastSyncMs) / 1000).ToString() + " s ago (stratum " + _lastStratum.ToString()
                    + ", delay " + _lastDelayMs.ToString() + " ms, step " + _clock.LastStepMs.ToString() + " ms)";
            }
            return text + ", next in " + (_nextRoundMs == long.MaxValue ? "-" : ((_nextRoundMs - nowMs) / 1000).ToString() + " s")
                + ", interval " + _intervalSeconds.ToString() + " s";
        }

        private void PollLookup(long nowMs)
        {
            DnsStatus status = _resolver.GetStatus(_handle);
            if (status == DnsStatus.Pending)
            {
                return;
            }
            uint address = _resolver.GetAddress(_handle);
            _resolver.Release(_handle);
            _handle = -1;
            _state = StateIdle;
            if (status != DnsStatus.Resolved)
            {
                _counters.ResolveFailures++;
                Failed(nowMs, _intervalSeconds);
                return;
            }
            _resolvedServer = address;
            BeginRound(address, nowMs);
        }

        private void BeginRound(uint server, long nowMs)
        {
            _server = server;
            CloseSocket();
            // A ring for one reply (StackConfig.UdpSocketRingBytes): no more is ever read.
            UdpSocket socket = _stack.Udp.Open(MessageBytes);
            if (socket == null || !socket.Bind(0))
            {
                if (socket != null)
                {
                    socket.Close();
                }
                _counters.NoSocket++;
                Failed(nowMs, _config.MinPollSeconds);
                return;
            }
            _socket = socket;
            _attempts = 0;
            _state = StateWaiting;
            Send(nowMs);
        }

        private void Send(long nowMs)
        {
            _nonceHigh = _random.NextUInt32();
            _nonceLow = _random.NextUInt32();
            SntpPacket.WriteRequest(_buffer, _nonceHigh, _nonceLow);
            _sentMs = nowMs;
            _deadlineMs = nowMs + ((long)_config.TimeoutMs << (_attempts > 8 ? 8 : _attempts));
            _attempts++;
            _counters.RequestsOut++;
            _socket.SendTo(_server, SntpPacket.Port, _buffer, 0, SntpPacket.Length);
        }

        private void Receive(long nowMs)
        {
            int next;
            while (_state == StateWaiting && (next = _socket.NextDatagramLength) >= 0)
            {
                uint source;
                int sourcePort;
                // The buffer takes the header and an optional authenticator (RFC 4330 §4: 48 + 20 bytes); anything shorter
                // or longer is not an answer we can use (a longer one is dropped by the socket).
                int length = _socket.TryReceiveFrom(_buffer, 0, MessageBytes, out source, out sourcePort);
                if (length < SntpPacket.Length)
                {
                    _counters.Malformed++;
                    continue;
                }
                Reply(source, sourcePort, nowMs);
            }
        }

        private void Reply(uint source, int sourcePort, long nowMs)
        {
            if (source != _server || sourcePort != SntpPacket.Port)
            {
                _counters.WrongSource++;
                return;
            }
            int version = SntpPacket.GetVersion(_buffer);
            if (SntpPacket.GetMode(_buffer) != SntpPacket.ModeServer || version < 1 || version > 4)
            {
                _counters.WrongMode++;
                return;
            }
            if (BigEndian.ReadUInt32(_buffer, SntpPacket.OriginateOffset) != _nonceHigh
                || BigEndian.ReadUInt32(_buffer, SntpPacket.OriginateOffset + 4) != _nonceLow)
            {
                _counters.WrongOriginate++;
                return;
            }
            int stratum = SntpPacket.GetStratum(_buffer);
            if (stratum == 0)
            {
                // RFC 4330 §8: kiss-o'-death. RATE: slow down; DENY, RSTR (and any other code): stop asking this server for long.
                _counters.KissOfDeath++;
                uint code = BigEndian.ReadUInt32(_buffer, SntpPacket.ReferenceIdOffset);
                if (code != SntpPacket.KissRate)
                {
                    _resolvedServer = 0;
                }
                Failed(nowMs, code == SntpPacket.KissRate ? _intervalSeconds * 2 : _config.MaxPollSeconds);
                return;
            }
            long t2 = SntpPacket.ToUnixMs(_buffer, SntpPacket.ReceiveOffset);
            long t3 = SntpPacket.ToUnixMs(_buffer, SntpPacket.TransmitOffset);
            if (SntpPacket.GetLeap(_buffer) == SntpPacket.LeapAlarm || stratum > 15 || t3 < 0 || t2 < 0
                || SntpPacket.GetShortMs(_buffer, SntpPacket.RootDelayOffset) > _config.MaxRootDistanceMs
                || SntpPacket.GetShortMs(_buffer, SntpPacket.RootDispersionOffset) > _config.MaxRootDistanceMs)
            {
                _counters.Unsynchronized++;
                return;
            }
            // RFC 4330 §5: delay = (T4 - T1) - (T3 - T2); the time at T4 is T3 plus half that delay.
            long serverMs = t3 - t2;
            if (serverMs < 0)
            {
                serverMs = 0;
            }
            long delay = (nowMs - _sentMs) - serverMs;
            if (delay < 0)
            {
                delay = 0;
            }
            _clock.Set(t3 + delay / 2, nowMs);
            _counters.Synchronizations++;
            _lastSyncMs = nowMs;
            _lastDelayMs = delay;
            _lastStratum = stratum;
            CloseSocket();
            _state = StateIdle;
            // The interval backs off: the first after a sync is the minimum, then it doubles to the maximum.
            _nextRoundMs = nowMs + (long)_intervalSeconds * 1000;
            _intervalSeconds = _intervalSeconds * 2 > _config.MaxPollSeconds ? _config.MaxPollSeconds : _intervalSeconds * 2;
        }

        // A round without a good reply: try again after waitSeconds (at least the minimum), backing off.
        private void Failed(long nowMs, int waitSeconds)
        {
            _counters.FailedRounds++;
            CloseSocket();
            _state = StateIdle;
            if (waitSeconds < _config.MinPollSeconds)
            {
                waitSeconds = _config.MinPollSeconds;
            }
            if (waitSeconds > _config.MaxPollSeconds)
            {
                waitSeconds = _config.MaxPollSeconds;
            }
            _nextRoundMs = nowMs + (long)waitSeconds * 1000;
            _intervalSeconds = waitSeconds * 2 > _config.MaxPollSeconds ? _config.MaxPollSeconds : waitSeconds * 2;
            if (_dhcpServer == 0 && _config.ServerAddress == 0)
            {
                // A name is looked up again next time: its address may have moved.
                _resolvedServer = 0;
            }
        }

        private void Abandon()
        {
            if (_handle >= 0 && _resolver != null)
            {
                _resolver.Release(_handle);
                _handle = -1;
            }
            CloseSocket();
            _state = StateIdle;
        }

        private void CloseSocket()
        {
            if (_socket != null)
            {
                _socket.Close();
                _socket = null;
            }
        }
    }
}
