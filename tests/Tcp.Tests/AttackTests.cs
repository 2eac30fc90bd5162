using Firmware.Net.Transport;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    public class AttackTests
    {
        [Fact]
        public void Rfc5961_InWindowRst_ChallengeAck_ExactRst_Resets()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 500, 0, R);
            Captured ch = s.TakeOne();
            Assert.Equal(A, ch.Flags);
            Assert.Equal(2001u, ch.Seq);
            Assert.Equal(101u, ch.Ack);
            Assert.Equal(TcpState.Established, c.State);
            Assert.Equal(1, s.Tcp.Counters.ChallengeAcks);
            s.Inject(80, 101, 0, R);
            s.ExpectNothing();
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(TcpError.Reset, c.Error);
            Assert.Equal(1, s.Tcp.Counters.EstablishedResets);
        }

        [Fact]
        public void Rfc5961_OutOfWindowRst_Dropped()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 100000, 0, R);
            s.ExpectNothing();
            Assert.Equal(TcpState.Established, c.State);
            Assert.Equal(1, s.Tcp.Counters.ResetsIgnored);
        }

        [Fact]
        public void Rfc5961_SynInEstablished_ChallengeAck()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 5555, 0, S);
            Captured ch = s.TakeOne();
            Assert.Equal(A, ch.Flags);
            Assert.Equal(101u, ch.Ack);
            Assert.Equal(TcpState.Established, c.State);
        }

        [Fact]
        public void Rfc5961_AckOfUnsentData_AckedAndDropped_DataNotTaken()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 9999, A, data: new byte[] { 1, 2, 3 });
            Captured a = s.TakeOne();
            Assert.Equal(101u, a.Ack);
            Assert.Equal(0, c.BytesAvailable);
            // Too old (below SND.UNA − MAX.SND.WND): challenge ACK, dropped.
            s.Inject(80, 101, unchecked(2001u - 100000u), A, data: new byte[] { 1, 2, 3 });
            Assert.Equal(A, s.TakeOne().Flags);
            Assert.Equal(0, c.BytesAvailable);
        }

        [Fact]
        public void Rfc5961_ChallengeAcksRateLimited()
        {
            var s = new Script(new TcpConfig { ChallengeAcksPerSecond = 10 });
            s.Accepted();
            for (int i = 0; i < 15; i++)
            {
                s.Inject(80, 500, 0, R);
            }
            Assert.Equal(10, s.Take().Count);
            Assert.Equal(5, s.Tcp.Counters.ChallengeAcksSuppressed);
            s.Advance(1000);
            s.Inject(80, 500, 0, R);
            Assert.Single(s.Take());
        }

        [Fact]
        public void SynFlood_CookiesOff_EstablishedConnectionKeepsWorking_OldestHalfOpenDropped()
        {
            var s = new Script(new TcpConfig { SynCookies = false });
            TcpConnection c = s.Accepted();
            for (int i = 0; i < 200; i++)
            {
                s.NowMs++;
                s.Inject(80, (uint)(i * 1000), 0, S, srcPort: (ushort)(50000 + i));
            }
            s.Take();
            Assert.Equal(TcpState.Established, c.State);
            Assert.True(s.Tcp.Counters.BacklogDrops > 190);
            // The real client still talks to us.
            s.Inject(80, 101, 2001, A | P, data: new byte[] { 7 });
            Assert.Equal(1, c.BytesAvailable);
            // A legitimate late client still gets through: its SYN evicts the oldest half-open one.
            s.Inject(80, 7, 0, S, srcPort: 33333);
            Captured sa = s.Take().Find(x => x.DestinationPort == 33333);
            Assert.NotNull(sa);
            s.Inject(80, 8, sa.Seq + 1, A, srcPort: 33333);
            Assert.NotNull(s.Tcp.GetListener(0).Accept());
        }

        [Fact]
        public void SynFlood_EstablishedConnectionKeepsWorking_LateClientGetsThroughWithACookie()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            for (int i = 0; i < 200; i++)
            {
                s.NowMs++;
                s.Inject(80, (uint)(i * 1000), 0, S, srcPort: (ushort)(50000 + i));
            }
            var sent = s.Take();
            Assert.Equal(200, sent.Count);
            Assert.All(sent, x => Assert.Equal(S | A, x.Flags));
            // Three half-open connections fill the rest of the backlog (4); every later SYN is answered with a cookie.
            Assert.Equal(197, s.Tcp.Counters.SynCookiesSent);
            Assert.Equal(0, s.Tcp.Counters.BacklogDrops);
            Assert.Equal(TcpState.Established, c.State);
            s.Inject(80, 101, 2001, A | P, data: new byte[] { 7 });
            Assert.Equal(1, c.BytesAvailable);
            // A legitimate late client completes: its cookie is good, and it takes the oldest half-open one's place.
            s.Inject(80, 7, 0, S, srcPort: 33333);
            Captured sa = s.Take().Find(x => x.DestinationPort == 33333);
            Assert.NotNull(sa);
            s.Inject(80, 8, sa.Seq + 1, A, srcPort: 33333);
            TcpConnection late = s.Tcp.GetListener(0).Accept();
            Assert.NotNull(late);
            Assert.Equal(33333, late.RemotePort);
            Assert.Equal(1, s.Tcp.Counters.SynCookiesAccepted);
        }

        [Fact]
        public void MalformedOptionLength_SegmentRejected()
        {
            var s = new Script();
            s.Tcp.Listen(80, 4);
            s.Inject(80, 100, 0, S, 8192, new byte[] { 2, 9, 5, 0xB4 });
            s.ExpectNothing();
            Assert.Equal(1, s.Tcp.Counters.BadOptions);
            s.Inject(80, 100, 0, S, 8192, new byte[] { 1, 1, 99, 0 });
            s.ExpectNothing();
            Assert.Equal(2, s.Tcp.Counters.BadOptions);
        }

        [Fact]
        public void BadChecksumAndShortSegments_DroppedAndCounted()
        {
            var s = new Script();
            s.Tcp.Listen(80, 4);
            byte[] b = Build(PeerPort, 80, 100, 0, S, 8192);
            b[4] ^= 1;
            s.Tcp.Receive(Peer, Us, b, 0, b.Length, 0);
            s.Tcp.Receive(Peer, Us, b, 0, 19, 0);
            b[12] = 0xF0;
            s.Tcp.Receive(Peer, Us, b, 0, b.Length, 0);
            s.ExpectNothing();
            Assert.Equal(1, s.Tcp.Counters.BadChecksum);
            Assert.Equal(2, s.Tcp.Counters.Malformed);
        }

        [Fact]
        public void Isn_Rfc6528_DiffersPerTupleAndAdvancesWithTheClock()
        {
            var s = new Script();
            s.Tcp.Listen(80, 8);
            s.Inject(80, 1, 0, S, srcPort: 1000);
            uint a = s.TakeOne().Seq;
            s.Inject(80, 1, 0, S, srcPort: 1001);
            uint b = s.TakeOne().Seq;
            Assert.NotEqual(a, b);
            var g = new TcpIsnGenerator(new TestRandom(5));
            uint t0 = g.Next(1, 80, 2, 1000, 0);
            uint t1 = g.Next(1, 80, 2, 1000, 1000);
            Assert.Equal(250000u, t1 - t0);
        }

        [Fact]
        public void SipHash24_ReferenceVector()
        {
            // The SipHash paper's vector: key 00..0f, message 00..0e (15 bytes) = a129ca6149be45e5. We hash exactly
            // 16 bytes, so check the 16-byte vector from the reference implementation: 3f2acc7f57c29bdb.
            ulong k0 = 0x0706050403020100UL, k1 = 0x0F0E0D0C0B0A0908UL;
            ulong m0 = 0x0706050403020100UL, m1 = 0x0F0E0D0C0B0A0908UL;
            Assert.Equal(0x3f2acc7f57c29bdbUL, TcpIsnGenerator.SipHash24(k0, k1, m0, m1));
        }
    }
}
