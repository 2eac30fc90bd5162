using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Net.Transport;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    /// <summary>SYN cookies (RFC 4987 §3.6) when the backlog is full, and SYN with FIN or RST dropped.</summary>
    public class SynCookieTests
    {
        private const ushort FirstPort = 50000;

        /// <summary>A burst of SYNs (six, as a browser opens) against a backlog of two; the app accepts as it polls.</summary>
        private static (Script s, TcpListener l, List<Captured> synAcks) Burst(bool cookies, int clients = 6)
        {
            var s = new Script(new TcpConfig { Connections = 8, SynCookies = cookies });
            TcpListener l = s.Tcp.Listen(80, 2);
            for (int i = 0; i < clients; i++)
            {
                s.Inject(80, (uint)(1000 * i + 100), 0, S, 64240, MssOption(1460), srcPort: (ushort)(FirstPort + i));
            }
            var synAcks = s.Take();
            return (s, l, synAcks);
        }

        [Fact]
        public void Burst_LargerThanBacklog_EveryClientCompletesAndIsServed()
        {
            var (s, l, synAcks) = Burst(cookies: true);
            // Two half-open connections fill the backlog; the other four SYNs got cookie SYN-ACKs and left no state.
            Assert.Equal(6, synAcks.Count);
            Assert.All(synAcks, sa => Assert.Equal(S | A, sa.Flags));
            Assert.Equal(4, s.Tcp.Counters.SynCookiesSent);
            Assert.Equal(2, s.Tcp.Capacity - s.Tcp.FreeConnections);

            var accepted = new List<TcpConnection>();
            // The clients' ACKs come back in reverse order, each carrying its request; the app accepts after each.
            for (int i = 5; i >= 0; i--)
            {
                Captured sa = synAcks.Single(x => x.DestinationPort == FirstPort + i);
                uint seq = (uint)(1000 * i + 101);
                s.Inject(80, seq, sa.Seq + 1, A | P, 64240, data: new byte[] { (byte)('a' + i) }, srcPort: (ushort)(FirstPort + i));
                TcpConnection c;
                while ((c = l.Accept()) != null) { accepted.Add(c); }
            }
            Assert.Equal(6, accepted.Count);
            Assert.All(accepted, c => Assert.Equal(TcpState.Established, c.State));
            Assert.All(accepted, c => Assert.Equal(1, c.BytesAvailable));
            Assert.Equal(4, s.Tcp.Counters.SynCookiesAccepted);
            Assert.Equal(0, s.Tcp.Counters.SynCookiesRejected);
            Assert.Equal(0, s.Tcp.Counters.ResetsSent);
            Assert.DoesNotContain(s.Take(), x => (x.Flags & R) != 0);

            // Each is served: the answer goes out with the right sequence numbers.
            foreach (TcpConnection c in accepted)
            {
                var buf = new byte[1];
                c.Receive(buf, 0, 1);
                c.Send(buf, 0, 1);
            }
            s.Advance(1);
            var answers = s.Take().Where(x => x.DataLength == 1).ToList();
            Assert.Equal(6, answers.Count);
            foreach (Captured answer in answers)
            {
                int i = answer.DestinationPort - FirstPort;
                Assert.Equal((byte)('a' + i), answer.Data[0]);
                Assert.Equal((uint)(1000 * i + 102), answer.Ack);
                Assert.Equal(synAcks.Single(x => x.DestinationPort == answer.DestinationPort).Seq + 1, answer.Seq);
            }
        }

        [Fact]
        public void CookieSynAck_AdvertisesOneSegment_SoTheFirstSegmentIsTheOnlyOneBeforeTheConnectionExists()
        {
            // The cookie proves SEG.SEQ − 1 = the client's ISN: only its first segment can. With the whole ring
            // (4380 B) advertised, a client sent three at once; when the first was deferred (no room yet), the
            // second and third failed the check and were answered with RST, killing a good connection.
            var (s, l, synAcks) = Burst(cookies: true, clients: 3);
            Captured cookie = synAcks.Single(x => x.DestinationPort == FirstPort + 2);
            Assert.Equal(1460, cookie.Window);
            Assert.True(new TcpConfig().ReceiveBufferBytes > 1460);
            // The first segment builds the connection; the ACK it draws advertises the whole ring again.
            s.Inject(80, 2101, cookie.Seq + 1, A | P, 64240, data: new byte[100], srcPort: FirstPort + 2);
            s.Advance(200);
            Captured ack = s.Take().Last(x => x.DestinationPort == FirstPort + 2);
            Assert.Equal(2201u, ack.Ack);
            Assert.Equal(new TcpConfig().ReceiveBufferBytes - 100, ack.Window);
            Assert.Equal(1, s.Tcp.Counters.SynCookiesAccepted);
        }

        [Fact]
        public void Burst_CookiesOff_OldestHalfOpenEvicted_ItsClientGetsReset()
        {
            // The fallback, and the behaviour cookies replace: each SYN beyond the backlog evicts the oldest half-open one.
            var (s, l, synAcks) = Burst(cookies: false);
            Assert.Equal(6, synAcks.Count);
            Assert.Equal(4, s.Tcp.Counters.BacklogDrops);
            Captured first = synAcks.Single(x => x.DestinationPort == FirstPort);
            s.Inject(80, 101, first.Seq + 1, A, 64240, srcPort: FirstPort);
            Captured rst = s.TakeOne();
            Assert.Equal(R, rst.Flags);
            Assert.Null(l.Accept());
        }

        [Theory]
        [InlineData(1460, 1460)]
        [InlineData(1000, 536)]
        [InlineData(1400, 1360)]
        [InlineData(0, 536)]
        [InlineData(100, 64)]
        public void Cookie_CarriesMssFromTable(int peerMss, int expectedMss)
        {
            var s = new Script(new TcpConfig { Connections = 4 });
            TcpListener l = s.Tcp.Listen(80, 1);
            s.Inject(80, 5, 0, S, 8192, MssOption(1460), srcPort: 1111);
            s.Take();
            s.Inject(80, 100, 0, S, 8192, peerMss > 0 ? MssOption(peerMss) : null);
            Captured sa = s.TakeOne();
            Assert.Equal(1, s.Tcp.Counters.SynCookiesSent);
            // A cookie SYN-ACK still announces our MSS, and offers no window scaling.
            Assert.Equal(1460, sa.Mss);
            Assert.Equal(24, sa.HeaderLength);
            Assert.Equal(101u, sa.Ack);
            s.Inject(80, 101, sa.Seq + 1, A);
            // The backlog (1) holds the half-open connection from port 1111; the proven peer takes a free slot.
            TcpConnection c = l.Accept();
            Assert.NotNull(c);
            Assert.Equal(PeerPort, c.RemotePort);
            Assert.Equal(expectedMss, c.SendMss);
            Assert.Equal(1, s.Tcp.Counters.SynCookiesAccepted);
        }

        [Fact]
        public void Cookie_ForgedOrAltered_Rejected_AnsweredWithReset()
        {
            var s = new Script(new TcpConfig { Connections = 4 });
            TcpListener l = s.Tcp.Listen(80, 1);
            s.Inject(80, 5, 0, S, srcPort: 1111);
            s.Inject(80, 100, 0, S);
            Captured sa = s.Take().Single(x => x.DestinationPort == PeerPort);
            // Another peer ISN, another port, a flipped bit in the cookie, a guessed one: all refused.
            s.Inject(80, 201, sa.Seq + 1, A);
            s.Inject(80, 101, sa.Seq + 1, A, srcPort: PeerPort + 1);
            s.Inject(80, 101, (sa.Seq ^ 0x10) + 1, A);
            s.Inject(80, 101, sa.Seq ^ 0x70000000, A);
            Assert.Equal(4, s.Tcp.Counters.SynCookiesRejected);
            Assert.All(s.Take(), x => Assert.Equal(R, x.Flags));
            Assert.Null(l.Accept());
        }

        [Fact]
        public void Cookie_ValidForOneToTwoPeriods_ThenExpires()
        {
            var s = new Script(new TcpConfig { Connections = 4 });
            s.Tcp.Listen(80, 1);
            s.Inject(80, 5, 0, S, srcPort: 1111);
            s.Take();
            s.NowMs = 10_000;
            s.Inject(80, 100, 0, S);
            s.Inject(80, 300, 0, S, srcPort: 2222);
            var sas = s.Take();
            Captured late = sas.Single(x => x.DestinationPort == PeerPort);
            Captured later = sas.Single(x => x.DestinationPort == 2222);
            // 100 s later: still in the next period, accepted.
            s.NowMs = 110_000;
            s.Inject(80, 101, late.Seq + 1, A);
            Assert.Equal(1, s.Tcp.Counters.SynCookiesAccepted);
            // 130 s later: two periods on, its secret is gone.
            s.NowMs = 140_000;
            s.Tcp.Listen(81, 1);
            s.Inject(80, 301, later.Seq + 1, A, srcPort: 2222);
            Assert.Equal(1, s.Tcp.Counters.SynCookiesRejected);
        }

        [Fact]
        public void Cookies_SecretRotatesEachPeriod_SameSynGetsAnotherCookie()
        {
            var cookies = new TcpSynCookies(new TestRandom(5));
            uint a = cookies.Make(0x0A000001, 80, 40000, 100, 1460, 1000);
            uint b = cookies.Make(0x0A000001, 80, 40000, 100, 1460, 2000);
            uint c = cookies.Make(0x0A000001, 80, 40000, 100, 1460, TcpSynCookies.PeriodMs + 1000);
            Assert.Equal(a, b);
            Assert.NotEqual(a & 0x0FFFFFFF, c & 0x0FFFFFFF);
            Assert.Equal(1460, cookies.Check(0x0A000001, 80, 40000, 100, c, TcpSynCookies.PeriodMs + 5000));
            Assert.Equal(1460, cookies.Check(0x0A000001, 80, 40000, 100, a, TcpSynCookies.PeriodMs + 5000));
            Assert.Equal(-1, cookies.Check(0x0A000001, 80, 40000, 101, a, TcpSynCookies.PeriodMs + 5000));
            Assert.Equal(-1, cookies.Check(0x0A000001, 80, 40000, 100, a, 2 * TcpSynCookies.PeriodMs + 5000));
        }

        [Fact]
        public void CookieAck_BacklogFullOfUnacceptedConnections_Deferred_ThenBuiltFromTheRetransmission()
        {
            var s = new Script(new TcpConfig { Connections = 4 });
            TcpListener l = s.Tcp.Listen(80, 1);
            s.Tcp.ForceNextIsn(2000);
            s.Inject(80, 5, 0, S, srcPort: 1111);
            s.Inject(80, 6, 2001, A, srcPort: 1111);
            s.Inject(80, 100, 0, S);
            Captured sa = s.Take().Single(x => x.DestinationPort == PeerPort);
            // The app has not accepted 1111 yet: the backlog is full of an established connection; the ACK is dropped, not reset.
            s.Inject(80, 101, sa.Seq + 1, A | P, data: new byte[] { 1, 2 });
            s.ExpectNothing();
            Assert.Equal(1, s.Tcp.Counters.SynCookieAcksDeferred);
            Assert.Equal(1111, l.Accept().RemotePort);
            // The peer retransmits its data: the cookie still checks out, the connection is built and takes the data.
            s.NowMs += 1000;
            s.Inject(80, 101, sa.Seq + 1, A | P, data: new byte[] { 1, 2 });
            TcpConnection c = l.Accept();
            Assert.NotNull(c);
            Assert.Equal(2, c.BytesAvailable);
            s.Advance(200);
            Assert.Equal(103u, s.TakeOne().Ack);
        }

        [Fact]
        public void TableFull_OrphanInFinWait2_ResetAndReclaimedForAProvenPeer()
        {
            var s = new Script(new TcpConfig { Connections = 2 });
            TcpConnection c = s.Accepted();
            TcpListener l = s.Tcp.GetListener(0);
            // The app closes; the peer acknowledges our FIN but never closes its side: an orphan in FIN_WAIT_2.
            c.Close();
            s.Advance(1);
            Captured fin = s.TakeOne();
            Assert.Equal(F | A, fin.Flags);
            s.Inject(80, 101, fin.Seq + 1, A);
            // A second client holds the other slot, accepted by the app.
            s.Tcp.ForceNextIsn(9000);
            s.Inject(80, 500, 0, S, srcPort: 40001);
            s.Inject(80, 501, 9001, A, srcPort: 40001);
            Assert.NotNull(l.Accept());
            s.Take();
            Assert.Equal(0, s.Tcp.FreeConnections);

            // A third: the table is full, so a cookie; its ACK takes the orphan's slot, and the orphan's peer gets a RST.
            s.Inject(80, 700, 0, S, srcPort: 40002);
            Captured sa = s.TakeOne();
            s.Inject(80, 701, sa.Seq + 1, A, srcPort: 40002);
            Captured rst = s.TakeOne();
            Assert.Equal(R, rst.Flags);
            Assert.Equal(PeerPort, rst.DestinationPort);
            Assert.Equal(fin.Seq + 1, rst.Seq);
            TcpConnection third = l.Accept();
            Assert.NotNull(third);
            Assert.Equal(40002, third.RemotePort);
            Assert.Equal(1, s.Tcp.Counters.OrphansReclaimed);
        }

        [Theory]
        [InlineData(S | F)]
        [InlineData(S | R)]
        [InlineData(S | F | P | 0x20)]
        [InlineData(S | R | A)]
        public void SynWithFinOrRst_Dropped_Counted_NeverAnswered(byte flags)
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 700, 0, flags, srcPort: 41000);   // a listener's port
            s.Inject(9, 700, 0, flags, srcPort: 41000);    // a closed port
            s.Inject(80, 101, 2001, flags);                // the open connection's 4-tuple
            s.ExpectNothing();
            Assert.Equal(3, s.Tcp.Counters.BadFlags);
            Assert.Equal(TcpState.Established, c.State);
            Assert.Equal(1, s.Tcp.Capacity - s.Tcp.FreeConnections);
        }

        [Fact]
        public void CookieConnections_ManyCycles_AllocateNothingAfterWarmUp()
        {
            var random = new TestRandom(13);
            var ab = new LossyPipe(0x0A000001, random);
            var ba = new LossyPipe(0x0A000002, random);
            var ta = new TcpLayer(new TcpConfig { Connections = 4, MslMs = 100, MinRtoMs = 200 }, ab, new TestRandom(1));
            var tb = new TcpLayer(new TcpConfig { Connections = 4, MslMs = 100 }, ba, new TestRandom(2));
            TcpListener l = tb.Listen(7, 1);
            var buf = new byte[8];
            long nowMs = 0;
            long warm = 0;
            for (int cycle = 0; cycle < 600; cycle++)
            {
                if (cycle == 100)
                {
                    warm = GC.GetAllocatedBytesForCurrentThread();
                }
                // Two at once against a backlog of one: the second is a cookie connection.
                TcpConnection c1 = ta.Connect(0x0A000002, 7, nowMs);
                TcpConnection c2 = ta.Connect(0x0A000002, 7, nowMs);
                TcpConnection s1 = null, s2 = null;
                bool sent1 = false, sent2 = false;
                for (int step = 0; step < 400 && (s1 == null || s2 == null || s1.BytesAvailable == 0 || s2.BytesAvailable == 0); step++)
                {
                    nowMs += 5;
                    ab.NowMs = nowMs; ba.NowMs = nowMs;
                    ab.Deliver(tb, 0x0A000001, nowMs);
                    ba.Deliver(ta, 0x0A000002, nowMs);
                    ta.Poll(nowMs); tb.Poll(nowMs);
                    // Each client speaks first: a deferred cookie ACK is followed by its data, which the cookie also proves.
                    if (!sent1 && c1.State == TcpState.Established) { sent1 = c1.Send(buf, 0, 1) == 1; }
                    if (!sent2 && c2.State == TcpState.Established) { sent2 = c2.Send(buf, 0, 1) == 1; }
                    TcpConnection a = l.Accept();
                    if (a != null) { if (s1 == null) s1 = a; else s2 = a; }
                }
                if (s1 == null || s2 == null || s1.BytesAvailable != 1 || s2.BytesAvailable != 1)
                {
                    Assert.Fail("cycle " + cycle + ": " + tb.Counters.Describe());
                }
                c1.Abort(); c2.Abort(); s1.Abort(); s2.Abort();
                nowMs += 5;
                ab.Deliver(tb, 0x0A000001, nowMs);
                ba.Deliver(ta, 0x0A000002, nowMs);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - warm;
            Assert.True(tb.Counters.SynCookiesAccepted >= 600, tb.Counters.Describe());
            Assert.Equal(0, allocated);
        }
    }
}
