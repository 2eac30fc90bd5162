using System;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// A Multicast DNS responder (RFC 6762) with DNS-SD (RFC 6763) on 224.0.0.251:5353: "&lt;label&gt;.local" (A), the
    /// reverse name of the device's address (PTR), and the web server as "&lt;label&gt;._http._tcp.local" (PTR from
    /// _http._tcp.local and from the _services._dns-sd._udp.local enumeration, SRV, TXT). It probes its name three times
    /// and takes "&lt;label&gt;-2", "-3"... when another host answers for it (§8.1, §9), announces twice (§8.3), answers
    /// by multicast, by unicast for the QU bit (§5.4) and to legacy unicast queries (§6.7: source port not 5353, ID and
    /// question echoed, TTL 10), leaves out what a query's known answers already hold (§7.1), and says goodbye (TTL 0,
    /// §10.1) when stopped. Everything is allocated here; Poll allocates nothing.
    /// </summary>
    public class MdnsResponder
    {
        /// <summary>224.0.0.251 (RFC 6762 §3).</summary>
        public const uint Group = 0xE00000FB;

        /// <summary>Port 5353.</summary>
        public const int Port = 5353;

        private const int RecordA = 1;
        private const int RecordReverse = 2;
        private const int RecordServicePtr = 4;
        private const int RecordSrv = 8;
        private const int RecordTxt = 16;
        private const int RecordEnumeration = 32;
        private const int AllRecords = 63;

        private const int CacheFlush = 0x8000;
        private const int ProbeIntervalMs = 250;
        private const int AnnounceIntervalMs = 1000;
        private const int LegacyTtlSeconds = 10;

        private const int StateIdle = 0;
        private const int StateProbing = 1;
        private const int StateAnnouncing = 2;
        private const int StateRunning = 3;
        private const int StateStopped = 4;

        private static readonly byte[] LocalSuffix = { 5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0 };
        private static readonly byte[] HttpService = { 5, (byte)'_', (byte)'h', (byte)'t', (byte)'t', (byte)'p', 4, (byte)'_', (byte)'t', (byte)'c', (byte)'p' };
        private static readonly byte[] ServicesEnumeration = { 9, (byte)'_', (byte)'s', (byte)'e', (byte)'r', (byte)'v', (byte)'i', (byte)'c', (byte)'e', (byte)'s',
            7, (byte)'_', (byte)'d', (byte)'n', (byte)'s', (byte)'-', (byte)'s', (byte)'d', 4, (byte)'_', (byte)'u', (byte)'d', (byte)'p' };
        private static readonly byte[] InAddrArpa = { 7, (byte)'i', (byte)'n', (byte)'-', (byte)'a', (byte)'d', (byte)'d', (byte)'r', 4, (byte)'a', (byte)'r', (byte)'p', (byte)'a', 0 };

        private readonly NetworkStack _stack;
        private readonly MdnsConfig _config;
        private readonly IRandomSource _random;
        private readonly MdnsCounters _counters = new MdnsCounters();
        private readonly UdpSocket _socket;
        private readonly byte[] _receive;
        private readonly byte[] _send;
        private readonly DnsReader _reader;
        private readonly DnsWriter _writer;
        // The name (in _names or _reverse) the first matching question asked for: a legacy answer repeats it.
        private byte[] _matchedName;
        // The scalar state, in one int array and one long array rather than a field each (on nanoCLR every field is a heap
        // block of its own): the private properties below keep the names the fields had.
        private readonly int[] _intFields = new int[10];
        private readonly long[] _longFields = new long[2];
        private int _matchedOffset { get { return _intFields[0]; } set { _intFields[0] = value; } }
        // The label as configured, and as used now (with "-n" after a conflict).
        private readonly byte[] _baseLabel;
        private readonly byte[] _names;
        private readonly byte[] _reverse = new byte[32];
        // The TXT record's data sits in _names after the names, from here on.
        private readonly int _text;
        private readonly int _textLength;
        private int _host { get { return _intFields[1]; } set { _intFields[1] = value; } }
        private int _instance { get { return _intFields[2]; } set { _intFields[2] = value; } }
        private int _service { get { return _intFields[3]; } set { _intFields[3] = value; } }
        private int _enumeration { get { return _intFields[4]; } set { _intFields[4] = value; } }
        private uint _reverseFor { get { return (uint)_intFields[5]; } set { _intFields[5] = (int)value; } }
        private uint _announcedAddress { get { return (uint)_intFields[6]; } set { _intFields[6] = (int)value; } }
        private int _renames { get { return _intFields[7]; } set { _intFields[7] = value; } }
        private int _state { get { return _intFields[8]; } set { _intFields[8] = value; } }
        private int _step { get { return _intFields[9]; } set { _intFields[9] = value; } }
        private long _nextMs { get { return _longFields[0]; } set { _longFields[0] = value; } }
        private long _lastNowMs { get { return _longFields[1]; } set { _longFields[1] = value; } }

        /// <summary>Binds UDP 5353 and allocates everything; <see cref="Start"/> joins the group and begins probing. Throws on a bad label or a taken port.</summary>
        public MdnsResponder(NetworkStack stack, MdnsConfig config, IRandomSource random) : this(stack, config, random, null, null)
        {
        }

        /// <summary>
        /// As above, with the receive and send buffers given (each at least <see cref="MdnsConfig.MessageBytes"/>; null:
        /// allocated here): the device app shares the DNS server's, since each uses them only inside its Poll.
        /// </summary>
        public MdnsResponder(NetworkStack stack, MdnsConfig config, IRandomSource random, byte[] receive, byte[] send)
            : this(stack, config, random, receive, send, null, null)
        {
        }

        /// <summary>
        /// As above, with the message reader and writer given too (null: its own), shared with the other DNS services the
        /// same loop polls: the responder begins them afresh on each message and keeps nothing in them between calls.
        /// </summary>
        public MdnsResponder(NetworkStack stack, MdnsConfig config, IRandomSource random, byte[] receive, byte[] send,
            DnsReader reader, DnsWriter writer)
        {
            if (stack == null || config == null || random == null || config.HostLabel == null || config.HostLabel.Length == 0
                || config.HostLabel.Length > 56 || config.MessageBytes < 512)
            {
                throw new ArgumentException("MdnsConfig");
            }
            _stack = stack;
            _config = config;
            _random = random;
            _reader = reader ?? new DnsReader();
            _writer = writer ?? new DnsWriter(8);
            _baseLabel = new byte[config.HostLabel.Length];
            for (int i = 0; i < _baseLabel.Length; i++)
            {
                char c = config.HostLabel[i];
                if (c == '.' || c > 0x7F)
                {
                    throw new ArgumentException("MdnsConfig.HostLabel: one label of ASCII");
                }
                _baseLabel[i] = (byte)c;
            }
            // The four names, the label twice with room for "-nn" each time (see BuildNames).
            string text = config.HttpText ?? "";
            _text = 2 * (1 + _baseLabel.Length + 3) + LocalSuffix.Length * 3 + HttpService.Length + ServicesEnumeration.Length;
            _textLength = text.Length + 1;
            _names = new byte[_text + _textLength];
            // RFC 1035 §3.3.14: character-strings, each with its length first ('\n' separates them here).
            int lengthAt = _text;
            int at = _text + 1;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '\n')
                {
                    if (at - lengthAt - 1 > 255)
                    {
                        throw new ArgumentException("MdnsConfig.HttpText: a string over 255 bytes");
                    }
                    _names[lengthAt] = (byte)(at - lengthAt - 1);
                    lengthAt = at++;
                    continue;
                }
                _names[at++] = (byte)text[i];
            }
            _receive = receive != null && receive.Length >= config.MessageBytes ? receive : new byte[config.MessageBytes];
            _send = send != null && send.Length >= config.MessageBytes ? send : new byte[config.MessageBytes];
            BuildNames();
            _socket = stack.Udp.Open(config.MessageBytes);
            if (_socket == null || !_socket.Bind(Port))
            {
                throw new InvalidOperationException("mdns: no UDP socket or port 5353 taken");
            }
        }

        /// <summary>What was heard, sent and dropped.</summary>
        public MdnsCounters Counters { get { return _counters; } }

        /// <summary>The UDP socket (for diagnostics).</summary>
        public UdpSocket Socket { get { return _socket; } }

        /// <summary>The host name now ("device.local", or "device-2.local" after a conflict), as text (allocates).</summary>
        public string HostName { get { return DnsName.ToDotted(_names, _host); } }

        /// <summary>True once the name is probed and announced (answering queries).</summary>
        public bool IsRunning { get { return _state == StateRunning || _state == StateAnnouncing; } }

        /// <summary>True after <see cref="Stop"/>, or when every name tried was taken.</summary>
        public bool IsStopped { get { return _state == StateStopped; } }

        /// <summary>Joins 224.0.0.251 and starts probing after a random 0–250 ms (RFC 6762 §8.1); waits for an address first.</summary>
        public void Start(long nowMs)
        {
            _stack.JoinGroup(Group, nowMs);
            // RFC 6762 §11: every mDNS packet we send has IP TTL 255.
            _stack.Ipv4.MulticastTimeToLive = 255;
            _state = StateProbing;
            _step = 0;
            _nextMs = nowMs + (_random.NextUInt32() % ProbeIntervalMs);
        }

        /// <summary>Says goodbye (every record with TTL 0, RFC 6762 §10.1) and leaves the group.</summary>
        public void Stop(long nowMs)
        {
            if (_state == StateRunning || _state == StateAnnouncing)
            {
                if (SendRecords(AllRecords, 0, 0, false, 0, Group, Port))
                {
                    _counters.Goodbyes++;
                }
            }
            if (_state != StateIdle && _state != StateStopped)
            {
                _stack.LeaveGroup(Group, nowMs);
            }
            _state = StateStopped;
        }

        /// <summary>When to poll next (absolute ms).</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (_socket.QueuedDatagrams > 0)
                {
                    return _lastNowMs;
                }
                return _state == StateProbing || _state == StateAnnouncing ? _nextMs : long.MaxValue;
            }
        }

        /// <summary>Handles what arrived, then probes or announces when due.</summary>
        public void Poll(long nowMs)
        {
            _lastNowMs = nowMs;
            for (int i = 0; i < _config.DatagramsPerPoll && _socket.QueuedDatagrams > 0; i++)
            {
                uint source;
                int sourcePort;
                int length = _socket.TryReceiveFrom(_receive, 0, _receive.Length, out source, out sourcePort);
                if (length >= 0 && source != _stack.Interface.Address)
                {
                    Received(source, sourcePort, length, nowMs);
                }
            }
            uint address = _stack.Interface.Address;
            if (address == 0)
            {
                return;
            }
            if (_state == StateRunning && address != _announcedAddress)
            {
                // A new address (a DHCP lease): announce it again (RFC 6762 §8.4).
                _state = StateAnnouncing;
                _step = 0;
                _nextMs = nowMs;
            }
            if ((_state != StateProbing && _state != StateAnnouncing) || nowMs < _nextMs)
            {
                return;
            }
            if (_state == StateProbing)
            {
                SendProbe();
                _step++;
                _nextMs = nowMs + ProbeIntervalMs;
                if (_step == 3)
                {
                    // RFC 6762 §8.1: no conflicting answer 250 ms after the third probe: the name is ours.
                    _state = StateAnnouncing;
                    _step = 0;
                }
                return;
            }
            _announcedAddress = address;
            if (SendRecords(AllRecords, 0, -1, true, 0, Group, Port))
            {
                _counters.Announcements++;
            }
            _step++;
            _nextMs = nowMs + AnnounceIntervalMs;
            if (_step == 2)
            {
                _state = StateRunning;
            }
        }

        private void Received(uint source, int sourcePort, int length, long nowMs)
        {
            if (!_reader.Begin(_receive, length))
            {
                _counters.Malformed++;
                return;
            }
            bool response = DnsHeader.IsResponse(_receive);
            if (response || _state == StateProbing)
            {
                // Another host's answer for our name, or (while we probe) its probe proposing other data for it.
                if (ConflictIn(response))
                {
                    Conflict(nowMs);
                }
                return;
            }
            if (_reader.Malformed)
            {
                _counters.Malformed++;
                return;
            }
            if (_state != StateRunning && _state != StateAnnouncing)
            {
                return;
            }
            _counters.QueriesIn++;
            bool legacy = sourcePort != Port;
            int wanted = 0;
            bool unicast = false;
            int firstQuestion = -1;
            int firstType = 0;
            int firstClass = 0;
            _reader.Begin(_receive, length);
            while (_reader.Next())
            {
                if (_reader.Section == DnsSection.Question)
                {
                    int asked = Match(_reader.NameOffset, _reader.Type, _reader.Class & 0x7FFF);
                    if (asked != 0 && firstQuestion < 0)
                    {
                        NoteMatchedName(_reader.NameOffset);
                        firstQuestion = _reader.NameOffset;
                        firstType = _reader.Type;
                        firstClass = _reader.Class & 0x7FFF;
                    }
                    wanted |= asked;
                    // RFC 6762 §5.4: the top bit of QCLASS asks for a unicast answer.
                    unicast |= asked != 0 && (_reader.Class & 0x8000) != 0;
                }
                else if (_reader.Section == DnsSection.Answer && wanted != 0)
                {
                    wanted &= ~KnownAnswer();
                }
            }
            if (_reader.Malformed)
            {
                _counters.Malformed++;
                return;
            }
            if (wanted == 0)
            {
                return;
            }
            // RFC 6763 §12: what a browser will ask next comes along in the additional section.
            int additional = 0;
            if ((wanted & RecordServicePtr) != 0)
            {
                additional |= RecordSrv | RecordTxt | RecordA;
            }
            if ((wanted & RecordSrv) != 0)
            {
                additional |= RecordA;
            }
            additional &= ~wanted;
            if (legacy)
            {
                // RFC 6762 §6.7: a plain DNS answer to the asker, its ID and question, short TTLs, no cache-flush bit.
                if (SendRecords(wanted, additional, LegacyTtlSeconds, false, firstQuestion, source, sourcePort, DnsHeader.GetId(_receive), firstType, firstClass))
                {
                    _counters.LegacyResponses++;
                }
                return;
            }
            if (unicast)
            {
                if (SendRecords(wanted, additional, -1, true, 0, source, sourcePort))
                {
                    _counters.UnicastResponses++;
                }
                return;
            }
            if (SendRecords(wanted, additional, -1, true, 0, Group, Port))
            {
                _counters.MulticastResponses++;
            }
        }

        // The records the question at nameOffset asks for.
        private int Match(int nameOffset, int type, int klass)
        {
            if (klass != DnsType.ClassIn && klass != DnsType.ClassAny)
            {
                return 0;
            }
            bool any = type == DnsType.ANY;
            int length = _reader.MessageLength;
            if (DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _host))
            {
                return type == DnsType.A || any ? RecordA : 0;
            }
            if (_reverseFor != 0 && DnsName.EqualsInMessage(_receive, length, nameOffset, _reverse, 0))
            {
                return type == DnsType.PTR || any ? RecordReverse : 0;
            }
            if (_config.HttpPort == 0)
            {
                return 0;
            }
            if (DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _service))
            {
                return type == DnsType.PTR || any ? RecordServicePtr : 0;
            }
            if (DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _instance))
            {
                return (type == DnsType.SRV || any ? RecordSrv : 0) | (type == DnsType.TXT || any ? RecordTxt : 0);
            }
            if (DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _enumeration))
            {
                return type == DnsType.PTR || any ? RecordEnumeration : 0;
            }
            return 0;
        }

        private void NoteMatchedName(int nameOffset)
        {
            int length = _reader.MessageLength;
            _matchedName = _names;
            _matchedOffset = DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _host) ? _host
                : DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _service) ? _service
                : DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _instance) ? _instance
                : DnsName.EqualsInMessage(_receive, length, nameOffset, _names, _enumeration) ? _enumeration : -1;
            if (_matchedOffset < 0)
            {
                _matchedName = _reverse;
                _matchedOffset = 0;
            }
        }

        // RFC 6762 §7.1: a known answer with at least half our TTL left need not be sent again.
        private int KnownAnswer()
        {
            int length = _reader.MessageLength;
            int at = _reader.NameOffset;
            uint ttl = _reader.Ttl;
            if (_reader.Type == DnsType.PTR && _config.HttpPort != 0 && ttl >= (uint)_config.OtherTtlSeconds / 2
                && DnsName.EqualsInMessage(_receive, length, at, _names, _service)
                && DnsName.EqualsInMessage(_receive, length, _reader.DataOffset, _names, _instance))
            {
                _counters.KnownAnswersSuppressed++;
                return RecordServicePtr;
            }
            if (_reader.Type == DnsType.A && _reader.DataLength == 4 && ttl >= (uint)_config.HostTtlSeconds / 2
                && DnsName.EqualsInMessage(_receive, length, at, _names, _host)
                && BigEndian.ReadUInt32(_receive, _reader.DataOffset) == _stack.Interface.Address)
            {
                _counters.KnownAnswersSuppressed++;
                return RecordA;
            }
            return 0;
        }

        // Another host's record for our host name: in a response any A for it (while probing) or one with another address;
        // in a probe (authority section) one proposing an address that wins the tie-break (RFC 6762 §8.2: the greater data).
        private bool ConflictIn(bool response)
        {
            uint ours = _stack.Interface.Address;
            while (_reader.Next())
            {
                if (_reader.Section == DnsSection.Question || _reader.Type != DnsType.A || _reader.DataLength != 4
                    || !DnsName.EqualsInMessage(_receive, _reader.MessageLength, _reader.NameOffset, _names, _host))
                {
                    continue;
                }
                uint theirs = BigEndian.ReadUInt32(_receive, _reader.DataOffset);
                if (theirs == ours)
                {
                    continue;
                }
                if (response || (_reader.Section == DnsSection.Authority && theirs > ours))
                {
                    return true;
                }
            }
            return false;
        }

        private void Conflict(long nowMs)
        {
            _counters.Conflicts++;
            _renames++;
            if (_renames >= _config.MaxRenames)
            {
                Stop(nowMs);
                return;
            }
            BuildNames();
            // RFC 6762 §8.1: probe the new name from the start (after a short wait).
            _state = StateProbing;
            _step = 0;
            _nextMs = nowMs + ProbeIntervalMs;
        }

        private void SendProbe()
        {
            // RFC 6762 §8.1: a query for the name (ANY, the first with the QU bit) with the records we propose in the authority section.
            _writer.Begin(_send, _config.MessageBytes, 0, 0);
            _writer.AddQuestion(_names, _host, DnsType.ANY, DnsType.ClassIn | (_step == 0 ? CacheFlush : 0));
            if (_writer.BeginRecord(DnsSection.Authority, _names, _host, DnsType.A, DnsType.ClassIn, (uint)_config.HostTtlSeconds))
            {
                _writer.WriteUInt32(_stack.Interface.Address);
                _writer.EndRecord();
            }
            int length = _writer.Finish();
            if (_socket.SendTo(Group, Port, _send, 0, length))
            {
                _counters.Probes++;
            }
            else
            {
                _counters.SendFailures++;
            }
        }

        private bool SendRecords(int answers, int additional, int ttlOverride, bool cacheFlush, int question, uint destination, int port)
        {
            return SendRecords(answers, additional, ttlOverride, cacheFlush, question, destination, port, 0, 0, 0);
        }

        // A response: QR and AA (RFC 6762 §18.4), ID 0 unless legacy; the records of the masks; TTLs as configured unless overridden.
        private bool SendRecords(int answers, int additional, int ttlOverride, bool cacheFlush, int question, uint destination, int port,
            int id, int qtype, int qclass)
        {
            uint address = _stack.Interface.Address;
            if (address == 0)
            {
                return false;
            }
            UpdateReverse(address);
            _writer.Begin(_send, _config.MessageBytes, id, DnsHeader.MakeFlags(true, 0, DnsHeader.FlagAuthoritative, 0));
            if (question > 0 && _matchedName != null)
            {
                // The question as asked, but for the letters' case: our own copy of the name it matched.
                _writer.AddQuestion(_matchedName, _matchedOffset, qtype, qclass);
            }
            WriteRecords(DnsSection.Answer, answers, ttlOverride, cacheFlush, address);
            WriteRecords(DnsSection.Additional, additional, ttlOverride, cacheFlush, address);
            int length = _writer.Finish();
            if (_writer.Count(DnsSection.Answer) == 0)
            {
                return false;
            }
            if (!_socket.SendTo(destination, port, _send, 0, length))
            {
                // Not at once: a unicast answer waits for ARP (and goes when it answers), or the stack dropped it.
                _counters.SendFailures++;
            }
            return true;
        }

        private void WriteRecords(DnsSection section, int records, int ttlOverride, bool cacheFlush, uint address)
        {
            int unique = DnsType.ClassIn | (cacheFlush ? CacheFlush : 0);
            uint hostTtl = ttlOverride >= 0 ? (uint)ttlOverride : (uint)_config.HostTtlSeconds;
            uint otherTtl = ttlOverride >= 0 ? (uint)ttlOverride : (uint)_config.OtherTtlSeconds;
            if ((records & RecordA) != 0 && _writer.BeginRecord(section, _names, _host, DnsType.A, unique, hostTtl))
            {
                _writer.WriteUInt32(address);
                _writer.EndRecord();
            }
            if ((records & RecordReverse) != 0 && _writer.BeginRecord(section, _reverse, 0, DnsType.PTR, unique, hostTtl))
            {
                _writer.WriteName(_names, _host);
                _writer.EndRecord();
            }
            if (_config.HttpPort == 0)
            {
                return;
            }
            // PTR records are shared (RFC 6762 §10.2): never the cache-flush bit.
            if ((records & RecordServicePtr) != 0 && _writer.BeginRecord(section, _names, _service, DnsType.PTR, DnsType.ClassIn, otherTtl))
            {
                _writer.WriteName(_names, _instance);
                _writer.EndRecord();
            }
            if ((records & RecordSrv) != 0 && _writer.BeginRecord(section, _names, _instance, DnsType.SRV, unique, hostTtl))
            {
                // RFC 2782: priority, weight, port, target (RFC 6762 §18.14 lets mDNS compress it).
                _writer.WriteUInt16(0);
                _writer.WriteUInt16(0);
                _writer.WriteUInt16(_config.HttpPort);
                _writer.WriteName(_names, _host);
                _writer.EndRecord();
            }
            if ((records & RecordTxt) != 0 && _writer.BeginRecord(section, _names, _instance, DnsType.TXT, unique, otherTtl))
            {
                _writer.WriteBytes(_names, _text, _textLength);
                _writer.EndRecord();
            }
            if ((records & RecordEnumeration) != 0 && _writer.BeginRecord(section, _names, _enumeration, DnsType.PTR, DnsType.ClassIn, otherTtl))
            {
                _writer.WriteName(_names, _service);
                _writer.EndRecord();
            }
        }

        // The names in wire form: label.local, label._http._tcp.local, _http._tcp.local, _services._dns-sd._udp.local.
        private void BuildNames()
        {
            int at = 0;
            _host = at;
            at = WriteLabel(at);
            at = Append(LocalSuffix, at);
            _instance = at;
            at = WriteLabel(at);
            _service = at;
            at = Append(HttpService, at);
            at = Append(LocalSuffix, at);
            _enumeration = at;
            at = Append(ServicesEnumeration, at);
            Append(LocalSuffix, at);
        }

        // The label, with "-n" (n = renames + 1) after a conflict (RFC 6762 §9 leaves the scheme to us; this is the usual one).
        private int WriteLabel(int at)
        {
            int lengthAt = at++;
            Array.Copy(_baseLabel, 0, _names, at, _baseLabel.Length);
            at += _baseLabel.Length;
            if (_renames > 0)
            {
                _names[at++] = (byte)'-';
                int n = _renames + 1;
                if (n >= 10)
                {
                    _names[at++] = (byte)('0' + n / 10);
                }
                _names[at++] = (byte)('0' + n % 10);
            }
            _names[lengthAt] = (byte)(at - lengthAt - 1);
            return at;
        }

        private int Append(byte[] part, int at)
        {
            Array.Copy(part, 0, _names, at, part.Length);
            return at + part.Length;
        }

        private void UpdateReverse(uint address)
        {
            if (address == _reverseFor)
            {
                return;
            }
            int at = 0;
            for (int shift = 0; shift < 32; shift += 8)
            {
                int value = (int)((address >> shift) & 0xFF);
                int digits = value >= 100 ? 3 : value >= 10 ? 2 : 1;
                _reverse[at] = (byte)digits;
                for (int i = digits; i >= 1; i--)
                {
                    _reverse[at + i] = (byte)('0' + value % 10);
                    value /= 10;
                }
                at += 1 + digits;
            }
            Array.Copy(InAddrArpa, 0, _reverse, at, InAddrArpa.Length);
            _reverseFor = address;
        }
    }
}
