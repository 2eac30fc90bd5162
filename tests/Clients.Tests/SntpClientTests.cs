using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.HostNet.Services;
using Firmware.Net;
using Firmware.Net.Wire;
using Firmware.Services.Dns;
using Firmware.Services.Sntp;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>The SNTP client against a scripted NTP server whose clock runs from the virtual time.</summary>
public class SntpClientTests
{
    private const uint DeviceAddress = 0x0A000002;

    // 2024-05-01T12:00:00Z at virtual time 0.
    private const long ServerEpochMs = 1714564800000;

    private sealed class Bed
    {
        public readonly Lan Lan;
        public readonly HostNtpServer Ntp;
        public readonly HostDnsServer Dns;
        public readonly DnsResolver Resolver;
        public readonly WallClock Clock = new();
        public readonly SntpClient Sntp;

        public Bed(SntpConfig config = null, uint seed = 1)
        {
            Lan = new Lan(seed: seed, withDhcp: false);
            Lan.Device.SetAddress(DeviceAddress, 24, Lan.ServerAddress, Lan.NowMs);
            Ntp = new HostNtpServer(Lan.Server, now => ServerEpochMs + now);
            Dns = new HostDnsServer(Lan.Server);
            Dns.AddAddress("ntp.lan", Lan.ServerAddress);
            Lan.Pollers.Add(now => { Ntp.Poll(now); Dns.Poll(now); });
            Resolver = new DnsResolver(Lan.Device, new DnsResolverConfig(), new DeviceHarness.SeededRandom(seed + 20));
            Resolver.SetServers(new[] { Lan.ServerAddress }, 1);
            Sntp = new SntpClient(Lan.Device, config ?? new SntpConfig { ServerAddress = Lan.ServerAddress }, Clock, Resolver,
                new DeviceHarness.SeededRandom(seed + 30));
            Lan.DevicePollers.Add(now => { Resolver.Poll(now); Sntp.Poll(now); });
            Lan.Deadlines.Add(() => Math.Min(Resolver.NextDeadlineMs, Sntp.NextDeadlineMs));
            Sntp.Start(Lan.NowMs);
        }

        public long Error() => Clock.UnixMs(Lan.NowMs) - (ServerEpochMs + Lan.NowMs);
    }

    [Fact]
    public void FirstRound_SetsTheClock_ToTheServersTime()
    {
        var bed = new Bed();
        Assert.False(bed.Clock.IsSet);
        Assert.Equal(-1, bed.Clock.UnixMs(bed.Lan.NowMs));
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 5000));
        Assert.InRange(bed.Error(), -2, 2);
        var request = bed.Ntp.Requests.Single();
        Assert.Equal(4, request.Version);
        Assert.Equal(3, request.Mode);
        Assert.InRange(request.SourcePort, 49152, 65535);
        Assert.NotEqual(0UL, request.Transmit);
        Assert.Equal(1, bed.Sntp.Counters.Synchronizations);
        Assert.Equal(2, bed.Sntp.LastStratum);
    }

    [Fact]
    public void PollInterval_BacksOff_64_128_256_512_1024_1024()
    {
        var bed = new Bed();
        bed.Lan.Run(4_200_000);
        var times = bed.Ntp.Requests.Select(r => r.AtMs).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a + 500) / 1000).Take(6).ToArray();
        Assert.Equal(new long[] { 64, 128, 256, 512, 1024, 1024 }, gaps);
        Assert.InRange(bed.Error(), -2, 2);
        // Different nonces and ports every time.
        Assert.Equal(times.Count, bed.Ntp.Requests.Select(r => r.Transmit).Distinct().Count());
        Assert.True(bed.Ntp.Requests.Select(r => r.SourcePort).Distinct().Count() > times.Count / 2);
    }

    [Fact]
    public void LostRequests_RetriedWithDoublingTimeouts()
    {
        var bed = new Bed();
        int seen = 0;
        bed.Ntp.Script = r => seen++ < 2 ? NtpServerAction.Drop : NtpServerAction.Answer;
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 20000));
        var t = bed.Ntp.Requests.Select(r => r.AtMs - bed.Ntp.Requests[0].AtMs).ToArray();
        Assert.Equal(3, t.Length);
        // 2 s, then 4 s (the first request waited a millisecond for ARP).
        Assert.InRange(t[1], 1999, 2000);
        Assert.InRange(t[2], 5999, 6000);
        Assert.Equal(2, bed.Sntp.Counters.Timeouts);
    }

    [Fact]
    public void NoAnswer_RoundFails_NextRoundAfterTheInterval()
    {
        var bed = new Bed();
        bed.Ntp.Script = r => NtpServerAction.Drop;
        bed.Lan.Run(20000);
        Assert.Equal(3, bed.Ntp.Requests.Count);
        Assert.Equal(1, bed.Sntp.Counters.FailedRounds);
        Assert.False(bed.Clock.IsSet);
        bed.Ntp.Script = null;
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 70_000));
        // The last request's 8 s timeout, then the 64 s interval.
        Assert.InRange(bed.Ntp.Requests[3].AtMs - bed.Ntp.Requests[2].AtMs, 72000, 72001);
    }

    [Fact]
    public void KissRate_DoublesTheInterval_KissDeny_WaitsTheLongest()
    {
        var bed = new Bed();
        bed.Ntp.Script = r => NtpServerAction.KissRate;
        bed.Lan.Run(1000);
        Assert.Equal(1, bed.Sntp.Counters.KissOfDeath);
        Assert.InRange(bed.Sntp.NextRoundMs - bed.Lan.NowMs, 127_000, 128_000);
        Assert.False(bed.Clock.IsSet);

        var denied = new Bed();
        denied.Ntp.Script = r => NtpServerAction.KissDeny;
        denied.Lan.Run(1000);
        Assert.InRange(denied.Sntp.NextRoundMs - denied.Lan.NowMs, 1_023_000, 1_024_000);
        denied.Lan.Run(1_000_000);
        Assert.Single(denied.Ntp.Requests);
    }

    [Theory]
    [InlineData(NtpServerAction.WrongOriginate)]
    [InlineData(NtpServerAction.ClientMode)]
    [InlineData(NtpServerAction.LeapAlarm)]
    [InlineData(NtpServerAction.Stratum16)]
    [InlineData(NtpServerAction.NoTransmitTime)]
    [InlineData(NtpServerAction.Short)]
    public void BadReply_Ignored_Counted_ClockUnset_ThenTheRetryWorks(NtpServerAction bad)
    {
        var bed = new Bed();
        int seen = 0;
        bed.Ntp.Script = r => seen++ == 0 ? bad : NtpServerAction.Answer;
        bed.Lan.Run(100);
        Assert.False(bed.Clock.IsSet);
        var c = bed.Sntp.Counters;
        int counted = bad switch
        {
            NtpServerAction.WrongOriginate => c.WrongOriginate,
            NtpServerAction.ClientMode => c.WrongMode,
            NtpServerAction.Short => c.Malformed,
            _ => c.Unsynchronized,
        };
        Assert.Equal(1, counted);
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 5000));
        Assert.InRange(bed.Error(), -2, 2);
    }

    [Fact]
    public void ForgedReply_FromAnotherAddress_Ignored()
    {
        var bed = new Bed();
        var forger = bed.Lan.AddHost(0x66, 0x0A000066, out var port);
        bed.Ntp.Script = r =>
        {
            // A reply with the right originate from the wrong address, claiming a time a year off.
            var reply = new byte[48];
            reply[0] = 0x24; reply[1] = 1;
            BigEndian.WriteUInt32(reply, 24, (uint)(r.Transmit >> 32));
            BigEndian.WriteUInt32(reply, 28, (uint)r.Transmit);
            SntpPacket.WriteUnixMs(reply, 32, ServerEpochMs + 365L * 86400000);
            SntpPacket.WriteUnixMs(reply, 40, ServerEpochMs + 365L * 86400000);
            var frame = new byte[42 + 48];
            EthernetFrame.EmitHeader(frame, 0, Lan.DeviceMac, 0, port.MacAddress, EthernetFrame.TypeIpv4);
            Array.Copy(reply, 0, frame, 42, 48);
            UdpHeader.Emit(frame, 34, 123, r.SourcePort, 48, 0x0A000066, DeviceAddress);
            Ipv4Header.Emit(frame, 14, 76, 1, false, false, 0, 64, Ipv4Header.ProtocolUdp, 0x0A000066, DeviceAddress);
            port.TrySend(frame, 0, frame.Length);
            return NtpServerAction.Answer;
        };
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 5000));
        Assert.Equal(1, bed.Sntp.Counters.WrongSource);
        Assert.InRange(bed.Error(), -2, 2);
    }

    [Fact]
    public void ServerByName_LookedUpThroughTheResolver()
    {
        var bed = new Bed(new SntpConfig { ServerName = "ntp.lan" });
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 5000));
        Assert.Equal("ntp.lan", bed.Dns.Queries.Single().Name);
        Assert.Equal(Lan.ServerAddress, bed.Sntp.ServerAddress);
    }

    [Fact]
    public void ServerFromDhcp_TakesPrecedence()
    {
        var bed = new Bed(new SntpConfig { ServerName = "ntp.lan" });
        var other = bed.Lan.AddHost(0x09, 0x0A000009, out _);
        var otherNtp = new HostNtpServer(other, now => ServerEpochMs + now + 5000);
        bed.Lan.Pollers.Add(now => otherNtp.Poll(now));
        bed.Sntp.SetServer(0x0A000009, bed.Lan.NowMs);
        Assert.True(bed.Lan.RunUntil(() => bed.Clock.IsSet, 5000));
        Assert.Empty(bed.Dns.Queries);
        Assert.Single(otherNtp.Requests);
        Assert.InRange(bed.Error(), 4998, 5002);
    }

    [Fact]
    public void Rounds_SteadyState_AllocateNothing()
    {
        var bed = new Bed(new SntpConfig { ServerAddress = Lan.ServerAddress, MaxPollSeconds = 64 });
        Assert.True(bed.Lan.RunUntil(() => bed.Sntp.Counters.Synchronizations == 2, 200_000));
        bed.Lan.DeviceAllocatedBytes = 0;
        Assert.True(bed.Lan.RunUntil(() => bed.Sntp.Counters.Synchronizations == 20, 2_000_000));
        Assert.Equal(0, bed.Lan.DeviceAllocatedBytes);
    }
}
