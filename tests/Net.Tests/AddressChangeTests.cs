using System.Linq;
using Firmware.DeviceHarness;
using Firmware.HostNet;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    /// <summary>
    /// What a DHCP client needs from the stack: UDP before an address (source 0.0.0.0; unicast to the offered address
    /// accepted on the any-destination port), RFC 5227 probes with conflict watching, and address changes applied to
    /// ARP, IP and TCP (connections bound to the old address reset).
    /// </summary>
    public class AddressChangeTests
    {
        [Fact]
        public void Unconfigured_UdpFromUnspecified_GoesToBroadcastFromZero()
        {
            var h = new Harness(configure: false);
            UdpSocket s = h.Stack.OpenUdp();
            Assert.True(s.Bind(68));
            var data = new byte[300];
            data[0] = 1;
            Assert.True(s.SendFromUnspecified(0xFFFFFFFF, 67, data, 0, data.Length));
            var sent = h.TakeSent().Single();
            Assert.True(EthernetFrame.IsBroadcast(sent, 0));
            Assert.Equal(0u, Ipv4Header.GetSource(sent, 14));
            Assert.Equal(0xFFFFFFFFu, Ipv4Header.GetDestination(sent, 14));
            Assert.True(UdpHeader.VerifyChecksum(sent, 34, 308, 0, 0xFFFFFFFF));
            Assert.Equal(67, UdpHeader.GetDestinationPort(sent, 34));
        }

        [Fact]
        public void Unconfigured_UnicastToOfferedAddress_AcceptedOnlyOnTheAnyDestinationPort()
        {
            var h = new Harness(configure: false);
            UdpSocket s = h.Stack.OpenUdp();
            s.Bind(68);
            const uint offered = 0x0A000032;
            h.Inject(Frames.Udp(Frames.A, 67, offered, 68, new byte[] { 2, 1, 6 }));
            Assert.Equal(-1, s.NextDatagramLength);
            Assert.Equal(1, h.Stack.Ipv4Counters.NotForUs);

            h.Stack.Ipv4.AnyDestinationUdpPort = 68;
            h.Inject(Frames.Udp(Frames.A, 67, offered, 68, new byte[] { 2, 1, 6 }));
            Assert.Equal(3, s.NextDatagramLength);
            h.Inject(Frames.Udp(Frames.A, 67, offered, 69, new byte[] { 2, 1, 6 }));
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, offered, 6, new byte[20]));
            Assert.Equal(3, h.Stack.Ipv4Counters.NotForUs);
            Assert.Empty(h.TakeSent());  // no port unreachable, no RST from 0.0.0.0
        }

        [Fact]
        public void Unconfigured_IcmpAndUnicast_Refused()
        {
            var h = new Harness(configure: false);
            Assert.False(h.Stack.SendEchoRequest(0xFFFFFFFF, 1, 1, 8));
            UdpSocket s = h.Stack.OpenUdp();
            Assert.False(s.SendTo(Frames.A, 53, new byte[4], 0, 4));
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void Probe_HasSenderZero_AndWatchSeesRepliesAndOtherProbes()
        {
            var h = new Harness(configure: false);
            const uint candidate = 0x0A000032;
            h.Stack.Arp.Watch(candidate);
            h.Stack.Arp.SendProbe(candidate);
            var probe = h.TakeSent().Single();
            Assert.Equal(0u, ArpPacket.GetSenderIp(probe, 14));
            Assert.Equal(candidate, ArpPacket.GetTargetIp(probe, 14));
            Assert.Equal(0, h.Stack.Arp.WatchConflicts);

            // Our own probe echoed back by a switch is not a conflict.
            h.Inject(probe);
            Assert.Equal(0, h.Stack.Arp.WatchConflicts);
            // Someone else answers for the address, or probes for it at the same time.
            h.Inject(Frames.Arp(ArpPacket.OperationReply, Frames.MacA, candidate, Frames.MacB, 0, Frames.MacB));
            Assert.Equal(1, h.Stack.Arp.WatchConflicts);
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, Frames.MacA, 0, null, candidate, Frames.Broadcast));
            Assert.Equal(2, h.Stack.Arp.WatchConflicts);
            // Traffic about other addresses is not.
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, Frames.MacA, Frames.A, null, 0x0A000033, Frames.Broadcast));
            Assert.Equal(2, h.Stack.Arp.WatchConflicts);
            Assert.Equal(2, h.Stack.ArpCounters.ProbeConflicts);
            h.Stack.Arp.Watch(0);
            h.Inject(Frames.Arp(ArpPacket.OperationReply, Frames.MacA, candidate, Frames.MacB, 0, Frames.MacB));
            Assert.Equal(2, h.Stack.ArpCounters.ProbeConflicts);
        }

        [Fact]
        public void Announcement_BeforeUse_CarriesTheAddressTwice()
        {
            var h = new Harness(configure: false);
            h.Stack.Arp.SendAnnouncement(0xA9FE0102);
            var f = h.TakeSent().Single();
            Assert.Equal(0xA9FE0102u, ArpPacket.GetSenderIp(f, 14));
            Assert.Equal(0xA9FE0102u, ArpPacket.GetTargetIp(f, 14));
        }

        private sealed class TcpPair
        {
            public readonly QueueMac MacA = new QueueMac(Frames.MacA, 64);
            public readonly QueueMac MacB = new QueueMac(Frames.MacB, 64);
            public readonly NetworkStack A;
            public readonly NetworkStack B;
            public readonly TcpLayer TcpA;
            public readonly TcpLayer TcpB;
            public long NowMs = 1000;

            public TcpPair()
            {
                QueueMac.Connect(MacA, MacB);
                A = new NetworkStack(new StackConfig(), MacA, new SeededRandom(1));
                B = new NetworkStack(new StackConfig(), MacB, new SeededRandom(2));
                TcpA = new TcpLayer(new TcpConfig(), A.Output, new SeededRandom(3));
                TcpB = new TcpLayer(new TcpConfig(), B.Output, new SeededRandom(4));
                A.AttachTransport(6, TcpA);
                B.AttachTransport(6, TcpB);
                A.SetAddress(Frames.A, 24, 0, NowMs);
                B.SetAddress(Frames.B, 24, 0, NowMs);
            }

            public void Run(int ms)
            {
                for (int i = 0; i < ms; i++)
                {
                    NowMs++;
                    A.Poll(NowMs);
                    B.Poll(NowMs);
                }
            }

            public (TcpConnection client, TcpConnection server) Connect()
            {
                TcpB.Listen(80, 2);
                var client = TcpA.Connect(Frames.B, 80, NowMs);
                Run(20);
                var server = TcpB.GetListener(0).Accept();
                Assert.NotNull(server);
                Assert.Equal(TcpState.Established, client.State);
                return (client, server);
            }
        }

        [Fact]
        public void AddressChange_ResetsConnections_PeerSeesRstFromOldAddress()
        {
            var p = new TcpPair();
            var (client, server) = p.Connect();
            p.B.SetAddress(0x0A000063, 24, 0, p.NowMs);
            Assert.Equal(TcpState.Closed, server.State);
            Assert.Equal(TcpError.AddressChanged, server.Error);
            Assert.Equal(1, p.B.Ipv4Counters.AddressResets);
            p.Run(5);
            Assert.Equal(TcpState.Closed, client.State);
            Assert.Equal(TcpError.Reset, client.Error);
            // The listener survives and serves the new address.
            server.Close();
            var again = p.TcpA.Connect(0x0A000063, 80, p.NowMs);
            p.Run(20);
            Assert.Equal(TcpState.Established, again.State);
        }

        [Fact]
        public void SameAddressAgain_KeepsConnectionsAndNeighbours()
        {
            var p = new TcpPair();
            var (client, server) = p.Connect();
            int arpResolved = p.B.Arp.ResolvedCount;
            p.B.SetAddress(Frames.B, 24, 0, p.NowMs);  // a renewal
            Assert.Equal(TcpState.Established, server.State);
            Assert.Equal(arpResolved, p.B.Arp.ResolvedCount);
            Assert.Equal(0, p.B.Ipv4Counters.AddressResets);
        }

        [Fact]
        public void ClearAddress_ResetsConnections_ThenOnlyUdpFromZero()
        {
            var p = new TcpPair();
            var (client, server) = p.Connect();
            p.B.ClearAddress(p.NowMs);
            Assert.Equal(0u, p.B.Interface.Address);
            Assert.Equal(TcpError.AddressChanged, server.Error);
            p.Run(5);
            Assert.Equal(TcpError.Reset, client.Error);
            Assert.Equal(0, p.B.Arp.ResolvedCount);
            int sent = p.MacB.SentCount;
            p.TcpB.Connect(Frames.A, 80, p.NowMs);
            Assert.Equal(sent, p.MacB.SentCount);  // no SYN from 0.0.0.0
            Assert.True(p.B.Ipv4Counters.OutputDropped > 0);
        }
    }
}
