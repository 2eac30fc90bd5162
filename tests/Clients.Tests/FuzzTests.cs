using System;
using System.Collections.Generic;
using Firmware.HostNet.Services;
using Firmware.Net.Wire;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;
using Firmware.Services.Sntp;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>
/// Replies mutated at random (seeded: bytes flipped, lengths cut or stretched, fields rewritten) thrown at the clients
/// with the right addresses, ports and IDs, so they get past the first checks: nothing throws, every lookup ends, and
/// the clients still work with the genuine reply afterwards.
/// </summary>
public class FuzzTests
{
    private static byte[] Mutate(Random random, byte[] valid)
    {
        byte[] b;
        switch (random.Next(4))
        {
            case 0:
                b = valid.AsSpan(0, random.Next(valid.Length)).ToArray();
                break;
            case 1:
                b = new byte[valid.Length + random.Next(1, 64)];
                valid.CopyTo(b, 0);
                random.NextBytes(b.AsSpan(valid.Length));
                break;
            default:
                b = (byte[])valid.Clone();
                break;
        }
        int flips = random.Next(1, 8);
        for (int i = 0; i < flips && b.Length > 0; i++)
        {
            int at = random.Next(b.Length);
            b[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(b[at] ^ (1 << random.Next(8)));
        }
        return b;
    }

    private static byte[] Frame(byte[] sourceMac, uint source, int sourcePort, uint destination, int destinationPort, byte[] payload)
    {
        var frame = new byte[42 + payload.Length];
        EthernetFrame.EmitHeader(frame, 0, Lan.DeviceMac, 0, sourceMac, EthernetFrame.TypeIpv4);
        Array.Copy(payload, 0, frame, 42, payload.Length);
        UdpHeader.Emit(frame, 34, sourcePort, destinationPort, payload.Length, source, destination);
        Ipv4Header.Emit(frame, 14, 28 + payload.Length, 7, false, false, 0, 64, Ipv4Header.ProtocolUdp, source, destination);
        return frame;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Resolver_MutatedAnswers_NothingThrows_EveryLookupEnds(int seed)
    {
        var random = new Random(seed);
        var lan = new Lan(seed: (uint)seed, withDhcp: false);
        lan.Device.SetAddress(0x0A000002, 24, 0, lan.NowMs);
        var dns = new HostDnsServer(lan.Server);
        dns.AddAddress("printer.lan", 0x0A000007);
        dns.AddAlias("www.lan", "printer.lan");
        var resolver = new DnsResolver(lan.Device, new DnsResolverConfig { CacheEntries = 0 }, new DeviceHarness.SeededRandom((uint)seed));
        resolver.SetServers(new[] { Lan.ServerAddress }, 1);
        lan.DevicePollers.Add(now => resolver.Poll(now));
        lan.Deadlines.Add(() => resolver.NextDeadlineMs);
        var pending = new Queue<byte[]>();
        lan.Pollers.Add(now =>
        {
            dns.Poll(now);
            for (int i = 0; i < 4 && pending.Count > 0; i++)
            {
                var f = pending.Dequeue();
                lan.ServerPort.TrySend(f, 0, f.Length);
            }
        });
        // Each query: the genuine answer, mutated 40 times, from the server's address and port to the query's port.
        var answerer = new HostDnsServer(lan.AddHost(0x44, 0x0A000044, out _));
        answerer.AddAddress("printer.lan", 0x0A000007);
        answerer.AddAlias("www.lan", "printer.lan");
        dns.Script = q =>
        {
            byte[] valid = Answer(q.Id, q.Name);
            for (int i = 0; i < 40; i++)
            {
                pending.Enqueue(Frame(Lan.ServerMac, Lan.ServerAddress, 53, 0x0A000002, q.SourcePort, Mutate(random, valid)));
            }
            return random.Next(2) == 0 ? DnsServerAction.Answer : DnsServerAction.Drop;
        };
        int ended = 0;
        for (int i = 0; i < 150; i++)
        {
            int handle = resolver.Resolve(i % 3 == 0 ? "www.lan" : "printer.lan", lan.NowMs);
            Assert.True(handle >= 0);
            Assert.True(lan.RunUntil(() => resolver.GetStatus(handle) != DnsStatus.Pending, 60000), "lookup " + i + " never ended");
            ended++;
            resolver.Release(handle);
        }
        Assert.Equal(150, ended);
        Assert.True(resolver.Counters.Malformed + resolver.Counters.MismatchedId + resolver.Counters.MismatchedQuestion > 100,
            resolver.Counters.Describe());
        dns.Script = null;
        pending.Clear();
        int last = resolver.Resolve("www.lan", lan.NowMs);
        Assert.True(lan.RunUntil(() => resolver.GetStatus(last) != DnsStatus.Pending, 10000));
        Assert.Equal(0x0A000007u, resolver.GetAddress(last));
    }

    private static byte[] Answer(int id, string name)
    {
        var buffer = new byte[512];
        var writer = new DnsWriter(8);
        var wire = new byte[256];
        var target = new byte[256];
        writer.Begin(buffer, buffer.Length, id, DnsHeader.FlagResponse | DnsHeader.FlagRecursionAvailable | DnsHeader.FlagRecursionDesired);
        DnsName.FromDotted(name, wire, 0, 256);
        writer.AddQuestion(wire, 0, DnsType.A, DnsType.ClassIn);
        if (name == "www.lan")
        {
            DnsName.FromDotted("printer.lan", target, 0, 256);
            writer.BeginRecord(DnsSection.Answer, wire, 0, DnsType.CNAME, DnsType.ClassIn, 60);
            writer.WriteName(target, 0);
            writer.EndRecord();
            Array.Copy(target, wire, 256);
        }
        writer.AddAddressRecord(DnsSection.Answer, wire, 0, 60, 0x0A000007);
        return buffer.AsSpan(0, writer.Finish()).ToArray();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Dhcp_MutatedReplies_NothingThrows_StillGetsItsLease(int seed)
    {
        var random = new Random(seed);
        var lan = new Lan(new DhcpConfig { Fallback = DhcpFallback.None }, (uint)seed);
        var pending = new Queue<byte[]>();
        lan.Pollers.Add(now =>
        {
            for (int i = 0; i < 4 && pending.Count > 0; i++)
            {
                var f = pending.Dequeue();
                lan.ServerPort.TrySend(f, 0, f.Length);
            }
        });
        int messages = 0;
        lan.DhcpServer.Script = m =>
        {
            // Offers, ACKs and NAKs with this transaction's xid, mutated; the genuine answer only from the fourth message on.
            foreach (int type in new[] { 2, 5, 6 })
            {
                byte[] valid = Replies.Good(m.Xid, Lan.DeviceMac, type);
                for (int i = 0; i < 30; i++)
                {
                    pending.Enqueue(Frame(Lan.ServerMac, Lan.ServerAddress, 67, 0xFFFFFFFF, 68, Mutate(random, valid)));
                }
            }
            return ++messages > 3 ? DhcpServerAction.Answer : DhcpServerAction.Drop;
        };
        // Some mutants stay valid DHCP (a flipped bit in the padding): a lease from them is as good as any server's. What
        // matters is that the client ends bound, with a configuration a host may have.
        Assert.True(lan.RunUntil(() => lan.Dhcp.State == DhcpState.Bound && lan.Dhcp.Source == AddressSource.Dhcp, 600_000),
            lan.Dhcp.Describe(lan.NowMs) + "\n" + lan.Dhcp.Counters.Describe());
        var iface = lan.Device.Interface;
        Assert.Null(Firmware.Net.Link.NetInterface.CheckConfiguration(iface.Address, iface.PrefixLength, iface.Gateway));
        Assert.True(lan.Dhcp.Counters.Malformed + lan.Dhcp.Counters.Unexpected + lan.Dhcp.Counters.Foreign + lan.Dhcp.Counters.ConfigRefused > 20,
            lan.Dhcp.Counters.Describe());
    }

    [Fact]
    public void Sntp_MutatedReplies_NothingThrows_TheClockComesFromTheGenuineReply()
    {
        var random = new Random(5);
        var lan = new Lan(withDhcp: false);
        lan.Device.SetAddress(0x0A000002, 24, 0, lan.NowMs);
        const long epoch = 1714564800000;
        var ntp = new HostNtpServer(lan.Server, now => epoch + now);
        var clock = new Firmware.Net.WallClock();
        var sntp = new SntpClient(lan.Device, new SntpConfig { ServerAddress = Lan.ServerAddress, MaxPollSeconds = 64 }, clock, null,
            new DeviceHarness.SeededRandom(5));
        lan.DevicePollers.Add(now => sntp.Poll(now));
        lan.Deadlines.Add(() => sntp.NextDeadlineMs);
        var pending = new Queue<byte[]>();
        NtpRequest asked = null;
        lan.Pollers.Add(now =>
        {
            ntp.Poll(now);
            for (int i = 0; i < 4 && pending.Count > 0; i++)
            {
                var f = pending.Dequeue();
                if (f == null)
                {
                    // After the mutants, the genuine reply, timestamped as it leaves.
                    var genuine = new byte[48];
                    genuine[0] = 0x24;
                    genuine[1] = 2;
                    BigEndian.WriteUInt32(genuine, 24, (uint)(asked.Transmit >> 32));
                    BigEndian.WriteUInt32(genuine, 28, (uint)asked.Transmit);
                    SntpPacket.WriteUnixMs(genuine, 32, epoch + now);
                    SntpPacket.WriteUnixMs(genuine, 40, epoch + now);
                    f = Frame(Lan.ServerMac, Lan.ServerAddress, 123, 0x0A000002, asked.SourcePort, genuine);
                }
                lan.ServerPort.TrySend(f, 0, f.Length);
            }
        });
        ntp.Script = r =>
        {
            var valid = new byte[48];
            valid[0] = 0x24;
            valid[1] = 2;
            BigEndian.WriteUInt32(valid, 24, (uint)(r.Transmit >> 32));
            BigEndian.WriteUInt32(valid, 28, (uint)r.Transmit);
            SntpPacket.WriteUnixMs(valid, 32, epoch + 86400000);  // a day off: the clock must never show it
            SntpPacket.WriteUnixMs(valid, 40, epoch + 86400000);
            for (int i = 0; i < 50; i++)
            {
                byte[] m = Mutate(random, valid);
                if (m.Length > 1)
                {
                    m[0] = (byte)((m[0] & 0xF8) | 4);  // keep server mode often enough to reach the deeper checks
                    if (random.Next(2) == 0)
                    {
                        m[1] = 0;  // and a kiss now and then
                    }
                }
                // Break the originate echo so none of these can set the clock.
                if (m.Length > 31)
                {
                    m[31] ^= 0x55;
                }
                pending.Enqueue(Frame(Lan.ServerMac, Lan.ServerAddress, 123, 0x0A000002, r.SourcePort, m));
            }
            asked = r;
            pending.Enqueue(null);
            return NtpServerAction.Drop;
        };
        sntp.Start(lan.NowMs);
        lan.Run(1_000_000);
        Assert.True(sntp.Counters.Synchronizations > 5, sntp.Counters.Describe());
        // The genuine reply leaves after the mutants (an asymmetric path): SNTP's error bound is half the round trip.
        long bound = sntp.LastDelayMs / 2 + 2;
        Assert.InRange(clock.UnixMs(lan.NowMs) - (epoch + lan.NowMs), -bound, bound);
        Assert.True(sntp.Counters.WrongOriginate + sntp.Counters.Malformed + sntp.Counters.WrongMode > 100, sntp.Counters.Describe());
    }
}
