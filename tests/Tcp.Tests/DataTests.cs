using System;
using Firmware.Net.Transport;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    public class DataTests
    {
        private static byte[] Bytes(int n, int start = 0)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) { b[i] = (byte)(start + i); }
            return b;
        }

        [Fact]
        public void HundredBytes_MoveTheAckBy100_AfterTheDelayedAck()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, A | P, data: Bytes(100));
            s.ExpectNothing();
            Assert.Equal(100, c.BytesAvailable);
            s.Advance(199);
            s.ExpectNothing();
            s.Advance(1);
            Captured ack = s.TakeOne();
            Assert.Equal(A, ack.Flags);
            Assert.Equal(2001u, ack.Seq);
            Assert.Equal(201u, ack.Ack);
            Assert.Equal(200, ack.AtMs);
            Assert.Equal(new TcpConfig().ReceiveBufferBytes - 100, ack.Window);
            var got = new byte[200];
            Assert.Equal(100, c.Receive(got, 0, 200));
            Assert.Equal(Bytes(100), got.AsSpan(0, 100).ToArray());
        }

        [Fact]
        public void TwoFullSegments_AckedAtOnce()
        {
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 8192 });
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, A, data: Bytes(1460));
            s.ExpectNothing();
            s.Inject(80, 1561, 2001, A, data: Bytes(1460));
            Captured ack = s.TakeOne();
            Assert.Equal(101u + 2920, ack.Ack);
        }

        [Fact]
        public void Send_PshOnLastSegment_AckedDataLeavesTheRing()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            Assert.Equal(100, c.Send(Bytes(100), 0, 100));
            s.Advance(0);
            Captured d = s.TakeOne();
            Assert.Equal(A | P, d.Flags);
            Assert.Equal(2001u, d.Seq);
            Assert.Equal(101u, d.Ack);
            Assert.Equal(Bytes(100), d.Data);
            Assert.Equal(100, c.SendQueueBytes);
            s.NowMs = 50;
            s.Inject(80, 101, 2101, A);
            Assert.Equal(0, c.SendQueueBytes);
            // RFC 6298 §2.3: the handshake gave a first sample of 0 ms; 7/8*0 + 1/8*50 = 6.
            Assert.Equal(6, c.SrttMs);
            // 6 + 4*RTTVAR(12) = 54, clamped to the minimum (TcpConfig.MinRtoMs, 200 ms by default).
            Assert.Equal(200, c.RtoMs);
        }

        [Fact]
        public void Nagle_HoldsASecondSmallWrite_NoDelaySendsIt()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            c.Send(Bytes(10), 0, 10);
            s.Advance(0);
            Assert.Single(s.Take());
            c.Send(Bytes(10), 0, 10);
            s.Advance(0);
            s.ExpectNothing();
            c.NoDelay = true;
            s.Advance(0);
            Assert.Equal(10, s.TakeOne().DataLength);
        }

        [Fact]
        public void SegmentsSizedByPeerMss_NagleHoldsTheTail()
        {
            var s = new Script();
            TcpConnection c = s.Accepted(peerMss: 500);
            c.Send(Bytes(1200), 0, 1200);
            s.Advance(0);
            var l = s.Take();
            Assert.Equal(2, l.Count);
            Assert.Equal(500, l[0].DataLength);
            Assert.Equal(500, l[1].DataLength);
            Assert.Equal(A, l[0].Flags);
            // Nagle holds the 200-byte tail until the flight is acknowledged; it carries the PSH.
            s.Inject(80, 101, 3001, A);
            Captured tail = s.TakeOne();
            Assert.Equal(200, tail.DataLength);
            Assert.Equal(A | P, tail.Flags);
        }

        [Fact]
        public void OutOfOrder_ImmediateDupAck_ThenDeliveredInOrderWhenTheGapFills()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 201, 2001, A, data: Bytes(100, 100));
            Captured dup = s.TakeOne();
            Assert.Equal(101u, dup.Ack);
            Assert.Equal(0, c.BytesAvailable);
            Assert.Equal(1, s.Tcp.Counters.OutOfOrder);
            s.Inject(80, 401, 2001, A, data: Bytes(100, 44));
            Assert.Equal(101u, s.TakeOne().Ack);
            s.Inject(80, 101, 2001, A, data: Bytes(100, 0));
            Assert.Equal(301u, s.TakeOne().Ack);
            Assert.Equal(200, c.BytesAvailable);
            s.Inject(80, 301, 2001, A, data: Bytes(100, 200));
            Assert.Equal(501u, s.TakeOne().Ack);
            var got = new byte[400];
            Assert.Equal(400, c.Receive(got, 0, 400));
            Assert.Equal(Bytes(400), got);
        }

        [Fact]
        public void Duplicate_AckedAtOnceAndDropped()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, A, data: Bytes(100));
            s.Inject(80, 101, 2001, A, data: Bytes(100));
            Captured ack = s.TakeOne();
            Assert.Equal(201u, ack.Ack);
            Assert.Equal(100, c.BytesAvailable);
        }

        [Fact]
        public void RetransmissionTimeout_BacksOff1s2s4s()
        {
            // RFC 6298's own 1 s minimum (the default is 200 ms, like Linux: LossRecoveryTests), no tail loss probe.
            var s = new Script(new TcpConfig { MinRtoMs = 1000, TailLossProbe = false });
            TcpConnection c = s.Accepted();
            c.Send(Bytes(100), 0, 100);
            s.Advance(0);
            s.TakeOne();
            s.Advance(7500);
            var l = s.Take();
            Assert.Equal(3, l.Count);
            Assert.Equal(1000, l[0].AtMs);
            Assert.Equal(3000, l[1].AtMs);
            Assert.Equal(7000, l[2].AtMs);
            foreach (var x in l) { Assert.Equal(2001u, x.Seq); Assert.Equal(100, x.DataLength); }
            Assert.Equal(3, s.Tcp.Counters.Retransmitted);
        }

        [Fact]
        public void TooManyRetransmissions_TimedOut()
        {
            var s = new Script(new TcpConfig { MaxRetransmissions = 3, MaxRtoMs = 4000 });
            TcpConnection c = s.Accepted();
            c.Send(Bytes(100), 0, 100);
            s.Advance(100000);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(TcpError.TimedOut, c.Error);
            Assert.Equal(4, s.Take().Count);
        }

        [Fact]
        public void FastRetransmit_AfterThreeDuplicateAcks_NewRenoRecovers()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 8192 });
            TcpConnection c = s.Accepted(peerMss: 500, peerWindow: 8192);
            c.Send(Bytes(2000), 0, 2000);
            s.Advance(0);
            var l = s.Take();
            // RFC 5681 §3.1: IW = min(4*500, max(2*500, 4380)) = 2000: four segments.
            Assert.Equal(4, l.Count);
            s.NowMs = 10;
            s.Inject(80, 101, 2001, A);
            s.Inject(80, 101, 2001, A);
            s.ExpectNothing();
            s.Inject(80, 101, 2001, A);
            Captured re = s.TakeOne();
            Assert.Equal(2001u, re.Seq);
            Assert.Equal(500, re.DataLength);
            Assert.Equal(1, s.Tcp.Counters.FastRetransmits);
            Assert.Equal(3, s.Tcp.Counters.DuplicateAcks);
            // Partial ACK (RFC 6582): the next hole goes at once.
            s.Inject(80, 101, 2501, A);
            Captured next = s.Take().Find(x => x.Seq == 2501);
            Assert.NotNull(next);
            s.Inject(80, 101, 4001, A);
            Assert.Equal(0, c.SendQueueBytes);
        }

        [Fact]
        public void ZeroWindow_PersistProbesBackOff_ThenDataFlowsWhenItOpens()
        {
            // The persist interval starts at the RTO: RFC 6298's 1 s minimum keeps the figures round.
            var s = new Script(new TcpConfig { MinRtoMs = 1000 });
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, A, window: 0);
            c.Send(Bytes(100), 0, 100);
            s.Advance(0);
            s.ExpectNothing();
            s.Advance(3500);
            var probes = s.Take();
            Assert.Equal(2, probes.Count);
            Assert.Equal(1000, probes[0].AtMs);
            Assert.Equal(3000, probes[1].AtMs);
            Assert.Equal(1, probes[0].DataLength);
            Assert.Equal(2001u, probes[0].Seq);
            Assert.Equal(2, s.Tcp.Counters.WindowProbes);
            // The window opens without the probe byte accepted: everything goes.
            s.Inject(80, 101, 2001, A, window: 4096);
            s.Advance(0);
            var d = s.Take();
            Assert.Single(d);
            Assert.Equal(100, d[0].DataLength);
            Assert.Equal(2001u, d[0].Seq);
            Assert.Equal(TcpState.Established, c.State);
        }

        [Fact]
        public void ReceiveWindow_ClosesWhenTheRingIsFull_UpdateSentWhenTheAppReads()
        {
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 2048 });
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, A, data: Bytes(1024));
            s.Inject(80, 1125, 2001, A, data: Bytes(1024));
            Captured ack = s.TakeOne();
            Assert.Equal(0, ack.Window);
            // Beyond the window: not acceptable, ACKed.
            s.Inject(80, 2149, 2001, A, data: Bytes(10));
            Assert.Equal(2149u, s.TakeOne().Ack);
            var buf = new byte[2048];
            // Receiver SWS avoidance: 100 bytes free is not worth a window update.
            c.Receive(buf, 0, 100);
            s.Advance(0);
            s.ExpectNothing();
            c.Receive(buf, 0, 2000);
            s.Advance(0);
            Captured upd = s.TakeOne();
            Assert.Equal(2048, upd.Window);
        }

        [Fact]
        public void AppReadsEachSegment_WindowStillWide_NoUpdateOfItsOwn_OneAckPerTwoSegments()
        {
            // The app reads each full segment as it lands. The window the peer holds stays at two segments or more, so
            // the opened window waits for the ACK the second segment draws: one ACK per two segments, not one each.
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 4380 });
            TcpConnection c = s.Accepted();
            var buf = new byte[1460];
            s.Inject(80, 101, 2001, A, data: Bytes(1460));
            Assert.Equal(1460, c.Receive(buf, 0, buf.Length));
            s.Advance(0);
            s.ExpectNothing();
            s.Inject(80, 1561, 2001, A, data: Bytes(1460));
            Assert.Equal(1460, c.Receive(buf, 0, buf.Length));
            s.Advance(0);
            Captured ack = s.TakeOne();
            Assert.Equal(101u + 2920, ack.Ack);
            Assert.Equal(4380 - 1460, ack.Window);  // sent as the second segment landed, before the read
            s.ExpectNothing();
        }

        [Fact]
        public void AppReadsASegment_WindowLeftTooSmallToSendInto_UpdateAtOnce()
        {
            // 2048-byte ring: after one full segment the peer holds 588 bytes of window, under min(RCV.BUFF/2, MSS) =
            // 1024, so it would wait (sender SWS avoidance); the read must tell it at once.
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 2048 });
            TcpConnection c = s.Accepted();
            var buf = new byte[1460];
            s.Inject(80, 101, 2001, A, data: Bytes(1460));
            s.ExpectNothing();
            Assert.Equal(1460, c.Receive(buf, 0, buf.Length));
            s.Advance(0);
            Captured update = s.TakeOne();
            Assert.Equal(101u + 1460, update.Ack);
            Assert.Equal(2048, update.Window);
        }

        [Fact]
        public void ZeroReceiveWindow_AckBeyondTheRefusedProbe_StillAcknowledgesOurData()
        {
            // RFC 9293 §3.10.7.4: with RCV.WND zero, valid ACKs are accepted from segments that are not. The peer probed
            // our closed window with one byte (refused), so its next pure ACK carries SEQ = RCV.NXT + 1.
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 2048 });
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, A, data: Bytes(1024));
            s.Inject(80, 1125, 2001, A, data: Bytes(1024));
            Assert.Equal(0, s.TakeOne().Window);
            Assert.Equal(500, c.Send(Bytes(500), 0, 500));
            s.Advance(0);
            Captured data = s.TakeOne();
            Assert.Equal(2001u, data.Seq);
            Assert.Equal(500, data.DataLength);

            s.Inject(80, 2149, 2001, A, data: Bytes(1));
            Captured refused = s.TakeOne();
            Assert.Equal(2149u, refused.Ack);
            Assert.Equal(0, refused.Window);

            s.Inject(80, 2150, 2501, A);
            Assert.Equal(0, c.SendQueueBytes);
            Assert.Equal(2501u, c.SendUnacknowledged);
            Assert.Equal(2149u, s.TakeOne().Ack);

            // The window still updates from the peer's next in-window segment (numbered below the one just processed).
            s.Inject(80, 2149, 2501, A, window: 4000);
            Assert.Equal(4000, c.SendWindowBytes);
        }

        [Fact]
        public void SequenceWrap_DataBothWaysAcrossTwoToThe32()
        {
            var s = new Script(new TcpConfig { ReceiveBufferBytes = 4096, SendBufferBytes = 4096 });
            uint cIsn = 0xFFFFFF00, sIsn = 0xFFFFFFF0;
            TcpConnection c = s.Accepted(serverIsn: sIsn, clientIsn: cIsn);
            uint peerSeq = cIsn + 1;
            var all = new byte[3000];
            int got = 0;
            for (int i = 0; i < 3; i++)
            {
                s.Inject(80, peerSeq, sIsn + 1, A, data: Bytes(1000, i * 1000));
                peerSeq += 1000;
                got += c.Receive(all, got, 3000 - got);
            }
            Assert.Equal(3000, got);
            Assert.Equal(Bytes(3000), all);
            Assert.Equal(cIsn + 3001, c.ReceiveNext);
            c.Send(Bytes(1000), 0, 1000);
            s.Advance(0);
            var l = s.Take();
            Assert.Equal(sIsn + 1, l[0].Seq);
            s.Inject(80, peerSeq, sIsn + 1001, A);
            Assert.Equal(0, c.SendQueueBytes);
            Assert.Equal(sIsn + 1001, c.SendUnacknowledged);
            Assert.True(c.SendUnacknowledged < 1000);
        }
    }
}
