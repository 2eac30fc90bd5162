using System;
using System.Collections.Generic;
using System.Text;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Dns;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>
/// The authoritative DNS server on the device (10.0.0.2, zone "lan", host "device.lan") asked by the other node of the
/// LAN (our stack again, 10.0.0.1) over UDP and TCP, in virtual time.
/// </summary>
public class DnsServerTests
{
    private const uint DeviceAddress = 0x0A000002;

    internal sealed class Bed
    {
        public readonly Lan Lan;
        public readonly DnsServer Server;
        public readonly UdpSocket Client;
        public int NextId = 0x1000;
        public uint Address = DeviceAddress;

        public Bed(DnsServerConfig config = null, Action<DnsZone> fill = null)
        {
            Lan = new Lan(withDhcp: false);
            Lan.Device.SetAddress(DeviceAddress, 24, 0, Lan.NowMs);
            config ??= new DnsServerConfig();
            var zone = new DnsZone("lan", config.ZoneRecords, config.ZoneBytes);
            Assert.True(zone.SetHost("device.lan"));
            if (fill != null)
            {
                fill(zone);
            }
            else
            {
                Assert.True(zone.AddText("device.lan", "model=esp32\nfw=1.0", 300));
                Assert.True(zone.AddAlias("www.lan", "device.lan", 600));
                Assert.True(zone.AddAlias("docs.lan", "example.org", 600));
                Assert.True(zone.AddAddress("printer.lan", 0x0A000007, 3600));
                Assert.True(zone.AddAddress("a.b.lan", 0x0A000008, 3600));
            }
            Server = new DnsServer(Lan.Device, Lan.DeviceTcp, config, zone);
            Lan.DevicePollers.Add(now => Server.Poll(now));
            Lan.Deadlines.Add(() => Server.NextDeadlineMs);
            Client = Lan.Server.OpenUdp();
            Assert.True(Client.Bind(40000));
        }

        /// <summary>Sends <paramref name="query"/> over UDP; the answer, or null when none came within a second.</summary>
        public Reply Ask(byte[] query)
        {
            // False the first time: the datagram waits for ARP, then goes.
            Client.SendTo(Address, 53, query, 0, query.Length);
            if (!Lan.RunUntil(() => Client.QueuedDatagrams > 0, 1000))
            {
                return null;
            }
            var buffer = new byte[2048];
            int n = Client.TryReceiveFrom(buffer, 0, buffer.Length, out uint source, out int port);
            Assert.Equal(Address, source);
            Assert.Equal(53, port);
            return new Reply(buffer.AsSpan(0, n).ToArray());
        }

        public Reply Ask(string name, int type, int flags = DnsHeader.FlagRecursionDesired, int ednsPayload = 0, int ednsVersion = 0) =>
            Ask(Query(NextId++, name, type, flags, ednsPayload, ednsVersion));
    }

    /// <summary>A query built by hand: the header, one question, an OPT when <paramref name="ednsPayload"/> is not 0.</summary>
    public static byte[] Query(int id, string name, int type, int flags = DnsHeader.FlagRecursionDesired, int ednsPayload = 0, int ednsVersion = 0, int klass = 1)
    {
        var b = new List<byte> { (byte)(id >> 8), (byte)id, (byte)(flags >> 8), (byte)flags, 0, 1, 0, 0, 0, 0, 0, (byte)(ednsPayload != 0 ? 1 : 0) };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            if (label.Length == 0)
            {
                continue;
            }
            b.Add((byte)label.Length);
            b.AddRange(Encoding.ASCII.GetBytes(label));
        }
        b.AddRange(new byte[] { 0, (byte)(type >> 8), (byte)type, (byte)(klass >> 8), (byte)klass });
        if (ednsPayload != 0)
        {
            b.AddRange(new byte[] { 0, 0, 41, (byte)(ednsPayload >> 8), (byte)ednsPayload, 0, (byte)ednsVersion, 0, 0, 0, 0 });
        }
        return b.ToArray();
    }

    /// <summary>An answer, parsed with the firmware's reader.</summary>
    public sealed class Reply
    {
        public readonly byte[] Bytes;
        public readonly int Id, Flags, Rcode;
        public readonly List<(DnsSection Section, string Name, int Type, uint Ttl, byte[] Data, int DataOffset)> Records = new();
        public readonly List<(string Name, int Type, int Class)> Questions = new();
        public readonly bool HasOpt;
        public readonly int OptPayload, OptExtendedRcode;

        public Reply(byte[] bytes)
        {
            Bytes = bytes;
            Id = DnsHeader.GetId(bytes);
            Flags = DnsHeader.GetFlags(bytes);
            Rcode = DnsHeader.GetRcode(bytes);
            var reader = new DnsReader();
            reader.Begin(bytes, bytes.Length);
            var name = new byte[256];
            while (reader.Next())
            {
                DnsName.Read(bytes, bytes.Length, reader.NameOffset, name, 0, 256, out _);
                string dotted = DnsName.ToDotted(name, 0);
                if (reader.Section == DnsSection.Question)
                {
                    Questions.Add((dotted, reader.Type, reader.Class));
                }
                else if (reader.Type == DnsType.OPT)
                {
                    OptPayload = reader.Class;
                    OptExtendedRcode = (int)(reader.RawTtl >> 24);
                }
                else
                {
                    Records.Add((reader.Section, dotted, reader.Type, reader.Ttl, bytes.AsSpan(reader.DataOffset, reader.DataLength).ToArray(), reader.DataOffset));
                }
            }
            Assert.False(reader.Malformed, "the answer is malformed");
            HasOpt = reader.HasOpt;
        }

        public bool Authoritative => (Flags & DnsHeader.FlagAuthoritative) != 0;
        public bool Truncated => (Flags & DnsHeader.FlagTruncated) != 0;
        public bool RecursionAvailable => (Flags & DnsHeader.FlagRecursionAvailable) != 0;
        public bool RecursionDesired => (Flags & DnsHeader.FlagRecursionDesired) != 0;
        public int Count(DnsSection section) => Records.FindAll(r => r.Section == section).Count;

        /// <summary>The RDATA name of the record at <paramref name="index"/> (CNAME, PTR), decompressed against the message.</summary>
        public string DataName(int index)
        {
            var name = new byte[256];
            Assert.True(DnsName.Read(Bytes, Bytes.Length, Records[index].DataOffset, name, 0, 256, out _) > 0);
            return DnsName.ToDotted(name, 0);
        }
    }

    [Fact]
    public void HostName_A_AuthoritativeWithTheDeviceAddress_QuestionEchoedAsAsked_RdCopied_RaClear()
    {
        var bed = new Bed();
        var reply = bed.Ask("Device.LAN", DnsType.A);
        Assert.Equal(0x1000, reply.Id);
        Assert.Equal(DnsHeader.RcodeNoError, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.True(reply.RecursionDesired);
        Assert.False(reply.RecursionAvailable);
        Assert.False(reply.Truncated);
        Assert.Equal(("Device.LAN", DnsType.A, DnsType.ClassIn), reply.Questions[0]);
        Assert.Single(reply.Records);
        Assert.Equal(DnsType.A, reply.Records[0].Type);
        Assert.Equal(300u, reply.Records[0].Ttl);
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, reply.Records[0].Data);
        // RFC 1035 §4.1.4: the answer's owner is a pointer to the question's name at offset 12.
        Assert.Equal(0xC0, reply.Bytes[12 + 12 + 4]);
        Assert.Equal(0x0C, reply.Bytes[12 + 12 + 5]);
        Assert.Equal(12 + 12 + 4 + 16, reply.Bytes.Length);
        Assert.Equal(1, bed.Server.Counters.NoError);
        Assert.Equal(1, bed.Server.Counters.QueriesUdp);
    }

    [Fact]
    public void ReverseNameOfTheDeviceAddress_Ptr_ToTheHostName()
    {
        var bed = new Bed();
        var reply = bed.Ask("2.0.0.10.in-addr.arpa", DnsType.PTR);
        Assert.Equal(DnsHeader.RcodeNoError, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.Single(reply.Records);
        Assert.Equal(DnsType.PTR, reply.Records[0].Type);
        Assert.Equal("device.lan", reply.DataName(0));
        // Another address's reverse name is not ours.
        Assert.Equal(DnsHeader.RcodeRefused, bed.Ask("7.0.0.10.in-addr.arpa", DnsType.PTR).Rcode);
        // A new address moves the PTR with it.
        bed.Lan.Device.SetAddress(0x0A0000C8, 24, 0, bed.Lan.NowMs);
        bed.Address = 0x0A0000C8;
        var moved = bed.Ask("200.0.0.10.in-addr.arpa", DnsType.PTR);
        Assert.Equal("device.lan", moved.DataName(0));
    }

    [Fact]
    public void Txt_TwoStrings_AsConfigured()
    {
        var reply = new Bed().Ask("device.lan", DnsType.TXT);
        Assert.Single(reply.Records);
        Assert.Equal(DnsType.TXT, reply.Records[0].Type);
        Assert.Equal("\u000bmodel=esp32\u0006fw=1.0", Encoding.ASCII.GetString(reply.Records[0].Data));
    }

    [Fact]
    public void Alias_InsideTheZone_CnameThenTheTargetsA()
    {
        var reply = new Bed().Ask("www.lan", DnsType.A);
        Assert.Equal(DnsHeader.RcodeNoError, reply.Rcode);
        Assert.Equal(2, reply.Records.Count);
        Assert.Equal(("www.lan", DnsType.CNAME), (reply.Records[0].Name, reply.Records[0].Type));
        Assert.Equal("device.lan", reply.DataName(0));
        Assert.Equal(("device.lan", DnsType.A), (reply.Records[1].Name, reply.Records[1].Type));
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, reply.Records[1].Data);
    }

    [Fact]
    public void Alias_OutsideTheZone_CnameOnly_AndCnameQueryGetsTheCnameAlone()
    {
        var bed = new Bed();
        var reply = bed.Ask("docs.lan", DnsType.A);
        Assert.Single(reply.Records);
        Assert.Equal("example.org", reply.DataName(0));
        var cname = bed.Ask("www.lan", DnsType.CNAME);
        Assert.Single(cname.Records);
        Assert.Equal(DnsType.CNAME, cname.Records[0].Type);
    }

    [Fact]
    public void Aaaa_ForAKnownName_NoErrorNoData_WithTheSoa()
    {
        var bed = new Bed();
        var reply = bed.Ask("device.lan", DnsType.AAAA);
        Assert.Equal(DnsHeader.RcodeNoError, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.Equal(0, reply.Count(DnsSection.Answer));
        Assert.Equal(1, reply.Count(DnsSection.Authority));
        Assert.Equal(("lan", DnsType.SOA), (reply.Records[0].Name, reply.Records[0].Type));
        Assert.Equal(60u, reply.Records[0].Ttl);
        // An empty non-terminal (b.lan, above a.b.lan) exists too (RFC 8020).
        Assert.Equal(DnsHeader.RcodeNoError, bed.Ask("b.lan", DnsType.A).Rcode);
    }

    [Fact]
    public void UnknownNameInTheZone_NxDomain_WithTheSoa()
    {
        var bed = new Bed();
        var reply = bed.Ask("nothing.lan", DnsType.A);
        Assert.Equal(DnsHeader.RcodeNameError, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.Equal(0, reply.Count(DnsSection.Answer));
        Assert.Equal(DnsType.SOA, reply.Records[0].Type);
        Assert.Equal(DnsHeader.RcodeNameError, bed.Ask("x.device.lan", DnsType.A).Rcode);
        Assert.Equal(2, bed.Server.Counters.NxDomain);
    }

    [Fact]
    public void Apex_Soa_Answered()
    {
        var reply = new Bed().Ask("lan", DnsType.SOA);
        Assert.Single(reply.Records);
        Assert.Equal(DnsSection.Answer, reply.Records[0].Section);
        Assert.Equal(DnsType.SOA, reply.Records[0].Type);
        Assert.Equal("device.lan", reply.DataName(0));
    }

    [Fact]
    public void NameOutsideTheZone_Refused_NoAa_NoRa()
    {
        var bed = new Bed();
        var reply = bed.Ask("example.com", DnsType.A);
        Assert.Equal(DnsHeader.RcodeRefused, reply.Rcode);
        Assert.False(reply.Authoritative);
        Assert.False(reply.RecursionAvailable);
        Assert.Empty(reply.Records);
        Assert.Single(reply.Questions);
        // "xlan" ends in "lan" but is not below it.
        Assert.Equal(DnsHeader.RcodeRefused, bed.Ask("xlan", DnsType.A).Rcode);
        // Class CHAOS (version.bind and the like) is not ours either.
        Assert.Equal(DnsHeader.RcodeRefused, bed.Ask(Query(1, "device.lan", DnsType.TXT, klass: 3)).Rcode);
        // Nor are zone transfers.
        Assert.Equal(DnsHeader.RcodeRefused, bed.Ask("lan", 252).Rcode);
        Assert.Equal(4, bed.Server.Counters.Refused);
    }

    [Fact]
    public void OpcodeOtherThanQuery_NotImp()
    {
        var bed = new Bed();
        var reply = bed.Ask(Query(7, "device.lan", DnsType.A, flags: 4 << 11));  // NOTIFY
        Assert.Equal(DnsHeader.RcodeNotImplemented, reply.Rcode);
        Assert.Equal(4, DnsHeader.GetOpcode(reply.Bytes));
        Assert.Equal(1, bed.Server.Counters.NotImp);
    }

    public static IEnumerable<object[]> MalformedQueries()
    {
        byte[] Header(int qd, int an = 0, int ns = 0, int ar = 0) => new byte[] { 0xAB, 0xCD, 1, 0, 0, (byte)qd, 0, (byte)an, 0, (byte)ns, 0, (byte)ar };
        byte[] Cat(params byte[][] parts) { var l = new List<byte>(); foreach (var p in parts) { l.AddRange(p); } return l.ToArray(); }
        yield return new object[] { "qdcount 0", Header(0) };
        yield return new object[] { "qdcount 2", Cat(Header(2), new byte[] { 1, (byte)'a', 0, 0, 1, 0, 1, 1, (byte)'b', 0, 0, 1, 0, 1 }) };
        yield return new object[] { "qdcount 10, one question", Cat(Header(10), new byte[] { 1, (byte)'a', 0, 0, 1, 0, 1 }) };
        yield return new object[] { "pointer loop", Cat(Header(1), new byte[] { 0xC0, 12, 0, 1, 0, 1 }) };
        yield return new object[] { "forward pointer", Cat(Header(1), new byte[] { 0xC0, 14, 1, (byte)'a', 0, 0, 1, 0, 1 }) };
        yield return new object[] { "truncated question", Cat(Header(1), new byte[] { 6, (byte)'d', (byte)'e', (byte)'v' }) };
        yield return new object[] { "no type", Cat(Header(1), new byte[] { 1, (byte)'a', 0, 0 }) };
        var label64 = new byte[66]; label64[0] = 64; for (int i = 1; i <= 64; i++) { label64[i] = (byte)'x'; }
        yield return new object[] { "label of 64", Cat(Header(1), label64, new byte[] { 0, 1, 0, 1 }) };
        var name256 = new List<byte>(); for (int i = 0; i < 4; i++) { name256.Add(63); name256.AddRange(new byte[63]); } name256.Add(0);  // 257 bytes
        for (int i = 0; i < name256.Count - 1; i += 64) { for (int j = 1; j < 64; j++) { name256[i + j] = (byte)'y'; } }
        yield return new object[] { "name of 257", Cat(Header(1), name256.ToArray(), new byte[] { 0, 1, 0, 1 }) };
        yield return new object[] { "arcount 1, nothing there", Cat(Header(1, ar: 1), new byte[] { 1, (byte)'a', 3, (byte)'l', (byte)'a', (byte)'n', 0, 0, 1, 0, 1 }) };
        yield return new object[] { "two OPTs", Cat(Header(1, ar: 2), new byte[] { 1, (byte)'a', 3, (byte)'l', (byte)'a', (byte)'n', 0, 0, 1, 0, 1 },
            new byte[] { 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0 }, new byte[] { 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0 }) };
        yield return new object[] { "OPT with an RDLENGTH past the end", Cat(Header(1, ar: 1), new byte[] { 1, (byte)'a', 3, (byte)'l', (byte)'a', (byte)'n', 0, 0, 1, 0, 1 },
            new byte[] { 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 40 }) };
        yield return new object[] { "reserved label type 0x40", Cat(Header(1), new byte[] { 0x41, (byte)'a', 0, 0, 1, 0, 1 }) };
        yield return new object[] { "QTYPE OPT", Cat(Header(1), new byte[] { 1, (byte)'a', 0, 0, 41, 0, 1 }) };
    }

    [Theory]
    [MemberData(nameof(MalformedQueries))]
    public void MalformedQuery_FormErr_AndTheServerKeepsAnswering(string what, byte[] query)
    {
        var bed = new Bed();
        var reply = bed.Ask(query);
        Assert.NotNull(reply);
        Assert.True(DnsHeader.RcodeFormatError == reply.Rcode, what);
        Assert.Equal(0xABCD, reply.Id);
        Assert.Equal(12, reply.Bytes.Length);
        Assert.Equal(1, bed.Server.Counters.FormErr);
        Assert.Equal(DnsHeader.RcodeNoError, bed.Ask("device.lan", DnsType.A).Rcode);
    }

    [Fact]
    public void ShortDatagramsAndResponses_DroppedAndCounted()
    {
        var bed = new Bed();
        Assert.Null(bed.Ask(new byte[] { 1, 2, 3 }));
        Assert.Null(bed.Ask(new byte[0]));
        var response = Query(5, "device.lan", DnsType.A, flags: DnsHeader.FlagResponse);
        Assert.Null(bed.Ask(response));
        Assert.Equal(3, bed.Server.Counters.Malformed);
        Assert.Equal(0, bed.Server.Counters.Answers);
    }

    [Fact]
    public void Edns_OptAnsweredWithOurPayloadSize_VersionOneGetsBadVers()
    {
        var bed = new Bed();
        var reply = bed.Ask("device.lan", DnsType.A, ednsPayload: 4096);
        Assert.True(reply.HasOpt);
        Assert.Equal(512, reply.OptPayload);
        Assert.Single(reply.Records);
        var old = bed.Ask("device.lan", DnsType.A);
        Assert.False(old.HasOpt);
        var bad = bed.Ask("device.lan", DnsType.A, ednsPayload: 4096, ednsVersion: 1);
        Assert.True(bad.HasOpt);
        Assert.Equal(1, bad.OptExtendedRcode);  // BADVERS = 16: 1 in the OPT's upper bits, 0 in the header
        Assert.Equal(0, bad.Rcode);
        Assert.Empty(bad.Records);
        Assert.Equal(1, bed.Server.Counters.BadVers);
    }

    [Fact]
    public void CaptivePortal_EveryAQuery_TheDeviceAddressWithAShortTtl_AaaaNoData()
    {
        var bed = new Bed(new DnsServerConfig { CaptivePortal = true });
        foreach (var name in new[] { "connectivitycheck.gstatic.com", "captive.apple.com", "www.msftconnecttest.com", "device.lan", "nothing.lan" })
        {
            var reply = bed.Ask(name, DnsType.A);
            Assert.Equal(DnsHeader.RcodeNoError, reply.Rcode);
            Assert.True(reply.Authoritative);
            Assert.Single(reply.Records);
            Assert.Equal(new byte[] { 10, 0, 0, 2 }, reply.Records[0].Data);
            Assert.Equal(10u, reply.Records[0].Ttl);
        }
        var aaaa = bed.Ask("captive.apple.com", DnsType.AAAA);
        Assert.Equal(DnsHeader.RcodeNoError, aaaa.Rcode);
        Assert.Empty(aaaa.Records);
        Assert.Equal(5, bed.Server.Counters.CaptiveAnswers);
        // The zone's other records still answer.
        Assert.Single(bed.Ask("device.lan", DnsType.TXT).Records);
    }

    [Fact]
    public void LargeAnswer_OverUdp_CutToTheQuestionWithTc_NeverMoreThanFourTimesTheQuery_WholeOverTcp()
    {
        string big = new string('t', 200) + "\n" + new string('u', 200);
        var bed = new Bed(new DnsServerConfig { ZoneBytes = 1024 }, zone => Assert.True(zone.AddText("big.lan", big, 60)));
        var query = Query(9, "big.lan", DnsType.TXT);
        var reply = bed.Ask(query);
        Assert.True(reply.Truncated);
        Assert.Empty(reply.Records);
        Assert.Single(reply.Questions);
        Assert.True(reply.Bytes.Length <= 4 * query.Length);
        Assert.Equal(1, bed.Server.Counters.Truncated);
        Assert.Equal(1, bed.Server.Counters.AmplificationLimited);
        var overTcp = new TcpPeer(bed).Exchange(query);
        Assert.False(overTcp.Truncated);
        Assert.Equal(402, overTcp.Records[0].Data.Length);
    }

    [Fact]
    public void RateLimit_PerSource_BurstThenTheSustainedRate()
    {
        var bed = new Bed(new DnsServerConfig { RateLimitPerSecond = 10, RateLimitBurst = 5, DatagramsPerPoll = 64 });
        Assert.NotNull(bed.Ask("device.lan", DnsType.A));  // ARP first; one of the five
        for (int i = 0; i < 30; i++)
        {
            var q = Query(i, "device.lan", DnsType.A);
            bed.Client.SendTo(DeviceAddress, 53, q, 0, q.Length);
            bed.Lan.Run(1);  // one a millisecond: the device's socket queues 8 datagrams at most
        }
        bed.Lan.Run(10);
        Assert.Equal(4, bed.Client.QueuedDatagrams);
        Assert.Equal(26, bed.Server.Counters.RateLimited);
        // A second later, ten more (the sustained rate), capped at the burst.
        bed.Lan.Run(1000);
        Assert.NotNull(bed.Ask("device.lan", DnsType.A));
        Assert.Equal(1, bed.Server.RateLimitedSources);
    }

    [Fact]
    public void Tcp_LengthPrefixed_PipelinedQueriesAnsweredInOrder_ThenIdleClose()
    {
        var bed = new Bed();
        var peer = new TcpPeer(bed);
        var a = Query(1, "device.lan", DnsType.A);
        var b = Query(2, "nothing.lan", DnsType.A);
        var both = new List<byte>();
        foreach (var q in new[] { a, b })
        {
            both.Add((byte)(q.Length >> 8));
            both.Add((byte)q.Length);
            both.AddRange(q);
        }
        peer.Send(both.ToArray());
        var first = peer.Read();
        var second = peer.Read();
        Assert.Equal(1, first.Id);
        Assert.Equal(DnsHeader.RcodeNoError, first.Rcode);
        Assert.Equal(2, second.Id);
        Assert.Equal(DnsHeader.RcodeNameError, second.Rcode);
        Assert.Equal(2, bed.Server.Counters.QueriesTcp);
        Assert.Equal(1, bed.Server.Counters.TcpConnections);
        bed.Lan.RunUntil(() => peer.Connection.IsReceiveClosed, 15000);
        Assert.True(peer.Connection.IsReceiveClosed);
        Assert.Equal(1, bed.Server.Counters.TcpIdleClosed);
    }

    [Fact]
    public void Tcp_LengthOverOurBuffer_ConnectionAborted()
    {
        var bed = new Bed();
        var peer = new TcpPeer(bed);
        peer.Send(new byte[] { 0x40, 0x00, 0, 0, 0, 0 });
        bed.Lan.RunUntil(() => peer.Connection.State == TcpState.Closed, 2000);
        Assert.Equal(TcpState.Closed, peer.Connection.State);
        Assert.Equal(1, bed.Server.Counters.TooLarge);
    }

    [Fact]
    public void ThousandQueries_UdpAndTcp_ZeroBytesAllocatedOnTheDevice()
    {
        var bed = new Bed(new DnsServerConfig { RateLimitPerSecond = 0 });
        var names = new[] { ("device.lan", DnsType.A), ("www.lan", DnsType.A), ("nothing.lan", DnsType.A), ("example.com", DnsType.A),
            ("2.0.0.10.in-addr.arpa", DnsType.PTR), ("device.lan", DnsType.TXT), ("device.lan", DnsType.AAAA) };
        // Warm up (ARP, first-use paths), then measure.
        foreach (var (n, t) in names)
        {
            Assert.NotNull(bed.Ask(n, t));
        }
        var peer = new TcpPeer(bed);
        peer.Exchange(Query(1, "device.lan", DnsType.A));
        bed.Lan.DeviceAllocatedBytes = 0;
        for (int i = 0; i < 1000; i++)
        {
            var (n, t) = names[i % names.Length];
            Assert.NotNull(bed.Ask(n, t, ednsPayload: i % 2 == 0 ? 1232 : 0));
        }
        for (int i = 0; i < 100; i++)
        {
            peer.Exchange(Query(i, "www.lan", DnsType.A));
        }
        Assert.Equal(1000 + names.Length, bed.Server.Counters.QueriesUdp);
        Assert.Equal(0, bed.Lan.DeviceAllocatedBytes);
    }

    [Fact]
    public void DeviceApp_ServesItsNameInItsZone_ThePacketLogSaysSo_AndCountersShowIt()
    {
        var sw = new Firmware.HostNet.VirtualSwitch(64);
        var app = new Firmware.App.DeviceApp(new Firmware.App.AppConfig { DhcpEnabled = false, SntpEnabled = false }, sw.CreatePort(Lan.DeviceMac),
            new Firmware.DeviceHarness.SeededRandom(1));
        var peer = new NetworkStack(new StackConfig(), sw.CreatePort(Lan.ServerMac), new Firmware.DeviceHarness.SeededRandom(2));
        peer.SetAddress(Lan.ServerAddress, 24, 0, 0);
        var socket = peer.OpenUdp();
        socket.Bind(40000);
        var lines = new List<string>();
        long now = 1;
        app.Start(now);
        Reply Ask(string name, int type)
        {
            var q = Query(77, name, type);
            socket.SendTo(DeviceAddress, 53, q, 0, q.Length);
            var buffer = new byte[1024];
            for (int i = 0; i < 200 && socket.QueuedDatagrams == 0; i++)
            {
                now++;
                app.Poll(now);
                peer.Poll(now);
            }
            int n = socket.TryReceiveFrom(buffer, 0, buffer.Length, out _, out _);
            Assert.True(n > 0, "no answer for " + name);
            return new Reply(buffer.AsSpan(0, n).ToArray());
        }
        var a = Ask("DEVICE.lan", DnsType.A);
        Assert.True(a.Authoritative);
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, a.Records[0].Data);
        Assert.Equal("device.lan", Ask("2.0.0.10.in-addr.arpa", DnsType.PTR).DataName(0));
        Assert.Equal(DnsHeader.RcodeRefused, Ask("example.com", DnsType.A).Rcode);
        Assert.Equal(2, app.DnsServer.Counters.NoError);
        Assert.Equal(1, app.DnsServer.Counters.Refused);
        Assert.Contains("dns-srv  port 53 udp+tcp, zone lan, host device.lan", app.Describe());
        // The packet log (the simulator's) describes the query and the answer in tcpdump's words.
        var frame = new byte[1514];
        var query = Query(0x4242, "device.lan", DnsType.A);
        int length = BuildUdpFrame(frame, Lan.ServerAddress, 40000, DeviceAddress, 53, query);
        Assert.Equal("10.0.0.1.40000 > 10.0.0.2.53: 16962+ A? device.lan. (28)", Firmware.Net.Diagnostics.PacketFormatter.Format(frame, 0, length));
    }

    private static int BuildUdpFrame(byte[] frame, uint source, int sourcePort, uint destination, int destinationPort, byte[] payload)
    {
        Array.Clear(frame);
        frame[12] = 0x08;
        int ip = 14;
        int total = 20 + 8 + payload.Length;
        frame[ip] = 0x45;
        BigEndian.WriteUInt16(frame, ip + 2, total);
        frame[ip + 8] = 64;
        frame[ip + 9] = 17;
        BigEndian.WriteUInt32(frame, ip + 12, source);
        BigEndian.WriteUInt32(frame, ip + 16, destination);
        BigEndian.WriteUInt16(frame, ip + 10, Checksum.Compute(frame, ip, 20));
        BigEndian.WriteUInt16(frame, ip + 20, sourcePort);
        BigEndian.WriteUInt16(frame, ip + 22, destinationPort);
        BigEndian.WriteUInt16(frame, ip + 24, 8 + payload.Length);
        Array.Copy(payload, 0, frame, ip + 28, payload.Length);
        return 14 + total;
    }

    [Fact]
    public void MutatedQueries_200000_NothingThrows_NeverMoreThanFourTimesTheQuery_ZeroBytes()
    {
        var config = new DnsServerConfig();
        var zone = new DnsZone("lan", config.ZoneRecords, config.ZoneBytes);
        Assert.True(zone.SetHost("device.lan"));
        Assert.True(zone.AddText("device.lan", "model=esp32", 300));
        Assert.True(zone.AddAlias("www.lan", "device.lan", 600));
        Assert.True(zone.AddAlias("loop.lan", "loop.lan", 600));
        var counters = new DnsServerCounters();
        var answerer = new DnsAnswerer(zone, config, counters);
        var seeds = new[] { Query(1, "device.lan", DnsType.A, ednsPayload: 1232), Query(2, "www.lan", DnsType.A), Query(3, "loop.lan", DnsType.A),
            Query(4, "2.0.0.10.in-addr.arpa", DnsType.PTR), Query(5, "x.y.z.example.com", DnsType.ANY, ednsPayload: 4096) };
        var random = new Random(20261202);
        var query = new byte[512];
        var response = new byte[512];
        long allocated = 0;
        for (int i = 0; i < 200000; i++)
        {
            byte[] seed = seeds[i % seeds.Length];
            int length = seed.Length;
            Array.Copy(seed, query, length);
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                int kind = random.Next(4);
                if (kind == 0) { query[random.Next(length)] = (byte)random.Next(256); }
                else if (kind == 1) { query[random.Next(length)] ^= (byte)(1 << random.Next(8)); }
                else if (kind == 2) { length = random.Next(length + 1); }
                else if (length < query.Length) { query[length] = (byte)random.Next(256); length++; }
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            int n = answerer.Answer(query, length, response, DeviceAddress, false);
            if (i >= 1000)
            {
                // The first calls run the type's static constructor (its constant label arrays) and get JIT-compiled.
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            Assert.True(n <= 4 * length, "answer " + n + " to a " + length + "-byte query");
            if (n > 0)
            {
                var reader = new DnsReader();
                Assert.True(reader.Begin(response, n) && reader.SkipToEnd(), "our own answer does not parse");
            }
        }
        Assert.Equal(0, allocated);
        Assert.True(counters.FormErr > 1000 && counters.NoError > 1000, counters.Describe());
    }

    /// <summary>A TCP client on the LAN's other node, connected to the device's port 53.</summary>
    internal sealed class TcpPeer
    {
        private readonly Bed _bed;
        public readonly TcpConnection Connection;
        private readonly List<byte> _received = new();

        public TcpPeer(Bed bed)
        {
            _bed = bed;
            Connection = bed.Lan.ServerTcp.Connect(DeviceAddress, 53, bed.Lan.NowMs);
            Assert.True(bed.Lan.RunUntil(() => Connection.State == TcpState.Established, 2000));
        }

        public void Send(byte[] bytes)
        {
            Assert.Equal(bytes.Length, Connection.Send(bytes, 0, bytes.Length));
        }

        public Reply Read()
        {
            var buffer = new byte[4096];
            bool Complete() => _received.Count >= 2 && _received.Count >= 2 + (_received[0] << 8 | _received[1]);
            Assert.True(_bed.Lan.RunUntil(() =>
            {
                int n = Connection.Receive(buffer, 0, buffer.Length);
                for (int i = 0; i < n; i++)
                {
                    _received.Add(buffer[i]);
                }
                return Complete();
            }, 2000));
            int length = _received[0] << 8 | _received[1];
            var message = _received.GetRange(2, length).ToArray();
            _received.RemoveRange(0, 2 + length);
            return new Reply(message);
        }

        public Reply Exchange(byte[] query)
        {
            Send(new[] { (byte)(query.Length >> 8), (byte)query.Length });
            Send(query);
            return Read();
        }
    }
}
