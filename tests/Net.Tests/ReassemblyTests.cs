using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    public class ReassemblyTests
    {
        private static List<byte[]> PingFragments(int dataBytes, int chunk, int id = 0x4242, ushort seq = 1)
        {
            return Frames.Fragments(Frames.A, Frames.B, Ipv4Header.ProtocolIcmp, Frames.EchoRequestMessage(7, seq, dataBytes), chunk, id);
        }

        private static void AssertEchoReplyFor(Harness h, int dataBytes, ushort seq = 1)
        {
            var sent = h.TakeSent();
            Assert.All(sent, f => Assert.True(Harness.IsIpv4(f, 1)));
            Assert.All(sent, f => Assert.Equal(0, Checksum.Compute(f, 14, 20)));
            Assert.All(sent, f => Assert.True(f.Length <= 1514));
            byte[] reply = Frames.Reassemble(sent);
            byte[] request = Frames.EchoRequestMessage(7, seq, dataBytes);
            Assert.Equal(8 + dataBytes, reply.Length);
            Assert.Equal(IcmpMessage.TypeEchoReply, reply[0]);
            Assert.Equal(0, Checksum.Compute(reply, 0, reply.Length));
            Assert.Equal(request.Skip(4).ToArray(), reply.Skip(4).ToArray());
        }

        [Fact]
        public void Ping4000_InOrder_ReplyFragmentedBackAndReassemblesToSameData()
        {
            var h = new Harness();
            h.LearnPeer();
            foreach (var f in PingFragments(4000, 1480))
            {
                h.Inject(f);
            }
            Assert.Equal(1, h.Stack.Ipv4Counters.Reassembled);
            Assert.Equal(3, h.Stack.Ipv4Counters.FragmentsOut);
            AssertEchoReplyFor(h, 4000);
            var lines = h.Mac.SentCount;
            Assert.Equal(0, h.Stack.Ipv4.Reassembler.SlotsInUse);
        }

        [Fact]
        public void OutOfOrder_WithDuplicatesAndOverlap_Completes()
        {
            var h = new Harness();
            h.LearnPeer();
            var frags = PingFragments(3000, 800);           // offsets 0, 800, 1600, 2400 (last)
            var overlap = Frames.Fragments(Frames.A, Frames.B, 1, Frames.EchoRequestMessage(7, 1, 3000), 400, 0x4242); // same bytes, other cuts
            h.Inject(frags[3]);
            h.Inject(frags[1]);
            h.Inject(frags[1]);       // duplicate
            h.Inject(overlap[3]);     // 1200..1600, overlaps nothing new yet
            h.Inject(overlap[5]);     // 2000..2400
            Assert.Empty(h.TakeSent());
            h.Inject(frags[0]);
            Assert.Equal(0, h.Stack.Ipv4Counters.Reassembled);
            h.Inject(overlap[4]);     // 1600..2000: fills the last hole
            Assert.Equal(1, h.Stack.Ipv4Counters.Reassembled);
            AssertEchoReplyFor(h, 3000);
        }

        [Fact]
        public void Timeout_FreesSlot_SendsTimeExceededQuotingFirstFragment()
        {
            var h = new Harness();
            h.LearnPeer();
            var frags = PingFragments(2000, 800);
            h.Inject(frags[0]);
            Assert.Equal(1, h.Stack.Ipv4.Reassembler.SlotsInUse);
            Assert.Equal(h.NowMs + 15000, h.Stack.NextDeadlineMs > h.NowMs + 15000 ? -1 : h.Stack.Ipv4.Reassembler.NextDeadlineMs);
            h.Advance(14999);
            Assert.Equal(1, h.Stack.Ipv4.Reassembler.SlotsInUse);
            h.Advance(1);
            Assert.Equal(0, h.Stack.Ipv4.Reassembler.SlotsInUse);
            Assert.Equal(1, h.Stack.Ipv4Counters.ReassemblyFailures);
            var error = Assert.Single(h.TakeSent());
            Assert.Equal("10.0.0.2 > 10.0.0.1: ICMP ip reassembly time exceeded, length 36", PacketFormatter.Format(error, 0, error.Length));
            // Quote = the first fragment's IP header + 8 bytes.
            Assert.Equal(frags[0].Skip(14).Take(28).ToArray(), error.Skip(42).Take(28).ToArray());
        }

        [Fact]
        public void TimeoutWithoutFirstFragment_NoIcmpError()
        {
            var h = new Harness();
            h.LearnPeer();
            h.Inject(PingFragments(2000, 800)[1]);
            h.Advance(15000);
            Assert.Equal(1, h.Stack.Ipv4Counters.ReassemblyFailures);
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void PoolFull_ThirdDatagramDroppedAndCounted_OthersComplete()
        {
            var h = new Harness();
            h.LearnPeer();
            var d1 = PingFragments(2000, 800, 1, 1);
            var d2 = PingFragments(2000, 800, 2, 2);
            var d3 = PingFragments(2000, 800, 3, 3);
            h.Inject(d1[0]);
            h.Inject(d2[0]);
            h.Inject(d3[0]);
            Assert.Equal(1, h.Stack.Ipv4Counters.ReassemblyPoolFull);
            h.Inject(d1[1]); h.Inject(d1[2]);
            AssertEchoReplyFor(h, 2000, 1);
            h.Inject(d2[1]); h.Inject(d2[2]);
            AssertEchoReplyFor(h, 2000, 2);
            Assert.Equal(2, h.Stack.Ipv4Counters.Reassembled);
        }

        [Fact]
        public void TooBigForBuffer_DroppedAndCounted()
        {
            var h = new Harness();
            h.LearnPeer();
            foreach (var f in PingFragments(5000, 1480))
            {
                h.Inject(f);
            }
            Assert.Equal(0, h.Stack.Ipv4Counters.Reassembled);
            Assert.True(h.Stack.Ipv4Counters.ReassemblyFailures >= 1);
            Assert.Empty(h.TakeSent());
            // The quiet limit says its name and size where a person looks.
            Assert.True(h.Stack.Ipv4Counters.ReassemblyTooLarge >= 1);
            Assert.Contains("reasm-too-large " + h.Stack.Ipv4Counters.ReassemblyTooLarge + " (buffer 4200 B)", h.Stack.DescribeCounters());
        }

        [Fact]
        public void UdpDatagramLargerThanTheSocketRing_CountedAsTooLarge_NotAsCongestion()
        {
            // 3000 bytes to a socket whose whole ring is 1536 B: reassembled fine, then impossible to queue.
            var h = new Harness();
            h.LearnPeer();
            var s = h.Stack.OpenUdp();
            s.Bind(5000);
            byte[] u = new byte[8 + 3000];
            UdpHeader.Emit(u, 0, 1111, 5000, 3000, Frames.A, Frames.B);
            foreach (var f in Frames.Fragments(Frames.A, Frames.B, 17, u, 1480, 78))
            {
                h.Inject(f);
            }
            Assert.Equal(1, h.Stack.Ipv4Counters.Reassembled);
            Assert.Equal(1, h.Stack.UdpCounters.TooLargeForRing);
            Assert.Equal(0, h.Stack.UdpCounters.BufferFull);
            Assert.Equal(0, s.QueuedDatagrams);
            Assert.Contains("too-large 1 (ring 1536 B)", h.Stack.DescribeCounters());
        }

        [Fact]
        public void ConflictingLastFragments_AbandonDatagram()
        {
            var h = new Harness();
            h.LearnPeer();
            var a = PingFragments(2000, 800);
            var shorter = PingFragments(1500, 800);
            h.Inject(a[2]);          // last: total 2008
            h.Inject(shorter[1]);    // last: total 1508: contradicts
            Assert.Equal(1, h.Stack.Ipv4Counters.ReassemblyFailures);
            Assert.Equal(0, h.Stack.Ipv4.Reassembler.SlotsInUse);
        }

        [Fact]
        public void NonMultipleOf8MiddleFragment_Dropped()
        {
            var h = new Harness();
            h.LearnPeer();
            byte[] msg = Frames.EchoRequestMessage(7, 1, 100);
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 1, msg, 9, true, 0, 0, 13));
            Assert.Equal(1, h.Stack.Ipv4Counters.ReassemblyFailures);
            Assert.Equal(0, h.Stack.Ipv4.Reassembler.SlotsInUse);
        }

        [Fact]
        public void UdpReassembled_DeliveredToSocket()
        {
            var h = new Harness();
            h.LearnPeer();
            var s = h.Stack.OpenUdp();
            s.Bind(5000);
            var data = Enumerable.Range(0, 1400).Select(i => (byte)i).ToArray();
            byte[] u = new byte[8 + data.Length];
            Array.Copy(data, 0, u, 8, data.Length);
            UdpHeader.Emit(u, 0, 1111, 5000, data.Length, Frames.A, Frames.B);
            var frags = Frames.Fragments(Frames.A, Frames.B, 17, u, 512, 77);
            frags.Reverse();
            foreach (var f in frags)
            {
                h.Inject(f);
            }
            var buf = new byte[1500];
            Assert.Equal(1400, s.TryReceiveFrom(buf, 0, buf.Length, out uint src, out int port));
            Assert.Equal(data, buf.Take(1400).ToArray());
            Assert.Equal(1111, port);
        }

        [Fact]
        public void FragmentFormat_ShowsFragLikeTcpdump()
        {
            var frags = PingFragments(4000, 1480, 1234);
            Assert.Equal("10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 1480 (frag 1234:1480@0+)", PacketFormatter.Format(frags[0], 0, frags[0].Length));
            Assert.Equal("10.0.0.1 > 10.0.0.2: ICMP (frag 1234:1480@1480+)", PacketFormatter.Format(frags[1], 0, frags[1].Length));
            Assert.Equal("10.0.0.1 > 10.0.0.2: ICMP (frag 1234:1048@2960)", PacketFormatter.Format(frags[2], 0, frags[2].Length));
        }
    }
}
