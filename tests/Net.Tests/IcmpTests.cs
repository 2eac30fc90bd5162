using System.Linq;
using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    public class IcmpTests
    {
        [Fact]
        public void PortUnreachable_QuotesHeaderPlus8_RateLimited()
        {
            var h = new Harness();
            h.LearnPeer();
            var udp = Frames.Udp(Frames.A, 40000, Frames.B, 5555, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
            h.Inject(udp);
            var f = Assert.Single(h.TakeSent());
            Assert.Equal("10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 5555 unreachable, length 36", PacketFormatter.Format(f, 0, f.Length));
            Assert.Equal(udp.Skip(14).Take(28).ToArray(), f.Skip(42).Take(28).ToArray());
            Assert.Equal(0, Checksum.Compute(f, 34, 36));
            h.Inject(udp); // within 100 ms: limited
            Assert.Empty(h.TakeSent());
            Assert.Equal(1, h.Stack.IcmpCounters.ErrorsRateLimited);
            h.NowMs += 100;
            h.Inject(udp);
            Assert.Single(h.TakeSent());
        }

        [Fact]
        public void EchoToBroadcast_Ignored()
        {
            var h = new Harness();
            h.LearnPeer();
            h.Inject(Frames.Ipv4(Frames.Broadcast, Frames.MacA, Frames.A, 0xFFFFFFFF, 1, Frames.EchoRequestMessage(1, 1, 8)));
            Assert.Empty(h.TakeSent());
            Assert.Equal(1, h.Stack.IcmpCounters.BroadcastEchoIgnored);
        }

        [Fact]
        public void ErrorsAreNotAnsweredWithErrors_EvenOnUnknownTypes()
        {
            var h = new Harness();
            h.LearnPeer();
            // An unreachable arriving for us is counted, not answered.
            var m = new byte[8 + 28];
            IcmpMessage.Emit(m, 0, IcmpMessage.TypeDestinationUnreachable, 3, 0, 28);
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 1, m));
            Assert.Equal(1, h.Stack.IcmpCounters.DestinationUnreachableIn);
            Assert.Empty(h.TakeSent());
            // And the error path itself refuses to quote an ICMP error.
            var quote = Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 1, m);
            Assert.False(h.Stack.Icmp.SendError(3, 3, Frames.A, quote, 14, 28, h.NowMs + 10000));
            // Nor a non-first fragment.
            var frag = Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 17, new byte[16], 5, false, 8);
            Assert.False(h.Stack.Icmp.SendError(3, 3, Frames.A, frag, 14, 28, h.NowMs + 20000));
        }

        [Fact]
        public void EchoReplyObserved()
        {
            var h = new Harness();
            var m = new byte[8 + 4];
            IcmpMessage.Emit(m, 0, IcmpMessage.TypeEchoReply, 0, (77u << 16) | 5, 4);
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 1, m));
            Assert.Equal(1, h.Stack.Icmp.EchoRepliesReceived);
            Assert.Equal(77, h.Stack.Icmp.LastEchoReplyId);
            Assert.Equal(5, h.Stack.Icmp.LastEchoReplySequence);
            Assert.Equal(4, h.Stack.Icmp.LastEchoReplyPayloadBytes);
        }
    }
}
