using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    public class WindowScaleTests
    {
        private static byte[] MssAndScale(int shift) => new byte[] { 2, 4, 0x05, 0xb4, 1, 3, 3, (byte)shift };

        private static int Shift(Captured c)
        {
            var o = new TcpOptions();
            Assert.True(o.Parse(c.Bytes, 20, c.HeaderLength - 20));
            return o.WindowScale;
        }

        [Fact]
        public void DefaultConfig_NeverOffersScaling_EvenWhenThePeerDoes()
        {
            var s = new Script();
            s.Tcp.Listen(80, 4);
            s.Inject(80, 100, 0, S, 65535, MssAndScale(7));
            Captured synAck = s.TakeOne();
            Assert.Equal(-1, Shift(synAck));
            s.Inject(80, 101, synAck.Seq + 1, A, 100);
            TcpConnection c = s.Tcp.GetListener(0).Accept();
            // Not negotiated: the peer's window field is taken as is.
            Assert.Equal(100, c.SendWindowBytes);
        }

        [Fact]
        public void RingAbove64K_ScalesBothWaysWhenThePeerAgrees()
        {
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 131072 });
            Assert.Equal(2, s.Tcp.WantedWindowShift);
            s.Tcp.Listen(80, 4);
            s.Inject(80, 100, 0, S, 65535, MssAndScale(7));
            Captured synAck = s.TakeOne();
            Assert.Equal(2, Shift(synAck));
            Assert.Equal(65535, synAck.Window);
            s.Inject(80, 101, synAck.Seq + 1, A, 100);
            TcpConnection c = s.Tcp.GetListener(0).Accept();
            Assert.Equal(100 << 7, c.SendWindowBytes);
            s.Inject(80, 101, synAck.Seq + 1, A | P, 100, data: new byte[1000]);
            s.Advance(200);
            Captured ack = s.TakeOne();
            Assert.Equal((131072 - 1000) >> 2, ack.Window);
        }

        [Fact]
        public void ActiveOpen_PeerWithoutScale_NeitherSideScales()
        {
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 131072 });
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            Captured syn = s.TakeOne();
            Assert.Equal(2, Shift(syn));
            s.Inject(syn.SourcePort, 5000, syn.Seq + 1, S | A, 1000, MssOption(1460), srcPort: 80);
            Captured ack = s.TakeOne();
            Assert.Equal(65535, ack.Window);
            Assert.Equal(1000, c.SendWindowBytes);
        }
    }
}
