using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// A stub resolver for IPv4 addresses (RFC 1035 §7, RFC 1123 §6.1.3), in the stack's poll style: <see cref="Resolve"/>
    /// starts a lookup and returns a handle, <see cref="GetStatus"/> says when it is done, <see cref="Release"/> frees it.
    /// Each query has a random ID and goes out from a fresh socket on a random port (RFC 5452 §9.2); an answer is taken only
    /// from the server asked, port 53, with the query's ID and question (anything else is dropped and counted, §9.1).
    /// Attempts go to the servers in turn with a timeout that doubles each round. CNAMEs are followed (in the answer, or
    /// with a new query) up to a bound. Answers are cached for their TTL, and NXDOMAIN/NODATA for the SOA's negative TTL
    /// (RFC 2308 §5). Servers come from DHCP or the configuration (<see cref="SetServer"/>). Allocated once; a lookup
    /// allocates nothing.
    /// </summary>
    public sealed class DnsResolver
    {
        /// <summary>Servers the resolver keeps.</summary>
        public const int MaxServers = 3;

        private const int Free = 0;
        private const int Asking = 1;
        private const int Done = 2;
        private const int ServerPort = 53;

        private readonly NetworkStack _stack;
        private readonly DnsResolverConfig _config;
        private readonly IRandomSource _random;
        private readonly DnsResolverCounters _counters = new DnsResolverCounters();
        private readonly DnsCache _cache;
        private readonly DnsReader _reader;
        private readonly byte[] _message;
        private readonly uint[] _servers = new uint[MaxServers];
        private int _serverCount;

        // Per query slot.
        private readonly int _nameBytes;
        private readonly byte[] _names;          // the name asked for
        private readonly byte[] _current;        // the name being asked now (after CNAMEs)
        // Per query slot, in two arrays rather than a field each (nanoCLR spends a heap block per field and per array):
        // state, generation, status, ID, server index, attempts, CNAME hops; then deadline and TTL.
        private const int SlotState = 0;
        private const int SlotGeneration = 1;
        private const int SlotStatus = 2;
        private const int SlotId = 3;
        private const int SlotServer = 4;
        private const int SlotAttempts = 5;
        private const int SlotHops = 6;
        private const int SlotFields = 7;
        private const int SlotDeadlineMs = 0;
        private const int SlotTtlSeconds = 1;
        private readonly int[] _slots;
        private readonly long[] _slotTimes;
        private readonly UdpSocket[] _sockets;
        private readonly uint[] _addresses;

        /// <summary>Allocates the cache, the message buffer and the query slots.</summary>
        public DnsResolver(NetworkStack stack, DnsResolverConfig config, IRandomSource random)
            : this(stack, config, random, null)
        {
        }

        /// <summary>
        /// As above, with a message buffer of at least <see cref="DnsResolverConfig.MessageBytes"/> that the resolver may
        /// share with others polled from the same loop (DHCP, SNTP): it holds nothing in it between two calls.
        /// </summary>
        public DnsResolver(NetworkStack stack, DnsResolverConfig config, IRandomSource random, byte[] messageBuffer)
            : this(stack, config, random, messageBuffer, null)
        {
        }

        /// <summary>
        /// As above, parsing answers with <paramref name="reader"/> (null: its own), which the other DNS services polled from
        /// the same loop may share: the resolver begins it afresh on each answer.
        /// </summary>
        public DnsResolver(NetworkStack stack, DnsResolverConfig config, IRandomSource random, byte[] messageBuffer, DnsReader reader)
        {
            if (stack == null || config == null || random == null)
            {
                throw new System.ArgumentNullException("stack");
            }
            config.Validate();
            if (messageBuffer != null && messageBuffer.Length < config.MessageBytes)
            {
                throw new System.ArgumentException("dns: the message buffer is smaller than DnsResolverConfig.MessageBytes");
            }
            _stack = stack;
            _config = config;
            _random = random;
            _reader = reader ?? new DnsReader();
            _cache = new DnsCache(config.CacheEntries, config.CacheNameBytes);
            _message = messageBuffer ?? new byte[config.MessageBytes];
            int slots = config.MaxQueries;
            _nameBytes = config.MaxNameBytes;
            _names = new byte[slots * _nameBytes];
            _current = new byte[slots * _nameBytes];
            _slots = new int[slots * SlotFields];
            _slotTimes = new long[slots * 2];
            _sockets = new UdpSocket[slots];
            _addresses = new uint[slots];
        }

        /// <summary>The counters.</summary>
        public DnsResolverCounters Counters { get { return _counters; } }

        /// <summary>The cache.</summary>
        public DnsCache Cache { get { return _cache; } }

        /// <summary>Servers known.</summary>
        public int ServerCount { get { return _serverCount; } }

        /// <summary>Server <paramref name="index"/> (host order).</summary>
        public uint GetServer(int index) { return _servers[index]; }

        /// <summary>
        /// Sets the servers to <paramref name="count"/> addresses from <paramref name="servers"/> (at most
        /// <see cref="MaxServers"/>; zeros skipped). When they change, the cache is cleared (another view of the world).
        /// </summary>
        public void SetServers(uint[] servers, int count)
        {
            int n = 0;
            bool changed = false;
            for (int i = 0; i < count && n < MaxServers; i++)
            {
                if (servers[i] == 0)
                {
                    continue;
                }
                if (n >= _serverCount || _servers[n] != servers[i])
                {
                    changed = true;
                }
                _servers[n++] = servers[i];
            }
            if (n != _serverCount)
            {
                changed = true;
            }
            _serverCount = n;
            if (changed)
            {
                _cache.Clear();
            }
        }

        /// <summary>
        /// Starts looking up <paramref name="name"/> (dotted, e.g. "api.example.com"; a dotted-quad literal resolves at once).
        /// Returns a handle for <see cref="GetStatus"/>, or -1 (counted) when the name is malformed or longer than
        /// <see cref="DnsResolverConfig.MaxNameBytes"/>, or every query slot is busy. A cached answer is ready at once.
        /// </summary>
        public int Resolve(string name, long nowMs)
        {
            int slot = FreeSlot();
            if (slot < 0 || name == null)
            {
                _counters.Refused++;
                return -1;
            }
            int at = slot * _nameBytes;
            if (DnsName.FromDotted(name, _names, at, _nameBytes) < 2)
            {
                // Malformed, too long, or the root (no address to find there).
                _counters.Refused++;
                return -1;
            }
            _counters.Lookups++;
            _slots[slot * SlotFields + SlotState] = Done;
            _slots[slot * SlotFields + SlotGeneration] = (_slots[slot * SlotFields + SlotGeneration] + 1) & 0x7FFFFF;
            int handle = (_slots[slot * SlotFields + SlotGeneration] << 4) | slot;
            uint literal;
            if (TryParseQuad(name, out literal))
            {
                Finish(slot, DnsStatus.Resolved, literal);
                return handle;
            }
            int cached = _cache.Find(_names, at, nowMs);
            if (cached >= 0)
            {
                if (_cache.IsNegative(cached))
                {
                    _counters.NegativeHits++;
                    Finish(slot, DnsStatus.NotFound, 0);
                }
                else
                {
                    _counters.CacheHits++;
                    Finish(slot, DnsStatus.Resolved, _cache.GetAddress(cached));
                }
                return handle;
            }
            if (_serverCount == 0)
            {
                Finish(slot, DnsStatus.Failed, 0);
                return handle;
            }
            System.Array.Copy(_names, at, _current, at, _nameBytes);
            _slots[slot * SlotFields + SlotHops] = 0;
            _slotTimes[slot * 2 + SlotTtlSeconds] = long.MaxValue;
            _slots[slot * SlotFields + SlotState] = Asking;
            _slots[slot * SlotFields + SlotStatus] = (int)DnsStatus.Pending;
            StartQuery(slot, nowMs);
            return handle;
        }

        /// <summary>Where the lookup of <paramref name="handle"/> stands.</summary>
        public DnsStatus GetStatus(int handle)
        {
            int slot = Slot(handle);
            return slot < 0 ? DnsStatus.Invalid : (DnsStatus)_slots[slot * SlotFields + SlotStatus];
        }

        /// <summary>The address found for <paramref name="handle"/> (host order), 0 unless resolved.</summary>
        public uint GetAddress(int handle)
        {
            int slot = Slot(handle);
            return slot >= 0 && _slots[slot * SlotFields + SlotStatus] == (int)DnsStatus.Resolved ? _addresses[slot] : 0;
        }

        /// <summary>Frees the handle (a lookup still in progress is abandoned).</summary>
        public void Release(int handle)
        {
            int slot = Slot(handle);
            if (slot >= 0)
            {
                CloseSocket(slot);
                _slots[slot * SlotFields + SlotState] = Free;
                _slots[slot * SlotFields + SlotGeneration] = (_slots[slot * SlotFields + SlotGeneration] + 1) & 0x7FFFFF;
            }
        }

        /// <summary>Takes in answers and runs the timeouts.</summary>
        public void Poll(long nowMs)
        {
            for (int slot = 0; slot < _sockets.Length; slot++)
            {
                if (_slots[slot * SlotFields + SlotState] != Asking)
                {
                    continue;
                }
                Receive(slot, nowMs);
                if (_slots[slot * SlotFields + SlotState] == Asking && nowMs >= _slotTimes[slot * 2 + SlotDeadlineMs])
                {
                    _counters.Timeouts++;
                    NextAttempt(slot, nowMs);
                }
            }
        }

        /// <summary>When <see cref="Poll"/> next has work (absolute ms): a waiting answer now, else the earliest timeout.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = long.MaxValue;
                for (int slot = 0; slot < _sockets.Length; slot++)
                {
                    if (_slots[slot * SlotFields + SlotState] != Asking)
                    {
                        continue;
                    }
                    if (_sockets[slot] != null && _sockets[slot].QueuedDatagrams > 0)
                    {
                        return 0;
                    }
                    if (_slotTimes[slot * 2 + SlotDeadlineMs] < next)
                    {
                        next = _slotTimes[slot * 2 + SlotDeadlineMs];
                    }
                }
                return next;
            }
        }

        /// <summary>Lookups in progress.</summary>
        public int Pending
        {
            get
            {
                int n = 0;
                for (int slot = 0; slot < _sockets.Length; slot++)
                {
                    if (_slots[slot * SlotFields + SlotState] == Asking)
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        // ------------------------------------------------------------------ asking

        private void StartQuery(int slot, long nowMs)
        {
            _slots[slot * SlotFields + SlotAttempts] = 0;
            _slots[slot * SlotFields + SlotServer] = 0;
            CloseSocket(slot);
            // RFC 5452 §9.2: a fresh random source port for each query (a random ephemeral port from the stack).
            // The smallest free ring that holds a whole answer (StackConfig.UdpSocketRingBytes).
            UdpSocket socket = _stack.Udp.Open(_config.MessageBytes);
            if (socket == null || !socket.Bind(0))
            {
                if (socket != null)
                {
                    socket.Close();
                }
                _counters.NoSocket++;
                Finish(slot, DnsStatus.Failed, 0);
                return;
            }
            _sockets[slot] = socket;
            Send(slot, nowMs);
        }

        private void Send(int slot, long nowMs)
        {
            _slots[slot * SlotFields + SlotId] = (int)(_random.NextUInt32() & 0xFFFF);
            // A query is a header and one question (RFC 1035 §4.1): written here, no compression to do.
            int at = slot * _nameBytes;
            int nameLength = DnsName.Length(_current, at);
            DnsHeader.Write(_message, _slots[slot * SlotFields + SlotId], DnsHeader.MakeFlags(false, DnsHeader.OpcodeQuery, DnsHeader.FlagRecursionDesired, 0), 1, 0, 0, 0);
            System.Array.Copy(_current, at, _message, DnsHeader.Length, nameLength);
            int length = DnsHeader.Length + nameLength;
            Firmware.Net.Wire.BigEndian.WriteUInt16(_message, length, DnsType.A);
            Firmware.Net.Wire.BigEndian.WriteUInt16(_message, length + 2, DnsType.ClassIn);
            length += 4;
            int round = _slots[slot * SlotFields + SlotAttempts] / _serverCount;
            _slotTimes[slot * 2 + SlotDeadlineMs] = nowMs + ((long)_config.TimeoutMs << (round > 8 ? 8 : round));
            _slots[slot * SlotFields + SlotAttempts]++;
            _counters.QueriesOut++;
            _sockets[slot].SendTo(_servers[_slots[slot * SlotFields + SlotServer]], ServerPort, _message, 0, length);
        }

        private void NextAttempt(int slot, long nowMs)
        {
            if (_slots[slot * SlotFields + SlotAttempts] >= _config.Attempts || _serverCount == 0)
            {
                Finish(slot, DnsStatus.Failed, 0);
                return;
            }
            _slots[slot * SlotFields + SlotServer] = (_slots[slot * SlotFields + SlotServer] + 1) % _serverCount;
            Send(slot, nowMs);
        }

        // ------------------------------------------------------------------ answers

        private void Receive(int slot, long nowMs)
        {
            UdpSocket socket = _sockets[slot];
            int next;
            while (_slots[slot * SlotFields + SlotState] == Asking && (next = socket.NextDatagramLength) >= 0)
            {
                uint source;
                int sourcePort;
                int length = socket.TryReceiveFrom(_message, 0, _message.Length, out source, out sourcePort);
                if (length < 0)
                {
                    // Longer than our buffer (dropped by the socket): an answer we cannot read is a failed attempt.
                    _counters.Malformed++;
                    continue;
                }
                if (source != _servers[_slots[slot * SlotFields + SlotServer]] || sourcePort != ServerPort)
                {
                    _counters.MismatchedSource++;
                    continue;
                }
                Answer(slot, length, nowMs);
            }
        }

        private void Answer(int slot, int length, long nowMs)
        {
            DnsReader r = _reader;
            if (!r.Begin(_message, length) || !DnsHeader.IsResponse(_message))
            {
                _counters.Malformed++;
                return;
            }
            if (DnsHeader.GetId(_message) != _slots[slot * SlotFields + SlotId])
            {
                _counters.MismatchedId++;
                return;
            }
            int at = slot * _nameBytes;
            if (DnsHeader.GetQuestionCount(_message) != 1 || !r.Next()
                || r.Type != DnsType.A || r.Class != DnsType.ClassIn || !DnsName.EqualsInMessage(_message, length, r.NameOffset, _current, at))
            {
                if (r.Malformed)
                {
                    _counters.Malformed++;
                }
                else
                {
                    _counters.MismatchedQuestion++;
                }
                return;
            }
            int rcode = DnsHeader.GetRcode(_message);
            if (DnsHeader.GetOpcode(_message) != DnsHeader.OpcodeQuery || DnsHeader.IsTruncated(_message)
                || (rcode != DnsHeader.RcodeNoError && rcode != DnsHeader.RcodeNameError))
            {
                // SERVFAIL, REFUSED, NOTIMP, FORMERR, or an answer cut short: this server cannot help now; ask the next.
                _counters.ResponsesIn++;
                _counters.ServerFailures++;
                NextAttempt(slot, nowMs);
                return;
            }
            // Follow the chain inside the answer section: an A for the current name, else its CNAME, a bounded number of times.
            bool moved = false;
            while (true)
            {
                long ttl;
                uint address = FindAddress(length, at, out ttl);
                if (r.Malformed)
                {
                    _counters.Malformed++;
                    return;
                }
                if (address != 0)
                {
                    _counters.ResponsesIn++;
                    if (ttl < _slotTimes[slot * 2 + SlotTtlSeconds])
                    {
                        _slotTimes[slot * 2 + SlotTtlSeconds] = ttl;
                    }
                    _cache.Store(_names, at, false, address, Cap(_slotTimes[slot * 2 + SlotTtlSeconds], _config.MaxTtlSeconds), nowMs);
                    Finish(slot, DnsStatus.Resolved, address);
                    return;
                }
                int followed = FollowCname(length, at, out ttl);
                if (followed < 0)
                {
                    // A CNAME whose target cannot be read, or is longer than we keep: this lookup cannot go on.
                    _counters.Malformed++;
                    Finish(slot, DnsStatus.Failed, 0);
                    return;
                }
                if (followed == 0)
                {
                    break;
                }
                moved = true;
                if (ttl < _slotTimes[slot * 2 + SlotTtlSeconds])
                {
                    _slotTimes[slot * 2 + SlotTtlSeconds] = ttl;
                }
                _counters.CnamesFollowed++;
                if (++_slots[slot * SlotFields + SlotHops] > _config.MaxCnameHops)
                {
                    _counters.ResponsesIn++;
                    Finish(slot, DnsStatus.Failed, 0);
                    return;
                }
            }
            if (r.Malformed)
            {
                _counters.Malformed++;
                return;
            }
            _counters.ResponsesIn++;
            if (rcode == DnsHeader.RcodeNoError && moved)
            {
                // The chain ends at a name this answer says nothing more about: ask for it (RFC 1034 §5.3.3).
                CloseSocket(slot);
                StartQuery(slot, nowMs);
                return;
            }
            // NXDOMAIN, or NODATA (no A record): cache it for the SOA's negative TTL, when there is one (RFC 2308 §5).
            long negativeTtl = NegativeTtl(length);
            if (negativeTtl > 0)
            {
                _cache.Store(_names, at, true, 0, Cap(negativeTtl, _config.MaxNegativeTtlSeconds), nowMs);
            }
            Finish(slot, DnsStatus.NotFound, 0);
        }

        // The first A record in the answer section owned by the current name; 0 when none.
        private uint FindAddress(int length, int at, out long ttl)
        {
            ttl = 0;
            DnsReader r = _reader;
            r.Begin(_message, length);
            r.Next();
            while (r.Next() && r.Section == DnsSection.Answer)
            {
                if (r.Type == DnsType.A && r.Class == DnsType.ClassIn && r.DataLength == 4
                    && DnsName.EqualsInMessage(_message, length, r.NameOffset, _current, at))
                {
                    ttl = r.Ttl;
                    return r.ReadAddress();
                }
            }
            return 0;
        }

        // Replaces the current name with its CNAME's target from the answer section: 1 done, 0 none, -1 unusable target.
        private int FollowCname(int length, int at, out long ttl)
        {
            ttl = 0;
            DnsReader r = _reader;
            r.Begin(_message, length);
            r.Next();
            while (r.Next() && r.Section == DnsSection.Answer)
            {
                if (r.Type == DnsType.CNAME && r.Class == DnsType.ClassIn
                    && DnsName.EqualsInMessage(_message, length, r.NameOffset, _current, at))
                {
                    int end;
                    // The target's own bytes must lie within the RDATA (its labels may point elsewhere, never outside the message).
                    if (DnsName.Read(_message, length, r.DataOffset, _current, at, _nameBytes, out end) < 2 || end > r.DataOffset + r.DataLength)
                    {
                        return -1;
                    }
                    ttl = r.Ttl;
                    return 1;
                }
            }
            return 0;
        }

        // RFC 2308 §5: the negative TTL is the SOA record's TTL, at most its MINIMUM field.
        private long NegativeTtl(int length)
        {
            DnsReader r = _reader;
            r.Begin(_message, length);
            r.Next();
            while (r.Next())
            {
                if (r.Section == DnsSection.Authority && r.Type == DnsType.SOA && r.DataLength >= 22)
                {
                    long minimum = Firmware.Net.Wire.BigEndian.ReadUInt32(_message, r.DataOffset + r.DataLength - 4);
                    return r.Ttl < minimum ? r.Ttl : minimum;
                }
                if (r.Section == DnsSection.Additional)
                {
                    break;
                }
            }
            return 0;
        }

        private void Finish(int slot, DnsStatus status, uint address)
        {
            CloseSocket(slot);
            _slots[slot * SlotFields + SlotState] = Done;
            _slots[slot * SlotFields + SlotStatus] = (int)status;
            _addresses[slot] = address;
            if (status == DnsStatus.Resolved)
            {
                _counters.Resolved++;
            }
            else if (status == DnsStatus.NotFound)
            {
                _counters.NotFound++;
            }
            else
            {
                _counters.Failed++;
            }
        }

        private void CloseSocket(int slot)
        {
            if (_sockets[slot] != null)
            {
                _sockets[slot].Close();
                _sockets[slot] = null;
            }
        }

        private int FreeSlot()
        {
            for (int slot = 0; slot < _sockets.Length; slot++)
            {
                if (_slots[slot * SlotFields + SlotState] == Free)
                {
                    return slot;
                }
            }
            return -1;
        }

        private int Slot(int handle)
        {
            if (handle < 0)
            {
                return -1;
            }
            int slot = handle & 0x0F;
            if (slot >= _sockets.Length || _slots[slot * SlotFields + SlotState] == Free || _slots[slot * SlotFields + SlotGeneration] != (handle >> 4))
            {
                return -1;
            }
            return slot;
        }

        private static long Cap(long ttl, int max)
        {
            return ttl > max ? max : ttl;
        }

        // "a.b.c.d" with each part 0-255: an address literal needs no lookup.
        private static bool TryParseQuad(string text, out uint address)
        {
            address = 0;
            int parts = 0;
            int value = -1;
            for (int i = 0; i <= text.Length; i++)
            {
                char c = i < text.Length ? text[i] : '.';
                if (c == '.')
                {
                    if (value < 0 || parts == 4)
                    {
                        return false;
                    }
                    address = (address << 8) | (uint)value;
                    parts++;
                    value = -1;
                    continue;
                }
                if (c < '0' || c > '9')
                {
                    return false;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255)
                {
                    return false;
                }
            }
            return parts == 4;
        }
    }
}
