using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.DeviceHarness;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Dns;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>
/// The mDNS/DNS-SD responder on the device (10.0.0.2, "device") with the LAN's other node (10.0.0.1) as the querier, a
/// member of 224.0.0.251 listening on 5353; in virtual time.
/// </summary>
public class MdnsResponderTests
{
    private const uint DeviceAddress = 0x0A000002;

    private sealed class Bed
    {
        public readonly Lan Lan;
        public readonly MdnsResponder Responder;
        public readonly UdpSocket Listener;
        public readonly UdpSocket Legacy;

        public Bed(MdnsConfig config = null)
        {
            Lan = new Lan(withDhcp: false);
            Lan.Device.SetAddress(DeviceAddress, 24, 0, Lan.NowMs);
            Responder = new MdnsResponder(Lan.Device, config ?? new MdnsConfig(), new SeededRandom(5));
            Lan.DevicePollers.Add(now => Responder.Poll(now));
            Lan.Deadlines.Add(() => Responder.NextDeadlineMs);
            Assert.True(Lan.Server.JoinGroup(MdnsResponder.Group, Lan.NowMs));
            Listener = Lan.Server.OpenUdp();
            Assert.True(Listener.Bind(5353));
            Legacy = Lan.Server.OpenUdp();
            Assert.True(Legacy.Bind(41000));
            Responder.Start(Lan.NowMs);
        }

        public List<DnsServerTests.Reply> Drain(UdpSocket socket)
        {
            var replies = new List<DnsServerTests.Reply>();
            var buffer = new byte[1500];
            while (socket.QueuedDatagrams > 0)
            {
                int n = socket.TryReceiveFrom(buffer, 0, buffer.Length, out _, out _);
                replies.Add(new DnsServerTests.Reply(buffer.AsSpan(0, n).ToArray()));
            }
            return replies;
        }

        public void Send(UdpSocket from, byte[] message, uint destination = MdnsResponder.Group, int port = 5353) =>
            from.SendTo(destination, port, message, 0, message.Length);
    }

    private static byte[] Query(string name, int type, int klass = 1, int id = 0) =>
        DnsServerTests.Query(id, name, type, flags: 0, klass: klass);

    [Fact]
    public void Start_ThreeProbesThenTwoAnnouncements_EveryRecordWithTheCacheFlushBit()
    {
        var bed = new Bed();
        Assert.True(bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000));
        var heard = bed.Drain(bed.Listener);
        var probes = heard.Where(r => (r.Flags & DnsHeader.FlagResponse) == 0).ToList();
        Assert.Equal(3, probes.Count);
        Assert.All(probes, p => Assert.Equal(("device.local", DnsType.ANY), (p.Questions[0].Name, p.Questions[0].Type)));
        Assert.Equal(0x8001, probes[0].Questions[0].Class);  // QU on the first probe
        Assert.All(probes, p => Assert.Equal((DnsSection.Authority, "device.local", DnsType.A), (p.Records[0].Section, p.Records[0].Name, p.Records[0].Type)));
        var announcements = heard.Where(r => (r.Flags & DnsHeader.FlagResponse) != 0).ToList();
        Assert.Equal(2, announcements.Count);
        var names = announcements[0].Records.Select(r => (r.Name, r.Type)).ToList();
        Assert.Contains(("device.local", DnsType.A), names);
        Assert.Contains(("2.0.0.10.in-addr.arpa", DnsType.PTR), names);
        Assert.Contains(("_http._tcp.local", DnsType.PTR), names);
        Assert.Contains(("device._http._tcp.local", DnsType.SRV), names);
        Assert.Contains(("device._http._tcp.local", DnsType.TXT), names);
        Assert.Contains(("_services._dns-sd._udp.local", DnsType.PTR), names);
        Assert.True(announcements[0].Authoritative);
        Assert.Equal("device.local", bed.Responder.HostName);
        Assert.True(bed.Responder.IsRunning);
    }

    [Fact]
    public void MulticastQuery_ForTheHost_AnsweredToTheGroup_ServiceBrowse_WithSrvTxtAInAdditional()
    {
        var bed = new Bed();
        bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000);
        bed.Lan.Run(2000);
        bed.Drain(bed.Listener);
        bed.Send(bed.Listener, Query("device.local", DnsType.A));
        bed.Lan.Run(50);
        var a = bed.Drain(bed.Listener).Single();
        Assert.Equal(0, a.Id);
        Assert.Empty(a.Questions);
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, a.Records.Single().Data);
        Assert.Equal(120u, a.Records[0].Ttl);

        bed.Send(bed.Listener, Query("_http._tcp.local", DnsType.PTR));
        bed.Lan.Run(50);
        var browse = bed.Drain(bed.Listener).Single();
        Assert.Equal(("_http._tcp.local", DnsType.PTR), (browse.Records[0].Name, browse.Records[0].Type));
        Assert.Equal("device._http._tcp.local", browse.DataName(0));
        var srv = browse.Records.Single(r => r.Type == DnsType.SRV);
        Assert.Equal(DnsSection.Additional, srv.Section);
        Assert.Equal(80, srv.Data[4] << 8 | srv.Data[5]);
        Assert.Contains(browse.Records, r => r.Type == DnsType.TXT && r.Data.SequenceEqual(new byte[] { 6, (byte)'p', (byte)'a', (byte)'t', (byte)'h', (byte)'=', (byte)'/' }));
        Assert.Contains(browse.Records, r => r.Type == DnsType.A && r.Section == DnsSection.Additional);
        Assert.Equal(2, bed.Responder.Counters.MulticastResponses);
    }

    [Fact]
    public void QuBit_AnsweredByUnicast_LegacyQuery_AnsweredLikeDnsWithItsIdAndQuestion()
    {
        var bed = new Bed();
        bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000);
        bed.Lan.Run(2000);
        bed.Drain(bed.Listener);
        var unicastOnly = bed.Lan.Server.OpenUdp();
        Assert.True(unicastOnly.Bind(5353) == false);  // taken by the listener: the QU answer comes to it, by unicast
        bed.Send(bed.Listener, Query("device.local", DnsType.A, klass: 0x8001));
        bed.Lan.Run(50);
        Assert.Single(bed.Drain(bed.Listener));
        Assert.Equal(1, bed.Responder.Counters.UnicastResponses);

        bed.Send(bed.Legacy, Query("device.local", DnsType.A, id: 0x4242));
        bed.Lan.Run(50);
        var legacy = bed.Drain(bed.Legacy).Single();
        Assert.Equal(0x4242, legacy.Id);
        Assert.Equal("device.local", legacy.Questions.Single().Name);
        Assert.Equal(10u, legacy.Records.Single().Ttl);
        Assert.Equal(1, bed.Responder.Counters.LegacyResponses);
        Assert.Empty(bed.Drain(bed.Listener));
    }

    [Fact]
    public void KnownAnswer_WithEnoughTtl_Suppressed()
    {
        var bed = new Bed();
        bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000);
        bed.Lan.Run(2000);
        bed.Drain(bed.Listener);
        // The query carries "device.local A 10.0.0.2, TTL 100" (more than half of 120) in its answer section.
        var q = Query("device.local", DnsType.A).ToList();
        q[7] = 1;
        q.AddRange(new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 100, 0, 4, 10, 0, 0, 2 });
        bed.Send(bed.Listener, q.ToArray());
        bed.Lan.Run(50);
        Assert.Empty(bed.Drain(bed.Listener));
        Assert.Equal(1, bed.Responder.Counters.KnownAnswersSuppressed);
    }

    [Fact]
    public void TwoDevicesWithOneName_TheSecondTakesDashTwo()
    {
        var bed = new Bed();
        bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000);
        var other = bed.Lan.AddHost(0x09, 0x0A000009, out _);
        var second = new MdnsResponder(other, new MdnsConfig(), new SeededRandom(9));
        bed.Lan.Pollers.Add(now => second.Poll(now));
        bed.Lan.Deadlines.Add(() => second.NextDeadlineMs);
        second.Start(bed.Lan.NowMs);
        Assert.True(bed.Lan.RunUntil(() => second.Counters.Announcements == 2, 10000));
        Assert.Equal("device-2.local", second.HostName);
        Assert.Equal(1, second.Counters.Conflicts);
        Assert.Equal("device.local", bed.Responder.HostName);
        Assert.Equal(0, bed.Responder.Counters.Conflicts);
    }

    [Fact]
    public void Stop_GoodbyeWithTtlZero_AndTheGroupLeft()
    {
        var bed = new Bed();
        bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000);
        bed.Lan.Run(2000);
        bed.Drain(bed.Listener);
        bed.Responder.Stop(bed.Lan.NowMs);
        bed.Lan.Run(50);
        var goodbye = bed.Drain(bed.Listener).Single();
        Assert.All(goodbye.Records, r => Assert.Equal(0u, r.Ttl));
        Assert.Equal(6, goodbye.Records.Count);
        Assert.Equal(1, bed.Lan.Device.IgmpCounters.Leaves);
        Assert.True(bed.Responder.IsStopped);
    }

    [Fact]
    public void ThousandQueries_ZeroBytesOnTheDevice()
    {
        var bed = new Bed();
        bed.Lan.RunUntil(() => bed.Responder.Counters.Announcements == 2, 5000);
        bed.Lan.Run(2000);
        var queries = new[] { Query("device.local", DnsType.A), Query("_http._tcp.local", DnsType.PTR), Query("nothing.local", DnsType.A),
            Query("2.0.0.10.in-addr.arpa", DnsType.PTR), Query("device._http._tcp.local", DnsType.SRV) };
        foreach (var q in queries)
        {
            bed.Send(bed.Listener, q);
            bed.Lan.Run(20);
        }
        bed.Drain(bed.Listener);
        bed.Lan.DeviceAllocatedBytes = 0;
        for (int i = 0; i < 1000; i++)
        {
            bed.Send(bed.Listener, queries[i % queries.Length]);
            bed.Lan.Run(5);
            bed.Drain(bed.Listener);
        }
        Assert.True(bed.Responder.Counters.MulticastResponses >= 800);
        Assert.Equal(0, bed.Lan.DeviceAllocatedBytes);
    }
}
