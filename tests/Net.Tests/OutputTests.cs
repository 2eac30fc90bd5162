using System.Linq;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    public class OutputTests
    {
        [Fact]
        public void Ipv4Output_Ttl64_DfClear_IdIncrements_ContractOffsets()
        {
            var h = new Harness();
            h.LearnPeer();
            var o = h.Stack.Output;
            Assert.Equal(34, o.TransportOffset);
            Assert.Equal(1480, o.MaxTransportLength);
            Assert.Equal(Frames.B, o.LocalAddress);
            for (int i = 0; i < 2; i++)
            {
                o.TransmitBuffer[34] = 0xAB;
                Assert.True(o.Send(Frames.A, 200, 1));
            }
            var sent = h.TakeSent();
            Assert.Equal(2, sent.Count);
            Assert.All(sent, f =>
            {
                Assert.Equal(Ipv4Header.CheckOk, Ipv4Header.Check(f, 14, f.Length - 14));
                Assert.Equal(64, Ipv4Header.GetTtl(f, 14));
                Assert.False(Ipv4Header.GetDontFragment(f, 14));
                Assert.Equal(200, Ipv4Header.GetProtocol(f, 14));
                Assert.Equal(0xAB, f[34]);
            });
            Assert.Equal((Ipv4Header.GetIdentification(sent[0], 14) + 1) & 0xFFFF, Ipv4Header.GetIdentification(sent[1], 14));
            Assert.False(o.Send(Frames.A, 200, 1481));
        }

        [Fact]
        public void SmallMtu576_BigPingReplyFragmentedToFit()
        {
            var h = new Harness(new StackConfig { MtuBytes = 576 });
            h.LearnPeer();
            foreach (var f in Frames.Fragments(Frames.A, Frames.B, 1, Frames.EchoRequestMessage(3, 4, 2000), 552, 99))
            {
                h.Inject(f);
            }
            var sent = h.TakeSent();
            Assert.Equal(4, sent.Count); // 2008 bytes in 552-byte pieces
            Assert.All(sent, f => Assert.True(f.Length <= 14 + 576));
            var reply = Frames.Reassemble(sent);
            Assert.Equal(2008, reply.Length);
            Assert.Equal(0, Checksum.Compute(reply, 0, reply.Length));
        }

        [Fact]
        public void TinyMtu68_ErrorQuotingLongHeader_TruncatedQuoteNoOverflow()
        {
            var h = new Harness(new StackConfig { MtuBytes = 68 });
            h.LearnPeer();
            // UDP to a closed port with 40 bytes of IP options (the packet is exactly 68 bytes): the quote would be 60 + 8.
            var u = new byte[8];
            UdpHeader.Emit(u, 0, 1, 999, 0, Frames.A, Frames.B);
            var f = new byte[14 + 60 + u.Length];
            EthernetFrame.EmitHeader(f, 0, Frames.MacB, 0, Frames.MacA, EthernetFrame.TypeIpv4);
            Ipv4Header.Emit(f, 14, 60 + u.Length, 1, false, false, 0, 64, 17, Frames.A, Frames.B);
            f[14] = 0x4F;
            u.CopyTo(f, 74);
            f[24] = 0; f[25] = 0;
            BigEndian.WriteUInt16(f, 24, Checksum.Compute(f, 14, 60));
            h.Inject(f);
            var e = Assert.Single(h.TakeSent());
            Assert.Equal(14 + 68, e.Length);
            Assert.Equal(1, h.Stack.IcmpCounters.DestinationUnreachableOut);
        }
    }
}
