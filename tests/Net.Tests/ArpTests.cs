using Firmware.HostNet;
using System.Linq;
using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    public class ArpTests
    {
        private static string Line(byte[] f) => PacketFormatter.Format(f, 0, f.Length);

        [Fact]
        public void SetAddress_SendsGratuitousArp()
        {
            var h = new Harness(configure: false);
            h.Stack.SetAddress(Frames.B, 24, 0, 0);
            var f = Assert.Single(h.TakeSent());
            Assert.Equal("ARP, Request who-has 10.0.0.2 tell 10.0.0.2, length 28", Line(f));
            Assert.True(EthernetFrame.IsBroadcast(f, 0));
        }

        [Fact]
        public void Unresolved_RetriesThenGivesUp_ParkedDropped()
        {
            var h = new Harness();
            var s = h.Stack.OpenUdp();
            Assert.False(s.SendTo(Frames.A, 9, new byte[3], 0, 3)); // parked
            Assert.Equal("ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28", Line(Assert.Single(h.TakeSent())));
            Assert.Equal(h.NowMs + 1000, h.Stack.NextDeadlineMs);
            h.Advance(1000);
            h.Advance(1000);
            Assert.Equal(2, h.TakeSent().Count(Harness.IsArp));
            h.Advance(1000);
            Assert.Empty(h.TakeSent());
            Assert.Equal(3, h.Stack.ArpCounters.RequestsOut - h.Stack.ArpCounters.GratuitousOut);
            Assert.Equal(1, h.Stack.ArpCounters.ResolutionFailures);
            Assert.Equal(1, h.Stack.ArpCounters.ParkedDropped);
            Assert.Equal(long.MaxValue, h.Stack.NextDeadlineMs);
        }

        [Fact]
        public void ReplyReleasesParkedFrame()
        {
            var h = new Harness();
            var s = h.Stack.OpenUdp();
            s.Bind(1234);
            s.SendTo(Frames.A, 9, new byte[] { 1, 2, 3 }, 0, 3);
            h.TakeSent();
            h.Inject(Frames.Arp(ArpPacket.OperationReply, Frames.MacA, Frames.A, Frames.MacB, Frames.B, Frames.MacB));
            var f = Assert.Single(h.TakeSent());
            Assert.Equal("10.0.0.2.1234 > 10.0.0.1.9: UDP, length 3", Line(f));
            Assert.Equal(Frames.MacA, f.Take(6).ToArray());
            Assert.Equal(Frames.MacB, f.Skip(6).Take(6).ToArray());
        }

        [Fact]
        public void OthersGratuitousArp_UpdatesExistingEntryOnly()
        {
            var h = new Harness();
            h.LearnPeer();
            var newMac = QueueMac.Mac(0x99);
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, newMac, Frames.A, null, Frames.A, Frames.Broadcast));
            var mac = new byte[6];
            Assert.True(h.Stack.Arp.TryGetMac(Frames.A, mac, 0));
            Assert.Equal(newMac, mac);
            // A stranger's announcement does not take a cache entry (RFC 826: merge, do not add).
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, QueueMac.Mac(0x55), 0x0A000055, null, 0x0A000055, Frames.Broadcast));
            Assert.False(h.Stack.Arp.TryGetMac(0x0A000055, mac, 0));
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void SomeoneElseClaimsOurAddress_ConflictCounted()
        {
            var h = new Harness();
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, QueueMac.Mac(0x66), Frames.B, null, Frames.B, Frames.Broadcast));
            Assert.Equal(1, h.Stack.ArpCounters.Conflicts);
            // Our own announcement echoed back is not a conflict.
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, Frames.MacB, Frames.B, null, Frames.B, Frames.Broadcast));
            Assert.Equal(1, h.Stack.ArpCounters.Conflicts);
        }

        [Fact]
        public void ProbeForOurAddress_Defended()
        {
            var h = new Harness();
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, Frames.MacA, 0, null, Frames.B, Frames.Broadcast));
            var f = Assert.Single(h.TakeSent());
            Assert.Equal("ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28", Line(f));
        }

        [Fact]
        public void RequestForOtherAddress_Ignored()
        {
            var h = new Harness();
            h.Inject(Frames.Arp(ArpPacket.OperationRequest, Frames.MacA, Frames.A, null, 0x0A000009, Frames.Broadcast));
            Assert.Empty(h.TakeSent());
            Assert.Equal(0, h.Stack.Arp.ResolvedCount);
        }

        [Fact]
        public void Entries_Expire_AfterLifetime()
        {
            var h = new Harness();
            h.LearnPeer();
            Assert.Equal(1, h.Stack.Arp.ResolvedCount);
            h.Advance(60000);
            Assert.Equal(0, h.Stack.Arp.ResolvedCount);
            Assert.Equal(1, h.Stack.ArpCounters.Expired);
        }

        [Fact]
        public void UsedNearExpiry_RefreshedWithUnicastRequest()
        {
            var h = new Harness();
            h.LearnPeer();
            h.Advance(50000);
            h.Stack.SendEchoRequest(Frames.A, 1, 1, 0);
            var sent = h.TakeSent();
            var arp = Assert.Single(sent, Harness.IsArp);
            Assert.Equal(Frames.MacA, arp.Take(6).ToArray());
            Assert.Single(sent, f => Harness.IsIpv4(f, 1));
            h.Inject(Frames.Arp(ArpPacket.OperationReply, Frames.MacA, Frames.A, Frames.MacB, Frames.B, Frames.MacB));
            h.Advance(30000);
            Assert.Equal(1, h.Stack.Arp.ResolvedCount);
        }

        [Fact]
        public void CacheFullOfUnresolved_CountedCacheFull_ResolvedEvictedOldestFirst()
        {
            var config = new StackConfig { ArpCacheEntries = 2 };
            var h = new Harness(config);
            h.LearnPeer();                                   // entry 1: A, resolved
            h.Stack.SendEchoRequest(0x0A000005, 1, 1, 0);    // entry 2: .5 unresolved
            h.Stack.SendEchoRequest(0x0A000006, 1, 1, 0);    // evicts A (resolved)
            var mac = new byte[6];
            Assert.False(h.Stack.Arp.TryGetMac(Frames.A, mac, 0));
            h.Stack.SendEchoRequest(0x0A000007, 1, 1, 0);    // both unresolved: cache full
            Assert.Equal(1, h.Stack.ArpCounters.CacheFull);
        }

        [Fact]
        public void SharedParkingPool_OneSlot_SecondAddressDropped_SlotFreedByTheReply()
        {
            var h = new Harness(new StackConfig { ArpPendingFrames = 1 });
            var s = h.Stack.OpenUdp();
            s.Bind(1234);
            Assert.False(s.SendTo(Frames.A, 9, new byte[] { 1, 2, 3 }, 0, 3));        // parked in the one slot
            Assert.False(s.SendTo(0x0A000005, 9, new byte[] { 4, 5 }, 0, 2));         // its request goes out; no slot: dropped
            Assert.Equal(2, h.TakeSent().Count(Harness.IsArp));
            Assert.Equal(1, h.Stack.ArpCounters.Parked);
            Assert.Equal(1, h.Stack.ArpCounters.ParkedDropped);
            Assert.Contains("10.0.0.5 (incomplete) requests 1", h.Stack.DescribeState());
            Assert.DoesNotContain("10.0.0.5 (incomplete) requests 1 1 parked", h.Stack.DescribeState());

            // The reply sends the parked frame and frees the slot for the next address.
            h.Inject(Frames.Arp(ArpPacket.OperationReply, Frames.MacA, Frames.A, Frames.MacB, Frames.B, Frames.MacB));
            Assert.Equal("10.0.0.2.1234 > 10.0.0.1.9: UDP, length 3", Line(Assert.Single(h.TakeSent())));
            Assert.False(s.SendTo(0x0A000006, 9, new byte[] { 6 }, 0, 1));
            Assert.Equal(2, h.Stack.ArpCounters.Parked);
            Assert.Equal(1, h.Stack.ArpCounters.ParkedDropped);
            Assert.Contains("10.0.0.6 (incomplete) requests 1 1 parked", h.Stack.DescribeState());
        }

        [Fact]
        public void SharedParkingPool_SlotOfAnAddressThatNeverAnswers_IsFreedWhenItGivesUp()
        {
            var h = new Harness(new StackConfig { ArpPendingFrames = 1 });
            var s = h.Stack.OpenUdp();
            Assert.False(s.SendTo(0x0A000005, 9, new byte[3], 0, 3));
            h.Advance(1000);
            h.Advance(1000);
            h.Advance(1000);                                                          // three requests: given up
            Assert.Equal(1, h.Stack.ArpCounters.ResolutionFailures);
            Assert.False(s.SendTo(0x0A000006, 9, new byte[3], 0, 3));
            Assert.Equal(2, h.Stack.ArpCounters.Parked);
            Assert.Equal(1, h.Stack.ArpCounters.ParkedDropped);                        // only the given-up frame
        }

        [Fact]
        public void OffLink_GoesToGateway_NoGatewayNoRoute()
        {
            var h = new Harness(gateway: 0x0A0000FE);
            h.Stack.SendEchoRequest(0x08080808, 1, 1, 0);
            Assert.Equal("ARP, Request who-has 10.0.0.254 tell 10.0.0.2, length 28", Line(Assert.Single(h.TakeSent())));
            var g = new Harness();
            Assert.False(g.Stack.SendEchoRequest(0x08080808, 1, 1, 0));
            Assert.Empty(g.TakeSent());
            Assert.Equal(1, g.Stack.Ipv4Counters.OutputDropped);
        }

        [Fact]
        public void DescribeState_ListsEntries()
        {
            var h = new Harness();
            h.LearnPeer();
            h.Stack.SendEchoRequest(0x0A000005, 1, 1, 0);
            string s = h.Stack.DescribeState();
            Assert.Contains("10.0.0.1 02:00:00:00:00:01 expires in", s);
            Assert.Contains("10.0.0.5 (incomplete) requests 1 1 parked", s);
        }
    }
}
