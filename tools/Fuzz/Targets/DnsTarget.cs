using System;
using Firmware.Services.Dns;

namespace Firmware.Fuzz.Targets;

/// <summary>
/// DNS answers, twice over: each message is walked with <see cref="DnsReader"/> and <see cref="DnsName"/> on its own
/// (every entry, every name and the names inside CNAME/PTR/NS/SOA/MX/SRV data decompressed; offsets must stay inside
/// the message), then sent from the peer's port 53 to the resolver, which has a lookup of "printer.lan" waiting. A
/// record's control byte can give it the ID of the query the resolver sent last, and start it with that query's
/// question, so mutations get past the resolver's first checks (RFC 5452) and reach its answer handling. Afterwards
/// the lookup must end (resolved, not found or failed) within two minutes of virtual time.
/// </summary>
public sealed class DnsTarget : IFuzzTarget
{
    public const int MaxReplies = 4;
    public const string LookedUp = "printer.lan";

    /// <summary>In a record's control byte: overwrite the message's ID with the last query's.</summary>
    public const byte MatchId = 0x01;

    /// <summary>In a record's control byte: the message is the last query's header and question, then the record's bytes.</summary>
    public const byte KeepQuestion = 0x02;

    private const int MessageBytes = 1472;

    private readonly byte[] _record = new byte[MessageBytes];
    private readonly byte[] _message = new byte[MessageBytes];
    private readonly byte[] _name = new byte[DnsName.MaxNameBytes + 1];
    private readonly DnsReader _reader = new DnsReader();

    public string Name => "dns";

    public string Description => "DNS answers to the resolver (and DnsReader alone): records [control: bit 0 query's ID, bit 1 query's question first][u16 length][message]";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        var device = new DeviceUnderTest();
        DnsResolver resolver = device.App.Resolver;
        int handle = resolver.Resolve(LookedUp, device.NowMs);
        device.Advance(1);
        for (int i = 0; i < MaxReplies && !input.IsEmpty; i++)
        {
            byte control = input.TakeByte();
            int n = input.TakeRecord(_record, _record.Length);
            if (n < 0)
            {
                break;
            }
            byte[] query = device.LastSentUdp(53, 0, out int queryAt, out int queryLength);
            int messageLength = Compose(control, query, queryAt, queryLength, n);
            Walk(messageLength);
            device.InjectUdp(53, PeerFrames.DeviceAddress, QueryPort(query, queryAt), _message, messageLength);
            device.Advance(5);
        }
        for (int waited = 0; waited < 120_000 && resolver.GetStatus(handle) == DnsStatus.Pending; waited += 500)
        {
            device.Advance(500);
        }
        if (resolver.GetStatus(handle) == DnsStatus.Pending)
        {
            throw new InvalidOperationException("the lookup of " + LookedUp + " never ended");
        }
        resolver.Release(handle);
        device.Advance(3_600_000);
    }

    private static int QueryPort(byte[] query, int queryAt) => query == null ? 53 : query[queryAt - 8] << 8 | query[queryAt - 7];

    private int Compose(byte control, byte[] query, int queryAt, int queryLength, int n)
    {
        int at = 0;
        if ((control & KeepQuestion) != 0 && query != null)
        {
            int questionEnd = DnsName.Skip(query, queryAt + queryLength, queryAt + 12);
            int copy = questionEnd < 0 ? 12 : Math.Min(questionEnd + 4 - queryAt, queryLength);
            Array.Copy(query, queryAt, _message, 0, copy);
            // The record's first 10 bytes are the header's flags and counts (the question count stays 1).
            int header = Math.Min(n, 10);
            Array.Copy(_record, 0, _message, 2, header);
            _message[4] = 0;
            _message[5] = 1;
            at = copy;
            n = Math.Min(n - header, MessageBytes - at);
            Array.Copy(_record, header, _message, at, n);
        }
        else
        {
            Array.Copy(_record, 0, _message, 0, n);
        }
        int length = at + n;
        if ((control & MatchId) != 0 && query != null && length >= 2)
        {
            _message[0] = query[queryAt];
            _message[1] = query[queryAt + 1];
        }
        return length;
    }

    // The parser alone: nothing it reports may point outside the message, and a name read back is at most 255 bytes.
    private void Walk(int length)
    {
        if (!_reader.Begin(_message, length))
        {
            return;
        }
        for (int entries = 0; _reader.Next(); entries++)
        {
            if (entries > length)
            {
                throw new InvalidOperationException("more entries than bytes");
            }
            if (_reader.NameOffset < 12 || _reader.DataOffset < 0 || _reader.DataOffset + _reader.DataLength > length)
            {
                throw new InvalidOperationException("an entry outside the message");
            }
            CheckName(_reader.NameOffset, length);
            _reader.ReadAddress();
            switch (_reader.Type)
            {
                case DnsType.CNAME:
                case DnsType.PTR:
                case DnsType.NS:
                case DnsType.SOA:
                    CheckName(_reader.DataOffset, length);
                    break;
                case DnsType.MX:
                    CheckName(_reader.DataOffset + 2, length);
                    break;
                case DnsType.SRV:
                    CheckName(_reader.DataOffset + 6, length);
                    break;
            }
        }
        _ = _reader.OptUdpPayloadSize + _reader.OptVersion;
    }

    private void CheckName(int offset, int length)
    {
        int n = DnsName.Read(_message, length, offset, _name, 0, _name.Length, out int end);
        if (n > DnsName.MaxNameBytes || (n >= 0 && (end <= offset || end > length)))
        {
            throw new InvalidOperationException("name of " + n + " bytes ending at " + end);
        }
        if (n >= 0)
        {
            DnsName.EqualsInMessage(_message, length, offset, _name, 0);
            DnsName.Length(_name, 0);
        }
    }
}
