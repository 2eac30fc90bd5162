using Firmware.Net.Network;
using Xunit;

namespace Firmware.Net.Tests
{
    public class TransportHookTests
    {
        private sealed class FakeTcp : IIpv4Transport
        {
            public int Received;
            public int LastLength;
            public uint LastSource;
            public byte FirstByte;
            public int Polls;
            public long Deadline = long.MaxValue;

            public void Receive(uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
            {
                Received++;
                LastLength = length;
                LastSource = source;
                FirstByte = buffer[offset];
            }

            public void Poll(long nowMs) => Polls++;

            public long NextDeadlineMs => Deadline;

            public int AddressChanges;

            public int LocalAddressChanging(uint oldAddress, long nowMs)
            {
                AddressChanges++;
                return 0;
            }
        }

        [Fact]
        public void AttachedTransport_GetsPayloadPollsAndDeadline()
        {
            var h = new Harness();
            var tcp = new FakeTcp { Deadline = 123456 };
            Assert.True(h.Stack.AttachTransport(6, tcp));
            Assert.False(h.Stack.AttachTransport(6, new FakeTcp()));   // taken
            Assert.False(h.Stack.AttachTransport(17, new FakeTcp()));  // UDP is built in
            Assert.False(h.Stack.AttachTransport(1, new FakeTcp()));   // so is ICMP
            var seg = new byte[24];
            seg[0] = 0x9C;
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 6, seg));
            Assert.Equal(1, tcp.Received);
            Assert.Equal(24, tcp.LastLength);
            Assert.Equal(Frames.A, tcp.LastSource);
            Assert.Equal(0x9C, tcp.FirstByte);
            Assert.True(tcp.Polls >= 1);
            Assert.Equal(123456, h.Stack.NextDeadlineMs);
            Assert.Equal(0, h.Stack.Ipv4Counters.UnknownProtocol);
        }

        [Fact]
        public void FragmentedTcpSegment_DeliveredReassembled()
        {
            var h = new Harness();
            var tcp = new FakeTcp();
            h.Stack.AttachTransport(6, tcp);
            var seg = new byte[3000];
            seg[0] = 0x42;
            foreach (var f in Frames.Fragments(Frames.A, Frames.B, 6, seg, 1480, 321))
            {
                h.Inject(f);
            }
            Assert.Equal(1, tcp.Received);
            Assert.Equal(3000, tcp.LastLength);
            Assert.Equal(0x42, tcp.FirstByte);
        }
    }
}
