using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    /// <summary>Random segments with valid checksums at listeners and open connections: nothing throws, every slot comes back.</summary>
    public class GarbageTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomSegments_NeverThrow_TableRecovers(int seed)
        {
            var r = new TestRandom((ulong)seed);
            var s = new Script(new TcpConfig { MslMs = 100, FinWait2TimeoutMs = 1000, MaxRetransmissions = 2, MaxSynRetransmissions = 2 });
            TcpConnection c = s.Accepted();
            byte[] b = new byte[200];
            for (int i = 0; i < 50000; i++)
            {
                int length = 20 + r.Next(160);
                for (int k = 0; k < length; k++) { b[k] = (byte)r.NextUInt32(); }
                // Aim most segments at something that exists: the listener, the connection's 4-tuple, near its sequence numbers.
                int aim = r.Next(4);
                if (aim < 3)
                {
                    BigEndian.WriteUInt16(b, 0, aim == 0 ? 40000 : 40000 + r.Next(4));
                    BigEndian.WriteUInt16(b, 2, 80);
                }
                if (aim == 1)
                {
                    BigEndian.WriteUInt32(b, 4, c.ReceiveNext + (uint)(r.Next(4000) - 2000));
                    BigEndian.WriteUInt32(b, 8, c.SendUnacknowledged + (uint)r.Next(10));
                }
                b[12] = (byte)((r.Next(10) < 7 ? 5 : 5 + r.Next(11)) << 4);
                TcpHeader.WriteChecksum(b, 0, length, Peer, Us);
                s.Tcp.Receive(Peer, Us, b, 0, length, s.NowMs);
                if (r.Next(100) == 0)
                {
                    s.Advance(r.Next(500));
                    var l = s.Tcp.GetListener(0).Accept();
                    l?.Close();
                    s.Take();
                }
            }
            s.Take();
            c.Abort();
            s.Advance(60000);
            Assert.Equal(s.Tcp.Capacity, s.Tcp.FreeConnections);
            Assert.Equal(0, s.Tcp.TimeWait.Count);
            Assert.True(s.Tcp.Counters.SegmentsIn > 20000);
        }
    }
}
