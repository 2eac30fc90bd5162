using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.HostNet;
using Firmware.HostNet.Services;
using Firmware.Net;
using Firmware.Net.Wire;
using Firmware.Services.Dns;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>The stub resolver against scripted DNS servers on a virtual switch, in virtual time.</summary>
public class DnsResolverTests
{
    private const uint DeviceAddress = 0x0A000002;
    private const uint SecondServer = 0x0A000003;

    private sealed class Bed
    {
        public readonly Lan Lan;
        public readonly HostDnsServer Dns;
        public readonly DnsResolver Resolver;
        public HostDnsServer Dns2;

        public Bed(DnsResolverConfig config = null, uint seed = 1, bool twoServers = false)
        {
            Lan = new Lan(seed: seed, withDhcp: false);
            Lan.Device.SetAddress(DeviceAddress, 24, Lan.ServerAddress, Lan.NowMs);
            Dns = new HostDnsServer(Lan.Server);
            Dns.AddAddress("printer.lan", 0x0A000007);
            Lan.Pollers.Add(now => Dns.Poll(now));
            var servers = new List<uint> { Lan.ServerAddress };
            if (twoServers)
            {
                var host = Lan.AddHost(0x03, SecondServer, out _);
                Dns2 = new HostDnsServer(host);
                Dns2.AddAddress("printer.lan", 0x0A000007);
                Lan.Pollers.Add(now => Dns2.Poll(now));
                servers.Add(SecondServer);
            }
            Resolver = new DnsResolver(Lan.Device, config ?? new DnsResolverConfig(), new DeviceHarness.SeededRandom(seed + 10));
            Resolver.SetServers(servers.ToArray(), servers.Count);
            Lan.DevicePollers.Add(now => Resolver.Poll(now));
            Lan.Deadlines.Add(() => Resolver.NextDeadlineMs);
        }

        public DnsStatus Lookup(string name, out uint address, long maxMs = 60000)
        {
            int handle = Resolver.Resolve(name, Lan.NowMs);
            Assert.True(handle >= 0, "no handle for " + name);
            Lan.RunUntil(() => Resolver.GetStatus(handle) != DnsStatus.Pending, maxMs);
            var status = Resolver.GetStatus(handle);
            address = Resolver.GetAddress(handle);
            Resolver.Release(handle);
            Assert.Equal(DnsStatus.Invalid, Resolver.GetStatus(handle));
            return status;
        }
    }

    [Fact]
    public void Name_Resolved_ThenFromTheCacheUntilItsTtlEnds()
    {
        var bed = new Bed();
        int sockets = bed.Lan.Device.Udp.OpenCount;
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("printer.lan", out uint address));
        Assert.Equal(0x0A000007u, address);
        Assert.Single(bed.Dns.Queries);
        var query = bed.Dns.Queries[0];
        Assert.Equal(DnsType.A, query.Type);
        Assert.Equal(DeviceAddress, query.Source);
        Assert.InRange(query.SourcePort, 49152, 65535);
        Assert.Equal(sockets, bed.Lan.Device.Udp.OpenCount);  // the query's socket is given back

        // Case does not matter; the cache answers at once.
        int handle = bed.Resolver.Resolve("PRINTER.Lan", bed.Lan.NowMs);
        Assert.Equal(DnsStatus.Resolved, bed.Resolver.GetStatus(handle));
        Assert.Equal(0x0A000007u, bed.Resolver.GetAddress(handle));
        bed.Resolver.Release(handle);
        Assert.Equal(1, bed.Resolver.Counters.CacheHits);
        Assert.Single(bed.Dns.Queries);

        bed.Lan.Run(301_000);  // TTL 300 s
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("printer.lan", out _));
        Assert.Equal(2, bed.Dns.Queries.Count);
    }

    [Fact]
    public void Queries_HaveRandomIdsAndSourcePorts()
    {
        var bed = new Bed(new DnsResolverConfig { CacheEntries = 0 });
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(DnsStatus.Resolved, bed.Lookup("printer.lan", out _));
        }
        var ids = bed.Dns.Queries.Select(q => q.Id).Distinct().Count();
        var ports = bed.Dns.Queries.Select(q => q.SourcePort).Distinct().Count();
        Assert.True(ids >= 19, "distinct ids " + ids);
        Assert.True(ports >= 19, "distinct ports " + ports);
    }

    [Fact]
    public void NxDomain_NegativelyCachedForTheSoaMinimum()
    {
        var bed = new Bed();
        bed.Dns.NegativeTtl = 60;
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("nothere.lan", out _));
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("nothere.lan", out _));
        Assert.Single(bed.Dns.Queries);
        Assert.Equal(1, bed.Resolver.Counters.NegativeHits);
        bed.Lan.Run(61_000);
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("nothere.lan", out _));
        Assert.Equal(2, bed.Dns.Queries.Count);
    }

    [Fact]
    public void NxDomain_WithoutSoa_NotCached()
    {
        var bed = new Bed();
        bed.Dns.OmitSoa = true;
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("nothere.lan", out _));
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("nothere.lan", out _));
        Assert.Equal(2, bed.Dns.Queries.Count);
    }

    [Fact]
    public void NoData_NotFound_AndCached()
    {
        var bed = new Bed();
        bed.Dns.AddEmpty("v6only.lan");
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("v6only.lan", out _));
        Assert.Equal(DnsStatus.NotFound, bed.Lookup("v6only.lan", out _));
        Assert.Single(bed.Dns.Queries);
    }

    [Fact]
    public void CnameChain_InTheAnswer_Followed_AndCachedUnderTheAskedName()
    {
        var bed = new Bed();
        bed.Dns.AddAlias("www.lan", "web.lan");
        bed.Dns.AddAlias("web.lan", "printer.lan");
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("www.lan", out uint address));
        Assert.Equal(0x0A000007u, address);
        Assert.Equal(2, bed.Resolver.Counters.CnamesFollowed);
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("www.lan", out _));
        Assert.Single(bed.Dns.Queries);
    }

    [Fact]
    public void Cname_WithoutTheTarget_AskedAgainForTheTarget()
    {
        var bed = new Bed();
        bed.Dns.FollowAliases = false;
        bed.Dns.AddAlias("www.lan", "printer.lan");
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("www.lan", out uint address));
        Assert.Equal(0x0A000007u, address);
        Assert.Equal(new[] { "www.lan", "printer.lan" }, bed.Dns.Queries.Select(q => q.Name).ToArray());
    }

    [Fact]
    public void CnameLoop_Bounded_Fails()
    {
        var bed = new Bed();
        bed.Dns.AddAlias("a.lan", "b.lan");
        bed.Dns.AddAlias("b.lan", "a.lan");
        Assert.Equal(DnsStatus.Failed, bed.Lookup("a.lan", out _));
        Assert.Equal(9, bed.Resolver.Counters.CnamesFollowed);  // MaxCnameHops 8, the ninth gives up

        var asking = new Bed();
        asking.Dns.FollowAliases = false;
        asking.Dns.AddAlias("a.lan", "b.lan");
        asking.Dns.AddAlias("b.lan", "a.lan");
        Assert.Equal(DnsStatus.Failed, asking.Lookup("a.lan", out _));
        Assert.Equal(9, asking.Dns.Queries.Count);
    }

    [Fact]
    public void Timeouts_RetriedAcrossServers_WithDoublingTimeouts_ThenFailed()
    {
        var bed = new Bed(twoServers: true);
        bed.Dns.Script = q => DnsServerAction.Drop;
        bed.Dns2.Script = q => DnsServerAction.Drop;
        long start = bed.Lan.NowMs;
        Assert.Equal(DnsStatus.Failed, bed.Lookup("printer.lan", out _));
        var all = bed.Dns.Queries.Concat(bed.Dns2.Queries).OrderBy(q => q.AtMs).ToList();
        Assert.Equal(4, all.Count);
        long[] expected = { 0, 2000, 4000, 8000 };
        for (int i = 0; i < 4; i++)
        {
            // +1 ms where the device first had to resolve the second server's MAC.
            Assert.InRange(all[i].AtMs - start, expected[i], expected[i] + 1);
        }
        Assert.Equal(new[] { Lan.ServerAddress, SecondServer, Lan.ServerAddress, SecondServer },
            all.Select(q => bed.Dns.Queries.Contains(q) ? Lan.ServerAddress : SecondServer).ToArray());
        Assert.Equal(4, bed.Resolver.Counters.Timeouts);
        Assert.True(bed.Lan.NowMs - start >= 12000);
        Assert.Equal(4, all.Select(q => q.Id).Distinct().Count());
    }

    [Fact]
    public void FirstServerSilent_SecondAnswers()
    {
        var bed = new Bed(twoServers: true);
        bed.Dns.Script = q => DnsServerAction.Drop;
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("printer.lan", out _));
        Assert.Single(bed.Dns2.Queries);
    }

    [Theory]
    [InlineData(DnsServerAction.ServerFailure)]
    [InlineData(DnsServerAction.Refused)]
    [InlineData(DnsServerAction.Truncated)]
    public void ServerFailure_NextServerAskedAtOnce(DnsServerAction failure)
    {
        var bed = new Bed(twoServers: true);
        bed.Dns.Script = q => failure;
        long start = bed.Lan.NowMs;
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("printer.lan", out _));
        Assert.True(bed.Lan.NowMs - start < 100);
        Assert.Equal(1, bed.Resolver.Counters.ServerFailures);
    }

    [Fact]
    public void NoServers_FailsAtOnce_LiteralsNeedNone()
    {
        var bed = new Bed();
        bed.Resolver.SetServers(new uint[0], 0);
        Assert.Equal(DnsStatus.Failed, bed.Lookup("printer.lan", out _));
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("10.0.0.9", out uint literal));
        Assert.Equal(0x0A000009u, literal);
        Assert.Empty(bed.Dns.Queries);
    }

    [Theory]
    [InlineData("a..lan")]
    [InlineData(".")]
    [InlineData("")]
    public void MalformedNames_Refused(string name)
    {
        var bed = new Bed();
        Assert.Equal(-1, bed.Resolver.Resolve(name, bed.Lan.NowMs));
        Assert.Equal(1, bed.Resolver.Counters.Refused);
    }

    [Fact]
    public void LongerThanConfigured_Refused_AllSlotsBusy_Refused()
    {
        var bed = new Bed(new DnsResolverConfig { MaxNameBytes = 16 });
        Assert.Equal(-1, bed.Resolver.Resolve("averyveryverylongname.lan", bed.Lan.NowMs));
        bed.Dns.Script = q => DnsServerAction.Drop;
        Assert.True(bed.Resolver.Resolve("a.lan", bed.Lan.NowMs) >= 0);
        Assert.True(bed.Resolver.Resolve("b.lan", bed.Lan.NowMs) >= 0);
        Assert.Equal(-1, bed.Resolver.Resolve("c.lan", bed.Lan.NowMs));
        Assert.Equal(2, bed.Resolver.Counters.Refused);
    }

    [Fact]
    public void ForgedAnswers_WrongIdQuestionOrSource_DroppedAndCounted()
    {
        var bed = new Bed();
        var forger = bed.Lan.AddHost(0x66, 0x0A000066, out var port);
        var pending = new Queue<byte[]>();
        bool forged = false;
        bed.Dns.Script = q =>
        {
            if (forged)
            {
                return DnsServerAction.Answer;
            }
            forged = true;
            // RFC 5452's checks, one at a time: each answer gets one thing wrong and claims 6.6.6.6.
            pending.Enqueue(Forge(port.MacAddress, Lan.ServerAddress, 53, q.SourcePort, q.Id ^ 1, "printer.lan"));
            pending.Enqueue(Forge(port.MacAddress, Lan.ServerAddress, 53, q.SourcePort, q.Id, "printer.lam"));
            pending.Enqueue(Forge(port.MacAddress, 0x0A000066, 53, q.SourcePort, q.Id, "printer.lan"));
            pending.Enqueue(Forge(port.MacAddress, Lan.ServerAddress, 5353, q.SourcePort, q.Id, "printer.lan"));
            return DnsServerAction.Drop;
        };
        bed.Lan.Pollers.Add(now => { if (pending.Count > 0) { var f = pending.Dequeue(); port.TrySend(f, 0, f.Length); } });
        Assert.Equal(DnsStatus.Resolved, bed.Lookup("printer.lan", out uint address));
        Assert.Equal(0x0A000007u, address);
        var c = bed.Resolver.Counters;
        Assert.Equal(1, c.MismatchedId);
        Assert.Equal(1, c.MismatchedQuestion);
        Assert.Equal(2, c.MismatchedSource);
        Assert.Equal(1, c.Timeouts);
    }

    [Theory]
    [InlineData("header cut short")]
    [InlineData("question name loops")]
    [InlineData("rdlength past the end")]
    [InlineData("not a response")]
    [InlineData("cname target loops")]
    public void MalformedAnswers_Counted_LookupGoesOn(string what)
    {
        var bed = new Bed();
        var forger = bed.Lan.AddHost(0x66, 0x0A000066, out var port);
        var pending = new Queue<byte[]>();
        bool sent = false;
        bed.Dns.Script = q =>
        {
            if (sent)
            {
                return DnsServerAction.Answer;
            }
            sent = true;
            byte[] frame = Forge(port.MacAddress, Lan.ServerAddress, 53, q.SourcePort, q.Id, "printer.lan");
            int dns = 42;
            switch (what)
            {
                case "header cut short": Array.Resize(ref frame, dns + 11); break;
                case "question name loops": frame[dns + 12] = 0xC0; frame[dns + 13] = 12; break;
                case "rdlength past the end": frame[frame.Length - 5] = 40; break;
                case "not a response": frame[dns + 2] &= 0x7F; break;
                case "cname target loops":
                    // Turn the A record into a CNAME whose 4-byte RDATA is a pointer to itself.
                    int record = frame.Length - 16;
                    frame[record + 3] = DnsType.CNAME;
                    frame[record + 12] = 0xC0; frame[record + 13] = (byte)(record + 12 - dns);
                    break;
            }
            FixLengths(frame);
            pending.Enqueue(frame);
            return DnsServerAction.Drop;
        };
        bed.Lan.Pollers.Add(now => { if (pending.Count > 0) { var f = pending.Dequeue(); port.TrySend(f, 0, f.Length); } });
        var status = bed.Lookup("printer.lan", out uint address);
        Assert.Equal(1, bed.Resolver.Counters.Malformed);
        if (what == "cname target loops")
        {
            Assert.Equal(DnsStatus.Failed, status);  // the one answer there was is unusable: the lookup ends
        }
        else
        {
            Assert.Equal(DnsStatus.Resolved, status);
            Assert.Equal(0x0A000007u, address);
        }
    }

    [Fact]
    public void Lookups_SteadyState_AllocateNothing()
    {
        var bed = new Bed(new DnsResolverConfig { CacheEntries = 2 });
        string[] names = Enumerable.Range(0, 10).Select(i => "host" + i + ".lan").ToArray();
        foreach (var name in names)
        {
            bed.Dns.AddAddress(name, 0x0A000100 + (uint)name.Length);
        }
        bed.Dns.AddAlias("alias.lan", "host1.lan");
        string[] all = names.Concat(new[] { "alias.lan", "missing.lan" }).ToArray();
        foreach (var name in all)
        {
            bed.Lookup(name, out _);
        }
        var handles = new int[1];
        bed.Lan.DeviceAllocatedBytes = 0;
        long direct = 0;
        for (int round = 0; round < 5; round++)
        {
            foreach (var name in all)
            {
                long before = GC.GetAllocatedBytesForCurrentThread() - bed.Lan.MacAllocatedBytes;
                int handle = bed.Resolver.Resolve(name, bed.Lan.NowMs);
                direct += GC.GetAllocatedBytesForCurrentThread() - bed.Lan.MacAllocatedBytes - before;
                bed.Lan.RunUntil(() => bed.Resolver.GetStatus(handle) != DnsStatus.Pending, 10000);
                before = GC.GetAllocatedBytesForCurrentThread();
                bed.Resolver.GetAddress(handle);
                bed.Resolver.Release(handle);
                direct += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            bed.Lan.Run(400_000);  // past every TTL: the next round asks again
        }
        Assert.True(bed.Resolver.Counters.QueriesOut > 60);
        Assert.Equal(0, bed.Lan.DeviceAllocatedBytes + direct);
    }

    // An answer "name A 6.6.6.6" (or printer.lan's real shape) from source:sourcePort to the device, built by hand.
    private static byte[] Forge(byte[] mac, uint source, int sourcePort, int destinationPort, int id, string name)
    {
        var dns = new List<byte>();
        dns.AddRange(new byte[] { (byte)(id >> 8), (byte)id, 0x85, 0x80, 0, 1, 0, 1, 0, 0, 0, 0 });
        foreach (var label in name.Split('.'))
        {
            dns.Add((byte)label.Length);
            dns.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        dns.AddRange(new byte[] { 0, 0, 1, 0, 1 });
        dns.AddRange(new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 6, 6, 6, 6 });
        byte[] payload = dns.ToArray();
        var frame = new byte[42 + payload.Length];
        EthernetFrame.EmitHeader(frame, 0, Lan.DeviceMac, 0, mac, EthernetFrame.TypeIpv4);
        Array.Copy(payload, 0, frame, 42, payload.Length);
        FixLengths(frame, source, sourcePort, destinationPort);
        return frame;
    }

    private static void FixLengths(byte[] frame) =>
        FixLengths(frame, Ipv4Header.GetSource(frame, 14), UdpHeader.GetSourcePort(frame, 34), UdpHeader.GetDestinationPort(frame, 34));

    private static void FixLengths(byte[] frame, uint source, int sourcePort, int destinationPort)
    {
        int payload = frame.Length - 42;
        UdpHeader.Emit(frame, 34, sourcePort, destinationPort, payload, source, DeviceAddress);
        Ipv4Header.Emit(frame, 14, 28 + payload, 0x99, false, false, 0, 64, Ipv4Header.ProtocolUdp, source, DeviceAddress);
    }
}
