using System;
using System.Collections.Generic;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Dns;

namespace Firmware.HostNet.Services;

/// <summary>A query as the server saw it.</summary>
public sealed record DnsQuery(int Id, string Name, int Type, uint Source, int SourcePort, long AtMs);

/// <summary>What the server does with one query (a test's script decides).</summary>
public enum DnsServerAction
{
    /// <summary>Answer from the zone.</summary>
    Answer,
    /// <summary>Say nothing.</summary>
    Drop,
    /// <summary>SERVFAIL.</summary>
    ServerFailure,
    /// <summary>REFUSED.</summary>
    Refused,
    /// <summary>Answer with a truncated (TC) empty response.</summary>
    Truncated,
}

/// <summary>
/// A small authoritative-style DNS server for the host side (the simulator's gateway, the resolver's tests), on port 53 of a
/// <see cref="NetworkStack"/>: A and CNAME records by name (case-insensitive), NXDOMAIN or NODATA with an SOA carrying
/// the negative TTL for names under <see cref="Zone"/>, REFUSED elsewhere; scriptable per query. It builds its answers
/// with the firmware's DNS message layer. Host-only code.
/// </summary>
public sealed class HostDnsServer
{
    private readonly NetworkStack _stack;
    private readonly UdpSocket _socket;
    private readonly byte[] _buffer = new byte[1500];
    private readonly byte[] _name = new byte[256];
    private readonly byte[] _target = new byte[256];
    private readonly DnsReader _reader = new();
    private readonly DnsWriter _writer = new(32);
    private readonly Dictionary<string, List<uint>> _addresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _empty = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DnsQuery> _queries = new();
    private long _nowMs;

    public HostDnsServer(NetworkStack stack)
    {
        _stack = stack;
        _socket = stack.OpenUdp() ?? throw new InvalidOperationException("no UDP socket for the DNS server");
        if (!_socket.Bind(53))
        {
            throw new InvalidOperationException("port 53 taken");
        }
    }

    /// <summary>The zone answered with authority (NXDOMAIN/NODATA plus SOA); names outside get REFUSED. Default "lan".</summary>
    public string Zone { get; set; } = "lan";

    /// <summary>TTL of the A and CNAME records, s.</summary>
    public uint Ttl { get; set; } = 300;

    /// <summary>The SOA record's TTL and MINIMUM, s (the negative TTL is the smaller, RFC 2308 §5).</summary>
    public uint NegativeTtl { get; set; } = 60;

    /// <summary>Send no SOA with negative answers (they are then not cacheable).</summary>
    public bool OmitSoa { get; set; }

    /// <summary>Put the whole alias chain in the answer (true), or only the first CNAME (the client must ask again).</summary>
    public bool FollowAliases { get; set; } = true;

    /// <summary>Decides per query; null answers everything.</summary>
    public Func<DnsQuery, DnsServerAction> Script { get; set; }

    /// <summary>Every query received, in order.</summary>
    public IReadOnlyList<DnsQuery> Queries => _queries;

    /// <summary>Lines for people.</summary>
    public Action<string> Log { get; set; }

    public void AddAddress(string name, uint address)
    {
        if (!_addresses.TryGetValue(name, out var list))
        {
            _addresses[name] = list = new List<uint>();
        }
        list.Add(address);
    }

    public void AddAlias(string name, string target) => _aliases[name] = target;

    /// <summary>A name that exists with no address (its A queries get NODATA).</summary>
    public void AddEmpty(string name) => _empty.Add(name);

    public void Poll(long nowMs)
    {
        _nowMs = nowMs;
        while (_socket.NextDatagramLength >= 0)
        {
            int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out uint source, out int port);
            if (length < 0 || !_reader.Begin(_buffer, length) || DnsHeader.IsResponse(_buffer) || !_reader.Next()
                || _reader.Section != DnsSection.Question)
            {
                continue;
            }
            int end;
            if (DnsName.Read(_buffer, length, _reader.NameOffset, _name, 0, _name.Length, out end) < 0)
            {
                continue;
            }
            var query = new DnsQuery(DnsHeader.GetId(_buffer), DnsName.ToDotted(_name, 0), _reader.Type, source, port, nowMs);
            _queries.Add(query);
            var action = Script?.Invoke(query) ?? DnsServerAction.Answer;
            if (action == DnsServerAction.Drop)
            {
                continue;
            }
            int answer = Answer(query, action);
            _socket.SendTo(source, port, _buffer, 0, answer);
        }
    }

    private int Answer(DnsQuery query, DnsServerAction action)
    {
        int flags = DnsHeader.FlagResponse | DnsHeader.FlagAuthoritative | DnsHeader.FlagRecursionDesired | DnsHeader.FlagRecursionAvailable;
        _writer.Begin(_buffer, 512, query.Id, flags);
        DnsName.FromDotted(query.Name, _name, 0, _name.Length);
        _writer.AddQuestion(_name, 0, query.Type, DnsType.ClassIn);
        if (action == DnsServerAction.ServerFailure || action == DnsServerAction.Refused || action == DnsServerAction.Truncated)
        {
            int rcode = action == DnsServerAction.ServerFailure ? DnsHeader.RcodeServerFailure : action == DnsServerAction.Refused ? DnsHeader.RcodeRefused : 0;
            _writer.SetFlags(flags | rcode | (action == DnsServerAction.Truncated ? DnsHeader.FlagTruncated : 0));
            return _writer.Finish();
        }
        string name = query.Name;
        bool inZone = InZone(name);
        // Follow our own aliases, as a server answering for its zone puts the chain in the answer.
        for (int hops = 0; hops < 16 && _aliases.TryGetValue(name, out string target); hops++)
        {
            DnsName.FromDotted(name, _name, 0, _name.Length);
            DnsName.FromDotted(target, _target, 0, _target.Length);
            _writer.BeginRecord(DnsSection.Answer, _name, 0, DnsType.CNAME, DnsType.ClassIn, Ttl);
            _writer.WriteName(_target, 0);
            _writer.EndRecord();
            name = target;
            if (!FollowAliases)
            {
                Log?.Invoke("dns: " + query.Name + " -> CNAME " + target);
                return _writer.Finish();
            }
        }
        if (_addresses.TryGetValue(name, out var addresses))
        {
            if (query.Type == DnsType.A)
            {
                DnsName.FromDotted(name, _name, 0, _name.Length);
                foreach (uint address in addresses)
                {
                    _writer.AddAddressRecord(DnsSection.Answer, _name, 0, Ttl, address);
                }
            }
            else
            {
                AddSoa();
            }
            Log?.Invoke("dns: " + query.Name + " -> " + string.Join(", ", addresses.ConvertAll(a => AddressText.FormatIpv4(a))));
            return _writer.Finish();
        }
        if (_empty.Contains(name))
        {
            // The name exists without an address: NODATA (NOERROR, no answer, the SOA for the negative TTL).
            AddSoa();
            Log?.Invoke("dns: " + query.Name + " -> no address");
            return _writer.Finish();
        }
        if (!inZone && !InZone(name))
        {
            _writer.SetFlags((flags & ~DnsHeader.FlagAuthoritative) | DnsHeader.RcodeRefused);
            return _writer.Finish();
        }
        // The name (or the end of its chain) does not exist: NXDOMAIN (RFC 6604 for the chain's case).
        _writer.SetFlags(flags | DnsHeader.RcodeNameError);
        AddSoa();
        Log?.Invoke("dns: " + query.Name + " -> NXDOMAIN");
        return _writer.Finish();
    }

    private bool InZone(string name) =>
        name.Equals(Zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + Zone, StringComparison.OrdinalIgnoreCase);

    private void AddSoa()
    {
        if (OmitSoa)
        {
            return;
        }
        DnsName.FromDotted(Zone, _name, 0, _name.Length);
        DnsName.FromDotted("ns." + Zone, _target, 0, _target.Length);
        _writer.BeginRecord(DnsSection.Authority, _name, 0, DnsType.SOA, DnsType.ClassIn, NegativeTtl);
        _writer.WriteName(_target, 0);
        _writer.WriteName(_target, 0);  // RNAME: any mailbox name
        _writer.WriteUInt32(1);           // SERIAL
        _writer.WriteUInt32(3600);        // REFRESH
        _writer.WriteUInt32(600);         // RETRY
        _writer.WriteUInt32(86400);       // EXPIRE
        _writer.WriteUInt32(NegativeTtl); // MINIMUM
        _writer.EndRecord();
    }
}
