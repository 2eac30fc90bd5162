using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// Turns one query into its answer, from a <see cref="DnsZone"/>, with nothing allocated: the part of the DNS server
    /// that knows DNS and nothing of sockets. Authoritative (AA) inside the zone; NXDOMAIN and NODATA with the zone's SOA
    /// (RFC 2308 §3); REFUSED outside it, RA never set (we do not recurse); FORMERR for what does not parse, NOTIMP for
    /// opcodes other than QUERY, BADVERS for EDNS versions other than 0 (RFC 6891 §6.1.3); an OPT with our payload size
    /// when the query had one. Over UDP an answer is cut to the question with TC when it would be larger than the client
    /// takes or than <see cref="DnsServerConfig.AmplificationFactor"/> times the query.
    /// </summary>
    public sealed class DnsAnswerer
    {
        // RFC 1034 §3.6.2: follow a chain of CNAMEs inside the zone, but not forever.
        private const int MaxChain = 8;
        private const int OptBytes = 11;
        private const int TypeIxfr = 251;
        private const int TypeAxfr = 252;

        // RNAME of our SOA: hostmaster.<origin> (RFC 2142), its first label as bytes, the origin compressed after it.
        private static readonly byte[] HostmasterLabel = new byte[] { 10, (byte)'h', (byte)'o', (byte)'s', (byte)'t', (byte)'m', (byte)'a', (byte)'s', (byte)'t', (byte)'e', (byte)'r' };
        private static readonly byte[] InAddrArpa = new byte[] { 7, (byte)'i', (byte)'n', (byte)'-', (byte)'a', (byte)'d', (byte)'d', (byte)'r', 4, (byte)'a', (byte)'r', (byte)'p', (byte)'a', 0 };

        private readonly DnsZone _zone;
        private readonly DnsServerConfig _config;
        private readonly DnsServerCounters _counters;
        private readonly DnsReader _reader;
        // Answers hold a handful of names: 8 remembered positions compress them all.
        private readonly DnsWriter _writer;
        private readonly byte[] _name = new byte[DnsName.MaxNameBytes];
        private readonly byte[] _reverse = new byte[32];
        private uint _reverseFor;
        // Whether the answer Compose wrote was authoritative (a truncated answer keeps its AA).
        private bool _lastAuthoritative;

        /// <summary>An answerer for <paramref name="zone"/>, counting into <paramref name="counters"/>.</summary>
        public DnsAnswerer(DnsZone zone, DnsServerConfig config, DnsServerCounters counters) : this(zone, config, counters, null, null)
        {
        }

        /// <summary>
        /// As above, parsing and writing with <paramref name="reader"/> and <paramref name="writer"/> (null: its own), which
        /// other DNS services polled from the same loop may share: each call begins them afresh.
        /// </summary>
        public DnsAnswerer(DnsZone zone, DnsServerConfig config, DnsServerCounters counters, DnsReader reader, DnsWriter writer)
        {
            if (zone == null || config == null || counters == null)
            {
                throw new System.ArgumentNullException("zone");
            }
            _zone = zone;
            _config = config;
            _counters = counters;
            _reader = reader ?? new DnsReader();
            _writer = writer ?? new DnsWriter(8);
        }

        /// <summary>
        /// Answers the <paramref name="queryLength"/>-byte <paramref name="query"/> into <paramref name="response"/> (our largest
        /// message is its length or <see cref="DnsServerConfig.MessageBytes"/>, the smaller: the buffer may be a larger shared one) for a device at <paramref name="deviceAddress"/> (0: none yet). Returns the
        /// answer's length, or -1 when nothing must be sent (too short to answer, or itself a response). Counts the RCODE.
        /// </summary>
        public int Answer(byte[] query, int queryLength, byte[] response, uint deviceAddress, bool overTcp)
        {
            if (query == null || queryLength < DnsHeader.Length || queryLength > query.Length)
            {
                // Not even an ID to answer to.
                _counters.Malformed++;
                return -1;
            }
            if (DnsHeader.IsResponse(query))
            {
                // Answering answers is how two servers end up in a loop (and how reflection attacks bounce).
                _counters.Malformed++;
                return -1;
            }
            int id = DnsHeader.GetId(query);
            int opcode = DnsHeader.GetOpcode(query);
            // RFC 1035 §4.1.1: RD is copied into the response.
            int recursionDesired = DnsHeader.GetFlags(query) & DnsHeader.FlagRecursionDesired;
            if (opcode != DnsHeader.OpcodeQuery)
            {
                _counters.NotImp++;
                return HeaderOnly(response, id, opcode, recursionDesired, DnsHeader.RcodeNotImplemented);
            }
            // RFC 9619: exactly one question; none (a cookie-only query, RFC 7873) is not something we serve either.
            if (DnsHeader.GetQuestionCount(query) != 1 || !_reader.Begin(query, queryLength) || !_reader.Next())
            {
                _counters.FormErr++;
                return HeaderOnly(response, id, opcode, recursionDesired, DnsHeader.RcodeFormatError);
            }
            int nameOffset = _reader.NameOffset;
            int qtype = _reader.Type;
            int qclass = _reader.Class;
            int end;
            if (!_reader.SkipToEnd() || _reader.OptMalformed || qtype == DnsType.OPT
                || DnsName.Read(query, queryLength, nameOffset, _name, 0, _name.Length, out end) < 0)
            {
                _counters.FormErr++;
                return HeaderOnly(response, id, opcode, recursionDesired, DnsHeader.RcodeFormatError);
            }
            bool edns = _reader.HasOpt;
            int largest = response.Length < _config.MessageBytes ? response.Length : _config.MessageBytes;
            int limit = largest;
            if (!overTcp)
            {
                int clientTakes = edns ? _reader.OptUdpPayloadSize : 512;
                if (clientTakes < limit)
                {
                    limit = clientTakes;
                }
            }
            int amplificationLimit = overTcp ? limit : queryLength * _config.AmplificationFactor;
            if (amplificationLimit < limit)
            {
                limit = amplificationLimit;
            }
            if (edns && _reader.OptVersion != 0)
            {
                // RFC 6891 §6.1.3: BADVERS is 16, its upper eight bits (1) in the OPT, its lower four (0) in the header.
                _counters.BadVers++;
                Start(response, limit, id, opcode, recursionDesired, false, DnsHeader.RcodeNoError, qtype, qclass);
                _writer.SetCapacity(limit);
                _writer.AddOpt(largest, 1, false);
                return _writer.Finish();
            }
            int rcode = Compose(response, limit, edns, id, opcode, recursionDesired, qtype, qclass, deviceAddress);
            if (_writer.Overflowed)
            {
                // RFC 2181 §9: TC, and the client asks again over TCP. The question alone is never larger than the query.
                _counters.Truncated++;
                if (limit == amplificationLimit && amplificationLimit < largest)
                {
                    _counters.AmplificationLimited++;
                }
                Start(response, edns ? limit - OptBytes : limit, id, opcode, recursionDesired | DnsHeader.FlagTruncated, _lastAuthoritative, rcode, qtype, qclass);
            }
            if (edns)
            {
                _writer.SetCapacity(limit);
                _writer.AddOpt(largest, 0, false);
            }
            Count(rcode);
            return _writer.Finish();
        }

        // Writes the answer proper; returns its RCODE. The writer's capacity leaves room for the OPT when there is one.
        private int Compose(byte[] response, int limit, bool edns, int id, int opcode, int rd, int qtype, int qclass, uint deviceAddress)
        {
            int capacity = edns ? limit - OptBytes : limit;
            _lastAuthoritative = false;
            if (qclass != DnsType.ClassIn && qclass != DnsType.ClassAny)
            {
                Start(response, capacity, id, opcode, rd, false, DnsHeader.RcodeRefused, qtype, qclass);
                return DnsHeader.RcodeRefused;
            }
            if (qtype == TypeAxfr || qtype == TypeIxfr)
            {
                // No zone transfers (RFC 5936 §4.2 lets a server refuse them).
                Start(response, capacity, id, opcode, rd, false, DnsHeader.RcodeRefused, qtype, qclass);
                return DnsHeader.RcodeRefused;
            }
            if (deviceAddress != 0 && _zone.HostOffset >= 0 && IsReverseOf(deviceAddress))
            {
                // The reverse name of our own address: the PTR to the host's name, nothing else.
                _lastAuthoritative = true;
                Start(response, capacity, id, opcode, rd, true, DnsHeader.RcodeNoError, qtype, qclass);
                if (qtype == DnsType.PTR || qtype == DnsType.ANY)
                {
                    if (_writer.BeginRecord(DnsSection.Answer, _name, 0, DnsType.PTR, DnsType.ClassIn, (uint)_config.HostTtlSeconds))
                    {
                        _writer.WriteName(_zone.Bytes, _zone.HostOffset);
                        _writer.EndRecord();
                    }
                }
                return DnsHeader.RcodeNoError;
            }
            if (_config.CaptivePortal && qtype == DnsType.A && deviceAddress != 0)
            {
                // Every name is ours: a phone's connectivity check lands on the device's setup page.
                _lastAuthoritative = true;
                _counters.CaptiveAnswers++;
                Start(response, capacity, id, opcode, rd, true, DnsHeader.RcodeNoError, qtype, qclass);
                _writer.AddAddressRecord(DnsSection.Answer, _name, 0, (uint)_config.CaptiveTtlSeconds, deviceAddress);
                return DnsHeader.RcodeNoError;
            }
            if (!_zone.Contains(_name, 0))
            {
                if (_config.CaptivePortal)
                {
                    // Nothing but our address exists in a captive portal: NOERROR with no data (AAAA included, so clients fall back to IPv4).
                    _lastAuthoritative = true;
                    Start(response, capacity, id, opcode, rd, true, DnsHeader.RcodeNoError, qtype, qclass);
                    return DnsHeader.RcodeNoError;
                }
                // Not our zone and no recursion (RA stays 0): RFC 1035 §4.1.1's REFUSED.
                Start(response, capacity, id, opcode, rd, false, DnsHeader.RcodeRefused, qtype, qclass);
                return DnsHeader.RcodeRefused;
            }
            _lastAuthoritative = true;
            Start(response, capacity, id, opcode, rd, true, DnsHeader.RcodeNoError, qtype, qclass);
            // The chain: the query's name first (its owner written from _name, case as asked), then CNAME targets in the zone.
            byte[] owner = _name;
            int ownerOffset = 0;
            int rcode = DnsHeader.RcodeNoError;
            for (int step = 0; step < MaxChain; step++)
            {
                if (!_zone.Exists(owner, ownerOffset))
                {
                    // RFC 6604 §3: the RCODE speaks of the last name of the chain.
                    rcode = DnsHeader.RcodeNameError;
                    break;
                }
                int alias = AddRecords(owner, ownerOffset, qtype, deviceAddress);
                if (alias < 0)
                {
                    break;
                }
                int target = _zone.GetDataOffset(alias);
                if (!_zone.Contains(_zone.Bytes, target))
                {
                    // Outside the zone: the client's resolver follows it.
                    break;
                }
                owner = _zone.Bytes;
                ownerOffset = target;
            }
            if (_writer.Count(DnsSection.Answer) == 0)
            {
                AddSoa(DnsSection.Authority);
            }
            _writer.SetFlags(DnsHeader.MakeFlags(true, opcode, rd | DnsHeader.FlagAuthoritative, rcode));
            return rcode;
        }

        // Adds the name's records of the asked type; returns the CNAME record to follow (and adds it), or -1.
        private int AddRecords(byte[] owner, int ownerOffset, int qtype, uint deviceAddress)
        {
            bool any = qtype == DnsType.ANY;
            if (_zone.IsHost(owner, ownerOffset) && deviceAddress != 0 && (qtype == DnsType.A || any))
            {
                _writer.AddAddressRecord(DnsSection.Answer, owner, ownerOffset, (uint)_config.HostTtlSeconds, deviceAddress);
            }
            if (_zone.IsOrigin(owner, ownerOffset) && (qtype == DnsType.SOA || any))
            {
                AddSoa(DnsSection.Answer);
            }
            int alias = -1;
            for (int r = _zone.Find(owner, ownerOffset, 0); r >= 0; r = _zone.Find(owner, ownerOffset, r + 1))
            {
                int type = _zone.GetRecordType(r);
                if (type != qtype && !any && type != DnsType.CNAME)
                {
                    continue;
                }
                if (_writer.BeginRecord(DnsSection.Answer, owner, ownerOffset, type, DnsType.ClassIn, _zone.GetTtl(r)))
                {
                    if (type == DnsType.CNAME)
                    {
                        _writer.WriteName(_zone.Bytes, _zone.GetDataOffset(r));
                    }
                    else
                    {
                        _writer.WriteBytes(_zone.Bytes, _zone.GetDataOffset(r), _zone.GetDataLength(r));
                    }
                    _writer.EndRecord();
                }
                if (type == DnsType.CNAME && qtype != DnsType.CNAME && !any)
                {
                    alias = r;
                }
            }
            return alias;
        }

        // RFC 1035 §3.3.13; RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and MINIMUM, both ours.
        private void AddSoa(DnsSection section)
        {
            byte[] zone = _zone.Bytes;
            int primary = _zone.HostOffset >= 0 ? _zone.HostOffset : _zone.OriginOffset;
            if (_writer.BeginRecord(section, zone, _zone.OriginOffset, DnsType.SOA, DnsType.ClassIn, (uint)_config.NegativeTtlSeconds)
                && _writer.WriteName(zone, primary)
                && _writer.WriteBytes(HostmasterLabel, 0, HostmasterLabel.Length)
                && _writer.WriteName(zone, _zone.OriginOffset)
                && _writer.WriteUInt32(1)          // SERIAL: the zone is fixed at start-up
                && _writer.WriteUInt32(3600)       // REFRESH
                && _writer.WriteUInt32(600)        // RETRY
                && _writer.WriteUInt32(86400)      // EXPIRE
                && _writer.WriteUInt32((uint)_config.NegativeTtlSeconds))
            {
                _writer.EndRecord();
            }
        }

        private void Start(byte[] response, int capacity, int id, int opcode, int flagBits, bool authoritative, int rcode, int qtype, int qclass)
        {
            int flags = DnsHeader.MakeFlags(true, opcode, flagBits | (authoritative ? DnsHeader.FlagAuthoritative : 0), rcode);
            _writer.Begin(response, capacity, id, flags);
            _writer.AddQuestion(_name, 0, qtype, qclass);
        }

        private int HeaderOnly(byte[] response, int id, int opcode, int recursionDesired, int rcode)
        {
            DnsHeader.Write(response, id, DnsHeader.MakeFlags(true, opcode, recursionDesired, rcode), 0, 0, 0, 0);
            return DnsHeader.Length;
        }

        private void Count(int rcode)
        {
            if (rcode == DnsHeader.RcodeNoError)
            {
                _counters.NoError++;
            }
            else if (rcode == DnsHeader.RcodeNameError)
            {
                _counters.NxDomain++;
            }
            else if (rcode == DnsHeader.RcodeRefused)
            {
                _counters.Refused++;
            }
        }

        // RFC 1035 §3.5: d.c.b.a.in-addr.arpa, rebuilt only when the address changes.
        private bool IsReverseOf(uint address)
        {
            if (address != _reverseFor)
            {
                int at = 0;
                for (int shift = 0; shift < 32; shift += 8)
                {
                    at = WriteDecimalLabel(_reverse, at, (int)((address >> shift) & 0xFF));
                }
                System.Array.Copy(InAddrArpa, 0, _reverse, at, InAddrArpa.Length);
                _reverseFor = address;
            }
            return DnsName.NamesEqual(_name, 0, _reverse, 0);
        }

        private static int WriteDecimalLabel(byte[] name, int at, int value)
        {
            int digits = value >= 100 ? 3 : value >= 10 ? 2 : 1;
            name[at] = (byte)digits;
            for (int i = digits; i >= 1; i--)
            {
                name[at + i] = (byte)('0' + value % 10);
                value /= 10;
            }
            return at + 1 + digits;
        }
    }
}
