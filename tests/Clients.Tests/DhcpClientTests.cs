using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.HostNet.Services;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Dhcp;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>The DHCP client's life cycle against a scripted server on a virtual switch, in virtual time.</summary>
public class DhcpClientTests
{
    private static DhcpConfig NoFallback() => new() { Fallback = DhcpFallback.None };

    private static bool Bound(Lan lan) => lan.Dhcp.State == DhcpState.Bound && lan.Dhcp.Source == AddressSource.Dhcp;

    [Fact]
    public void Lease_FromServer_AppliedAfterProbing_WithEveryOption()
    {
        var lan = new Lan(NoFallback());
        long start = lan.NowMs;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000), lan.Dhcp.Describe(lan.NowMs));
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
        Assert.Equal(24, lan.Device.Interface.PrefixLength);
        Assert.Equal(Lan.ServerAddress, lan.Device.Interface.Gateway);
        Assert.Equal(Lan.ServerAddress, lan.Dhcp.ServerAddress);
        Assert.Equal(1, lan.Dhcp.DnsServerCount);
        Assert.Equal(Lan.ServerAddress, lan.Dhcp.GetDnsServer(0));
        Assert.Equal(1, lan.Dhcp.NtpServerCount);
        Assert.Equal(3600, lan.Dhcp.LeaseSeconds);
        // RFC 5227: three probes from 0.0.0.0, then ANNOUNCE_WAIT, before the address was used (about 3 to 7 s).
        Assert.Equal(3, lan.Device.ArpCounters.ProbesOut);
        Assert.InRange(lan.NowMs - start, 3000, 9000);
        // T1 and T2 at half and seven eighths of the lease.
        Assert.InRange(lan.Dhcp.RenewAtMs - lan.NowMs, 1790_000, 1800_000);
        Assert.InRange(lan.Dhcp.RebindAtMs - lan.NowMs, 3140_000, 3150_000);

        var discover = lan.DhcpServer.Received[0];
        Assert.Equal(1, discover.Type);
        Assert.Equal("device", discover.HostName);
        Assert.Equal(576, discover.MaxMessageSize);
        Assert.Equal(new byte[] { 1, 2, 0, 0, 0, 0, 2 }, discover.ClientId);
        foreach (int option in new[] { 1, 3, 6, 42, 51, 58, 59 })
        {
            Assert.Contains((byte)option, discover.ParameterList);
        }
        var request = lan.DhcpServer.Received[1];
        Assert.Equal(3, request.Type);
        Assert.Equal(discover.Xid, request.Xid);
        Assert.Equal(0x0A000032u, request.RequestedAddress);
        Assert.Equal(Lan.ServerAddress, request.ServerId);
        Assert.Equal(0u, request.Ciaddr);
        Assert.Equal(1, lan.Dhcp.Counters.Leases);
    }

    [Fact]
    public void UnicastOfferAndAck_ToTheOfferedAddress_Accepted()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.UnicastReplies = true;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000), lan.Dhcp.Describe(lan.NowMs));
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
        Assert.Equal(0, lan.Device.Ipv4Counters.NotForUs);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(7u)]
    [InlineData(1234u)]
    public void NoServer_DiscoverBacksOff_4_8_16_32_64_64_EachWithinOneSecond(uint seed)
    {
        var times = new List<long>();
        Lan lan = null;
        lan = new Lan(NoFallback(), seed, l => l.DhcpServer.Script = m => { times.Add(lan.NowMs); return DhcpServerAction.Drop; });
        lan.Run(250_000);
        Assert.True(times.Count >= 7, "discovers: " + times.Count);
        long[] expected = { 4000, 8000, 16000, 32000, 64000, 64000 };
        for (int i = 0; i < expected.Length; i++)
        {
            long gap = times[i + 1] - times[i];
            Assert.InRange(gap, expected[i] - 1000, expected[i] + 1000);
        }
        // The jitter is random, not a constant offset.
        Assert.True(Enumerable.Range(0, 5).Select(i => times[i + 1] - times[i] - expected[i]).Distinct().Count() > 1);
        Assert.All(lan.DhcpServer.Received, m => Assert.Equal(1, m.Type));
        Assert.Equal(0u, lan.Device.Interface.Address);
    }

    [Fact]
    public void Renewal_AckNamesAnotherAddress_OldOneDroppedAtOnce_NewOneProbedThenUsed()
    {
        // Found by the dhcp fuzz harness: the client kept the old address while it probed the new one.
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 120;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
        var (device, _) = Connect(lan);
        lan.DhcpServer.AckAddress = (m, leased) => 0x0A000033;
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.Moves == 1, 70_000), lan.Dhcp.Describe(lan.NowMs));
        Assert.Equal(0u, lan.Device.Interface.Address);
        Assert.Equal(DhcpState.Probing, lan.Dhcp.State);
        Assert.NotEqual(TcpState.Established, device.State);
        Assert.True(lan.RunUntil(() => Bound(lan), 30000), lan.Dhcp.Describe(lan.NowMs));
        Assert.Equal(0x0A000033u, lan.Device.Interface.Address);
        Assert.Equal(2, lan.Dhcp.Counters.Leases);
    }

    [Fact]
    public void Renewal_AtT1_UnicastWithCiaddr_KeepsAddressAndConnections()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 120;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        long t1 = lan.Dhcp.RenewAtMs;
        var (device, peer) = Connect(lan);
        int before = lan.DhcpServer.Received.Count;
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.Renewals == 1, 70_000));
        var renew = lan.DhcpServer.Received[before];
        Assert.Equal(3, renew.Type);
        Assert.Equal(0x0A000032u, renew.Ciaddr);
        Assert.Equal(0u, renew.ServerId);
        Assert.Equal(0u, renew.RequestedAddress);
        Assert.InRange(lan.NowMs - t1, 0, 100);
        Assert.Equal(DhcpState.Bound, lan.Dhcp.State);
        Assert.Equal(TcpState.Established, device.State);
        Assert.Equal(TcpState.Established, peer.State);
        Assert.Equal(1, lan.Dhcp.Counters.Leases);
        // And the next renewal comes 60 s later again.
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.Renewals == 2, 70_000));
    }

    [Fact]
    public void Renewal_SteadyState_AllocatesNothing()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 60;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.Renewals == 2, 200_000));
        lan.DeviceAllocatedBytes = 0;
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.Renewals == 12, 700_000));
        Assert.Equal(0, lan.DeviceAllocatedBytes);
    }

    [Fact]
    public void Rebinding_AfterT2_BroadcastsAndAnyServerExtends()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 800;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        long t2 = lan.Dhcp.RebindAtMs;
        var states = new HashSet<DhcpState>();
        lan.DhcpServer.Script = m => lan.NowMs < t2 ? DhcpServerAction.Drop : DhcpServerAction.Answer;
        Assert.True(lan.RunUntil(() => { states.Add(lan.Dhcp.State); return lan.Dhcp.Counters.Renewals == 1; }, 800_000));
        Assert.Contains(DhcpState.Renewing, states);
        Assert.Contains(DhcpState.Rebinding, states);
        Assert.InRange(lan.NowMs - t2, 0, 100);
        // RENEWING retransmitted with half the time left, at least 60 s apart: at T1, T1 + 175 s, T1 + 235 s... until T2.
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
        Assert.Equal(DhcpState.Bound, lan.Dhcp.State);
    }

    [Fact]
    public void LeaseExpiry_WithoutRenewal_DropsTheAddressAndResetsConnections()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 100;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        long expires = lan.Dhcp.LeaseExpiresMs;
        var (device, peer) = Connect(lan);
        lan.DhcpServer.Script = m => DhcpServerAction.Drop;
        // Traffic shortly before the end keeps the peer in the device's ARP cache, so the RST can leave at once.
        Assert.True(lan.RunUntil(() => lan.NowMs >= expires - 5000, 120_000));
        peer.Send(new byte[] { 1, 2, 3 }, 0, 3);
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.Expirations == 1, 120_000));
        Assert.InRange(lan.NowMs - expires, 0, 100);
        Assert.Equal(0u, lan.Device.Interface.Address);
        Assert.Equal(TcpState.Closed, device.State);
        Assert.Equal(TcpError.AddressChanged, device.Error);
        lan.Run(100);
        Assert.Equal(TcpError.Reset, peer.Error);  // the RST went out from the old address
        Assert.Equal(AddressSource.None, lan.Dhcp.Source);
        Assert.True(lan.Dhcp.State == DhcpState.Init || lan.Dhcp.State == DhcpState.Selecting);
    }

    [Fact]
    public void Nak_AfterServerRestartWithAnotherRange_RestartsAndGetsANewAddress()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 120;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        var (device, _) = Connect(lan);
        // The server comes back with another range and no memory of the lease: the renewal is NAKed.
        lan.DhcpServer.ForgetLeases();
        lan.DhcpServer.PoolStart = 0x0A000064;
        Assert.True(lan.RunUntil(() => lan.Dhcp.Counters.NaksIn == 1, 70_000));
        Assert.Equal(0u, lan.Device.Interface.Address);
        Assert.Equal(TcpError.AddressChanged, device.Error);
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        Assert.Equal(0x0A000064u, lan.Device.Interface.Address);
        Assert.Equal(1, lan.DhcpServer.Naks);
        Assert.Equal(2, lan.Dhcp.Counters.Leases);
    }

    [Fact]
    public void Nak_InRequesting_StartsOverWithDiscover()
    {
        var lan = new Lan(NoFallback());
        int naks = 0;
        lan.DhcpServer.Script = m => m.Type == 3 && naks++ == 0 ? DhcpServerAction.Nak : DhcpServerAction.Answer;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        Assert.Equal(new[] { 1, 3, 1, 3 }, lan.DhcpServer.Received.Select(m => m.Type).ToArray());
        Assert.Equal(1, lan.Dhcp.Counters.NaksIn);
    }

    [Fact]
    public void ArpConflict_OnTheOfferedAddress_DeclinesAndTakesAnother()
    {
        var lan = new Lan(NoFallback());
        lan.AddHost(0x33, 0x0A000032, out _);  // already uses the first pool address (answers probes)
        long declinedAt = 0;
        lan.DhcpServer.Script = m => { if (m.Type == 4) { declinedAt = lan.NowMs; } return DhcpServerAction.Answer; };
        Assert.True(lan.RunUntil(() => Bound(lan), 60000), lan.Dhcp.Describe(lan.NowMs));
        Assert.Equal(1, lan.Dhcp.Counters.DeclinesOut);
        Assert.Equal(1, lan.DhcpServer.Declines);
        var decline = lan.DhcpServer.Received.Single(m => m.Type == 4);
        Assert.Equal(0x0A000032u, decline.RequestedAddress);
        Assert.Equal(Lan.ServerAddress, decline.ServerId);
        // RFC 2131 §3.1.5: the next DISCOVER waits at least 10 s.
        int afterDecline = lan.DhcpServer.Received.ToList().IndexOf(decline) + 1;
        Assert.Equal(1, lan.DhcpServer.Received[afterDecline].Type);
        Assert.Equal(0x0A000033u, lan.Device.Interface.Address);
        Assert.True(lan.Dhcp.Counters.AddressConflicts >= 1);
        Assert.True(declinedAt > 0);
    }

    [Fact]
    public void NoServer_TakesLinkLocal_ThenALateLeaseReplacesIt()
    {
        var lan = new Lan(new DhcpConfig());
        bool serverUp = false;
        lan.DhcpServer.Script = m => serverUp ? DhcpServerAction.Answer : DhcpServerAction.Drop;
        Assert.True(lan.RunUntil(() => lan.Dhcp.Source == AddressSource.LinkLocal, 30000), lan.Dhcp.Describe(lan.NowMs));
        uint linkLocal = lan.Device.Interface.Address;
        Assert.InRange(linkLocal, 0xA9FE0100u, 0xA9FEFEFFu);
        Assert.Equal(16, lan.Device.Interface.PrefixLength);
        Assert.Equal(0u, lan.Device.Interface.Gateway);
        Assert.Equal(1, lan.Dhcp.Counters.LinkLocalAddresses);
        // Reachable at it: a host on the link-local network connects.
        var host = lan.AddHost(0x44, 0, out _);
        host.SetAddress(0xA9FE0A0A, 16, 0, lan.NowMs);
        var tcp = new TcpLayer(new TcpConfig(), host.Output, new DeviceHarness.SeededRandom(9));
        host.AttachTransport(6, tcp);
        lan.DeviceTcp.Listen(80, 2);
        var client = tcp.Connect(linkLocal, 80, lan.NowMs);
        TcpConnection accepted = null;
        Assert.True(lan.RunUntil(() => client.State == TcpState.Established && (accepted ??= lan.DeviceTcp.GetListener(0).Accept()) != null, 5000));
        // The server comes up; the client, still discovering (every 64 s at most), takes the lease.
        serverUp = true;
        Assert.True(lan.RunUntil(() => Bound(lan), 90_000), lan.Dhcp.Describe(lan.NowMs));
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
        Assert.Equal(TcpError.AddressChanged, accepted.Error);
        lan.Run(100);
        Assert.Equal(TcpError.Reset, client.Error);
        Assert.False(lan.Dhcp.LinkLocal.IsActive);
        // DISCOVERs went out from 0.0.0.0 all along, with the link-local address configured.
        Assert.Equal(1, lan.Dhcp.Counters.Leases);
    }

    [Fact]
    public void LinkLocal_CandidateInUse_AnotherIsChosen()
    {
        // The first candidate is derived from the MAC: learn it from an undisturbed run, then occupy it.
        var probe = new Lan(new DhcpConfig(), beforeStart: l => l.DhcpServer.Script = m => DhcpServerAction.Drop);
        Assert.True(probe.RunUntil(() => probe.Dhcp.Source == AddressSource.LinkLocal, 30000));
        uint first = probe.Device.Interface.Address;

        var lan = new Lan(new DhcpConfig(), beforeStart: l => l.DhcpServer.Script = m => DhcpServerAction.Drop);
        var squatter = lan.AddHost(0x55, 0, out _);
        squatter.SetAddress(first, 16, 0, lan.NowMs);
        Assert.True(lan.RunUntil(() => lan.Dhcp.Source == AddressSource.LinkLocal, 60000), lan.Dhcp.Describe(lan.NowMs));
        Assert.NotEqual(first, lan.Device.Interface.Address);
        Assert.InRange(lan.Device.Interface.Address, 0xA9FE0100u, 0xA9FEFEFFu);
        Assert.True(lan.Dhcp.Counters.LinkLocalConflicts >= 1);
    }

    [Fact]
    public void LinkLocal_InUse_DefendsOnce_GivesUpOnASecondConflictWithinTenSeconds()
    {
        var lan = new Lan(new DhcpConfig(), beforeStart: l => l.DhcpServer.Script = m => DhcpServerAction.Drop);
        Assert.True(lan.RunUntil(() => lan.Dhcp.Source == AddressSource.LinkLocal, 30000));
        uint address = lan.Device.Interface.Address;
        var other = lan.AddHost(0x66, 0, out var port);
        byte[] claim = new byte[42];
        EthernetFrame.EmitHeader(claim, 0, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 0, port.MacAddress, EthernetFrame.TypeArp);
        ArpPacket.Emit(claim, 14, ArpPacket.OperationRequest, port.MacAddress, address, null, 0, address);
        int announcements = lan.Device.ArpCounters.GratuitousOut;
        port.TrySend(claim, 0, claim.Length);
        lan.Run(1000);
        Assert.Equal(address, lan.Device.Interface.Address);  // defended
        Assert.Equal(announcements + 1, lan.Device.ArpCounters.GratuitousOut);
        port.TrySend(claim, 0, claim.Length);
        lan.Run(50);
        Assert.NotEqual(address, lan.Device.Interface.Address);
        Assert.True(lan.RunUntil(() => lan.Dhcp.Source == AddressSource.LinkLocal, 30000));
        Assert.NotEqual(address, lan.Device.Interface.Address);
    }

    [Fact]
    public void StaticFallback_Applied_ThenReplacedByALateLease()
    {
        var config = new DhcpConfig { Fallback = DhcpFallback.Static, FallbackAddress = 0x0A000063, FallbackPrefixLength = 24, FallbackGateway = Lan.ServerAddress };
        bool serverUp = false;
        var lan = new Lan(config, beforeStart: l => l.DhcpServer.Script = m => serverUp ? DhcpServerAction.Answer : DhcpServerAction.Drop);
        Assert.True(lan.RunUntil(() => lan.Dhcp.Source == AddressSource.Static, 15000));
        Assert.Equal(0x0A000063u, lan.Device.Interface.Address);
        Assert.InRange(lan.NowMs - 1000, 10000, 11000);
        serverUp = true;
        Assert.True(lan.RunUntil(() => Bound(lan), 90_000));
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
        Assert.Equal(1, lan.Dhcp.Counters.StaticFallbacks);
    }

    [Fact]
    public void Release_OnShutdown_SendsReleaseAndDropsTheAddress()
    {
        var lan = new Lan(NoFallback());
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        lan.Dhcp.Release(lan.NowMs);
        Assert.True(lan.RunUntil(() => lan.Dhcp.IsReleased, 2000));
        var release = lan.DhcpServer.Received.Last();
        Assert.Equal(7, release.Type);
        Assert.Equal(0x0A000032u, release.Ciaddr);
        Assert.Equal(0u, lan.DhcpServer.LeaseOf(Lan.DeviceMac));
        Assert.Equal(0u, lan.Device.Interface.Address);
        int sent = lan.DhcpServer.Received.Count;
        lan.Run(300_000);
        Assert.Equal(sent, lan.DhcpServer.Received.Count);  // quiet afterwards
    }

    [Fact]
    public void InitReboot_WithThePreviousAddress_RequestsItWithoutServerId()
    {
        var lan = new Lan(new DhcpConfig { Fallback = DhcpFallback.None, PreviousAddress = 0x0A000037 });
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        var first = lan.DhcpServer.Received[0];
        Assert.Equal(3, first.Type);
        Assert.Equal(0x0A000037u, first.RequestedAddress);
        Assert.Equal(0u, first.ServerId);
        Assert.Equal(0u, first.Ciaddr);
        Assert.Equal(0x0A000037u, lan.Device.Interface.Address);
        Assert.DoesNotContain(lan.DhcpServer.Received, m => m.Type == 1);
    }

    [Fact]
    public void InitReboot_AddressNotOurs_NakThenDiscover()
    {
        var lan = new Lan(new DhcpConfig { Fallback = DhcpFallback.None, PreviousAddress = 0x0B000037 });
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        Assert.Equal(new[] { 3, 1, 3 }, lan.DhcpServer.Received.Select(m => m.Type).ToArray());
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
    }

    [Fact]
    public void LinkDownUp_RebootsWithTheSameAddress_ConnectionsKept()
    {
        var lan = new Lan(NoFallback());
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        var (device, _) = Connect(lan);
        int before = lan.DhcpServer.Received.Count;
        lan.DevicePort.IsLinkUp = false;
        lan.Run(2000);
        lan.DevicePort.IsLinkUp = true;
        Assert.True(lan.RunUntil(() => lan.DhcpServer.Received.Count > before && Bound(lan), 10000));
        var reboot = lan.DhcpServer.Received[before];
        Assert.Equal(3, reboot.Type);
        Assert.Equal(0x0A000032u, reboot.RequestedAddress);
        Assert.Equal(0u, reboot.ServerId);
        Assert.Equal(TcpState.Established, device.State);
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
    }

    [Fact]
    public void LinkDownUp_NoAnswerUntilTheLeaseEnds_TheAddressIsDropped()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 40;
        Assert.True(lan.RunUntil(() => Bound(lan), 30000));
        long expires = lan.Dhcp.LeaseExpiresMs;
        lan.DhcpServer.Script = m => DhcpServerAction.Drop;
        lan.DevicePort.IsLinkUp = false;
        lan.Run(1000);
        lan.DevicePort.IsLinkUp = true;
        Assert.True(lan.RunUntil(() => lan.Dhcp.State == DhcpState.Rebooting, 2000));
        // Four INIT-REBOOT requests (4 + 8 + 16 s) outlast the 40 s lease: the address must go, not linger.
        Assert.True(lan.RunUntil(() => lan.Device.Interface.Address == 0, 120_000), lan.Dhcp.Describe(lan.NowMs));
        Assert.True(lan.NowMs >= expires - 30000);
        Assert.Equal(1, lan.Dhcp.Counters.Expirations);
        Assert.Equal(AddressSource.None, lan.Dhcp.Source);
    }

    [Theory]
    [InlineData(0x0A0000FFu, 24, "the subnet's broadcast")]
    [InlineData(0x0A000032u, 32, "a /32")]
    [InlineData(0x0A000032u, 31, "a /31")]
    public void Ack_WithAConfigurationNoHostMayHave_RefusedAndCounted(uint address, int prefix, string what)
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.PoolStart = address;
        lan.DhcpServer.PrefixLength = prefix;
        lan.Run(20000);
        Assert.True(lan.Dhcp.Counters.ConfigRefused >= 1, what);
        Assert.Equal(0u, lan.Device.Interface.Address);
        Assert.Equal(0, lan.Dhcp.Counters.Leases);
    }

    [Fact]
    public void Ack_WithoutALeaseTime_Refused()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.LeaseSeconds = 0;
        lan.Run(20000);
        Assert.True(lan.Dhcp.Counters.ConfigRefused >= 1);
        Assert.Equal(0u, lan.Device.Interface.Address);
    }

    [Fact]
    public void Ack_WithRouterOffTheSubnet_Refused()
    {
        var lan = new Lan(NoFallback());
        lan.DhcpServer.Router = 0x0B000001;
        lan.Run(20000);
        Assert.True(lan.Dhcp.Counters.ConfigRefused >= 1);
        Assert.Equal(0u, lan.Device.Interface.Address);
    }

    [Fact]
    public void MalformedAndForeignReplies_CountedAndIgnored()
    {
        var lan = new Lan(NoFallback());
        var evil = lan.AddHost(0x77, 0, out var port);
        // When the first DISCOVER comes, the server holds its offer while another host sends the bad replies, one a millisecond.
        var pending = new Queue<byte[]>();
        bool armed = false;
        lan.DhcpServer.Script = m =>
        {
            if (m.Type == 1 && !armed)
            {
                armed = true;
                foreach (var reply in Replies.Malformed(m.Xid, Lan.DeviceMac))
                {
                    pending.Enqueue(Replies.Frame(port.MacAddress, 0x0A000009, reply.Bytes, reply.SourcePort));
                }
                return DhcpServerAction.Drop;
            }
            return DhcpServerAction.Answer;
        };
        lan.Pollers.Add(now =>
        {
            if (pending.Count > 0)
            {
                byte[] frame = pending.Dequeue();
                port.TrySend(frame, 0, frame.Length);
            }
        });
        lan.Deadlines.Add(() => pending.Count > 0 ? lan.NowMs + 1 : long.MaxValue);
        Assert.True(lan.RunUntil(() => Bound(lan), 30000), lan.Dhcp.Describe(lan.NowMs));
        var c = lan.Dhcp.Counters;
        Assert.Equal(Replies.MalformedCount, c.Malformed);
        Assert.Equal(Replies.ForeignCount, c.Foreign);
        Assert.Equal(1, c.TooLong);
        Assert.Equal(Replies.UnexpectedCount, c.Unexpected);
        Assert.Equal(0x0A000032u, lan.Device.Interface.Address);
    }

    private static (TcpConnection device, TcpConnection peer) Connect(Lan lan)
    {
        lan.DeviceTcp.Listen(80, 2);
        var peer = lan.ServerTcp.Connect(lan.Device.Interface.Address, 80, lan.NowMs);
        TcpConnection device = null;
        Assert.True(lan.RunUntil(() => peer.State == TcpState.Established && (device ??= lan.DeviceTcp.GetListener(0).Accept()) != null, 5000));
        return (device, peer);
    }
}
