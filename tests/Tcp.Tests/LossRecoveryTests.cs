using System;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    /// <summary>
    /// Loss recovery in small windows, scripted: duplicate ACK counting (RFC 5681 §2), limited transmit (RFC 3042),
    /// early retransmit (RFC 5827), the tail loss probe (RFC 8985 §7) and the configurable minimum RTO (RFC 6298 §2.4).
    /// Our ISN is 2000 (data from 2001), the peer's 100 (its next byte 101).
    /// </summary>
    public class LossRecoveryTests
    {
        private static byte[] Bytes(int n)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) { b[i] = (byte)i; }
            return b;
        }

        /// <summary>A passive open whose handshake took <paramref name="rttMs"/> (the RTT sample: SRTT = rttMs).</summary>
        private static TcpConnection AcceptedWithRtt(Script s, long rttMs, int peerMss, int peerWindow = 8192)
        {
            TcpListener l = s.Tcp.Listen(80, 4);
            s.Tcp.ForceNextIsn(2000);
            s.Inject(80, 100, 0, S, peerWindow, MssOption(peerMss));
            s.TakeOne();
            s.Advance(rttMs);
            s.Inject(80, 101, 2001, A, peerWindow);
            TcpConnection c = l.Accept();
            Assert.Equal(TcpState.Established, c.State);
            Assert.Equal((int)rttMs, c.SrttMs);
            return c;
        }

        [Fact]
        public void DuplicateAck_OnlyAPureAckOfSndUnaWithTheSameWindowAndDataOutstanding()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 8192, EarlyRetransmit = false, LimitedTransmit = false });
            TcpConnection c = s.Accepted(peerMss: 500, peerWindow: 8192);
            // Nothing outstanding: an ACK of SND.UNA is no duplicate (RFC 5681 §2 (b)).
            s.Inject(80, 101, 2001, A);
            Assert.Equal(0, s.Tcp.Counters.DuplicateAcks);
            c.Send(Bytes(1000), 0, 1000);
            s.Advance(0);
            Assert.Equal(2, s.Take().Count);
            // (c) carrying data, (e) a window update: not duplicates.
            s.Inject(80, 101, 2001, A, data: Bytes(10));
            s.Inject(80, 111, 2001, A, window: 9000);
            Assert.Equal(0, s.Tcp.Counters.DuplicateAcks);
            s.Take();
            s.Inject(80, 111, 2001, A, window: 9000);
            s.Inject(80, 111, 2001, A, window: 9000);
            Assert.Equal(2, s.Tcp.Counters.DuplicateAcks);
            // A new ACK resets the count: the third duplicate overall is only the first of the new run.
            s.Inject(80, 111, 2501, A, window: 9000);
            s.Inject(80, 111, 2501, A, window: 9000);
            Assert.Equal(3, s.Tcp.Counters.DuplicateAcks);
            Assert.Equal(0, s.Tcp.Counters.FastRetransmits);
        }

        [Fact]
        public void LimitedTransmit_FirstAndSecondDuplicateAck_EachSendOneNewSegment_ThirdRetransmits()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 8192 });
            TcpConnection c = s.Accepted(peerMss: 500, peerWindow: 8192);
            c.Send(Bytes(3000), 0, 3000);
            s.Advance(0);
            // IW = 2000 (RFC 5681 §3.1 with SMSS 500): four segments, 1000 bytes wait for the congestion window.
            Assert.Equal(4, s.Take().Count);
            int cwnd = c.CongestionWindowBytes;
            s.NowMs = 10;
            s.Inject(80, 101, 2001, A);
            Captured first = s.TakeOne();
            Assert.Equal(4001u, first.Seq);
            Assert.Equal(500, first.DataLength);
            s.Inject(80, 101, 2001, A);
            Captured second = s.TakeOne();
            Assert.Equal(4501u, second.Seq);
            Assert.Equal(500, second.DataLength);
            Assert.Equal(2, s.Tcp.Counters.LimitedTransmits);
            // The congestion window did not grow: nothing more goes until the third duplicate, the fast retransmit.
            Assert.Equal(cwnd, c.CongestionWindowBytes);
            s.Inject(80, 101, 2001, A);
            Captured re = s.TakeOne();
            Assert.Equal(2001u, re.Seq);
            Assert.Equal(1, s.Tcp.Counters.FastRetransmits);
            Assert.Equal(0, s.Tcp.Counters.EarlyRetransmits);
            s.Inject(80, 101, 5001, A);
            Assert.Equal(0, c.SendQueueBytes);
        }

        [Fact]
        public void LimitedTransmit_Off_DuplicatesSendNothing()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 8192, LimitedTransmit = false });
            TcpConnection c = s.Accepted(peerMss: 500, peerWindow: 8192);
            c.Send(Bytes(3000), 0, 3000);
            s.Advance(0);
            Assert.Equal(4, s.Take().Count);
            s.Inject(80, 101, 2001, A);
            s.Inject(80, 101, 2001, A);
            s.ExpectNothing();
            Assert.Equal(0, s.Tcp.Counters.LimitedTransmits);
        }

        [Fact]
        public void LimitedTransmit_NotBeyondThePeersWindow()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 8192 });
            TcpConnection c = s.Accepted(peerMss: 500, peerWindow: 2000);
            c.Send(Bytes(3000), 0, 3000);
            s.Advance(0);
            Assert.Equal(4, s.Take().Count);
            // The window is full: with four segments out the threshold stays 3, and nothing new may go.
            s.Inject(80, 101, 2001, A, window: 2000);
            s.Inject(80, 101, 2001, A, window: 2000);
            s.ExpectNothing();
            s.Inject(80, 101, 2001, A, window: 2000);
            Assert.Equal(2001u, s.TakeOne().Seq);
        }

        [Fact]
        public void EarlyRetransmit_TwoSegmentsOutstanding_OneDuplicateAckRetransmits()
        {
            var s = new Script();
            TcpConnection c = s.Accepted(peerMss: 1000, peerWindow: 8192);
            c.Send(Bytes(2000), 0, 2000);
            s.Advance(0);
            Assert.Equal(2, s.Take().Count);
            s.NowMs = 5;
            // RFC 5827 §3.1: two segments outstanding, nothing new to send: the threshold is 2 − 1 = 1.
            s.Inject(80, 101, 2001, A);
            Captured re = s.TakeOne();
            Assert.Equal(2001u, re.Seq);
            Assert.Equal(1000, re.DataLength);
            Assert.Equal(1, s.Tcp.Counters.FastRetransmits);
            Assert.Equal(1, s.Tcp.Counters.EarlyRetransmits);
            Assert.Equal(0, s.Tcp.Counters.Timeouts);
            Assert.Equal(1, s.Tcp.Counters.Retransmitted);
            s.Inject(80, 101, 4001, A);
            Assert.Equal(0, c.SendQueueBytes);
        }

        [Fact]
        public void EarlyRetransmit_ThreeSegmentsOutstanding_TwoDuplicateAcks()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 4096 });
            TcpConnection c = s.Accepted(peerMss: 1000, peerWindow: 8192);
            c.Send(Bytes(3000), 0, 3000);
            s.Advance(0);
            Assert.Equal(3, s.Take().Count);
            s.Inject(80, 101, 2001, A);
            s.ExpectNothing();
            s.Inject(80, 101, 2001, A);
            Assert.Equal(2001u, s.TakeOne().Seq);
            Assert.Equal(1, s.Tcp.Counters.EarlyRetransmits);
        }

        [Fact]
        public void EarlyRetransmit_WhenThePeersWindowHoldsBackNewData()
        {
            var s = new Script(new TcpConfig { SendBufferBytes = 4096 });
            TcpConnection c = s.Accepted(peerMss: 1000, peerWindow: 2000);
            c.Send(Bytes(3000), 0, 3000);
            s.Advance(0);
            Assert.Equal(2, s.Take().Count);
            // 1000 bytes wait, but the window takes none: limited transmit cannot help, early retransmit does.
            s.Inject(80, 101, 2001, A, window: 2000);
            Assert.Equal(2001u, s.TakeOne().Seq);
            Assert.Equal(1, s.Tcp.Counters.EarlyRetransmits);
            Assert.Equal(0, s.Tcp.Counters.LimitedTransmits);
        }

        [Fact]
        public void EarlyRetransmit_NotWithOneSegmentOutstanding_NorWhenOff()
        {
            var s = new Script();
            TcpConnection c = s.Accepted(peerMss: 1000, peerWindow: 8192);
            c.Send(Bytes(800), 0, 800);
            s.Advance(0);
            s.TakeOne();
            s.Inject(80, 101, 2001, A);
            s.Inject(80, 101, 2001, A);
            s.ExpectNothing();
            Assert.Equal(0, s.Tcp.Counters.FastRetransmits);

            var off = new Script(new TcpConfig { EarlyRetransmit = false });
            TcpConnection d = off.Accepted(peerMss: 1000, peerWindow: 8192);
            d.Send(Bytes(2000), 0, 2000);
            off.Advance(0);
            Assert.Equal(2, off.Take().Count);
            off.Inject(80, 101, 2001, A);
            off.Inject(80, 101, 2001, A);
            off.ExpectNothing();
            Assert.Equal(0, off.Tcp.Counters.FastRetransmits);
        }

        [Fact]
        public void MinimumRto_Default200Ms_ConfigurableUpTo1s()
        {
            Assert.Equal(200, new TcpConfig().MinRtoMs);
            Assert.Equal(1000, new TcpConfig().InitialRtoMs);
            foreach (int minRto in new[] { 200, 1000 })
            {
                // The handshake's RTT sample is 0 ms: SRTT + 4·RTTVAR is far below the bound, so the bound is the RTO.
                var s = new Script(new TcpConfig { MinRtoMs = minRto, TailLossProbe = false });
                TcpConnection c = s.Accepted(peerMss: 1000);
                Assert.Equal(minRto, c.RtoMs);
                c.Send(Bytes(100), 0, 100);
                s.Advance(0);
                s.TakeOne();
                s.Advance(minRto - 1);
                s.ExpectNothing();
                s.Advance(1);
                Captured re = s.TakeOne();
                Assert.Equal(minRto, re.AtMs);
                Assert.Equal(2001u, re.Seq);
                // RFC 6298 §5.5: backed off, 2·bound next.
                s.Advance(2 * minRto);
                Assert.Equal(3 * minRto, s.TakeOne().AtMs);
            }
            Assert.Throws<ArgumentException>(() => new TcpConfig { MinRtoMs = 0 }.Validate());
        }

        [Fact]
        public void TailLossProbe_LastSegmentAgainAfterTwoSrtt_ItsDuplicateAckStartsEarlyRetransmit()
        {
            var s = new Script();
            TcpConnection c = AcceptedWithRtt(s, 10, peerMss: 1000);
            c.Send(Bytes(2000), 0, 2000);
            s.Advance(0);
            Assert.Equal(2, s.Take().Count);
            // Both segments and every ACK lost: PTO = 2·SRTT = 20 ms, well before the 200 ms RTO.
            s.Advance(19);
            s.ExpectNothing();
            s.Advance(1);
            Captured probe = s.TakeOne();
            Assert.Equal(3001u, probe.Seq);
            Assert.Equal(1000, probe.DataLength);
            Assert.Equal(1, s.Tcp.Counters.TailLossProbes);
            // One probe per episode: nothing more until the RTO (200 ms after the probe).
            s.Advance(150);
            s.ExpectNothing();
            // The probe arrived, the first segment is missing: its duplicate ACK retransmits it at once.
            s.Inject(80, 101, 2001, A);
            Assert.Equal(2001u, s.TakeOne().Seq);
            Assert.Equal(1, s.Tcp.Counters.EarlyRetransmits);
            s.Inject(80, 101, 4001, A);
            Assert.Equal(0, c.SendQueueBytes);
            Assert.Equal(0, s.Tcp.Counters.Timeouts);
        }

        [Fact]
        public void TailLossProbe_FinCarriedAgain_AndAnAckOfEverythingEndsIt()
        {
            var s = new Script();
            TcpConnection c = AcceptedWithRtt(s, 10, peerMss: 1000);
            c.Send(Bytes(1500), 0, 1500);
            c.Shutdown();
            s.Advance(0);
            var sent = s.Take();
            Assert.Equal(2, sent.Count);
            Assert.True((sent[1].Flags & F) != 0);
            s.Advance(20);
            Captured probe = s.TakeOne();
            // We keep no record of segment boundaries: the probe is the last SMSS of the flight (it covers the last segment).
            Assert.Equal(2501u, probe.Seq);
            Assert.Equal(1000, probe.DataLength);
            Assert.True((probe.Flags & F) != 0, "the probe carries the FIN again");
            s.Inject(80, 101, 3502, A);
            Assert.Equal(TcpState.FinWait2, c.State);
            s.Advance(1000);
            s.ExpectNothing();
        }

        [Fact]
        public void TailLossProbe_OneSegmentInFlight_WaitsForTheDelayedAck_SoTheRtoComesFirst()
        {
            var s = new Script();
            TcpConnection c = AcceptedWithRtt(s, 10, peerMss: 1000);
            c.Send(Bytes(500), 0, 500);
            s.Advance(0);
            s.TakeOne();
            // PTO = 2·10 + 200 (RFC 8985 §7.2, WCDelAckT) > RTO 200: the RTO retransmits, no probe.
            s.Advance(200);
            Captured re = s.TakeOne();
            Assert.Equal(200, re.AtMs - 10);
            Assert.Equal(0, s.Tcp.Counters.TailLossProbes);
            Assert.Equal(1, s.Tcp.Counters.Timeouts);
        }

        [Fact]
        public void TailLossProbe_Off_TheRtoRecovers()
        {
            var s = new Script(new TcpConfig { TailLossProbe = false });
            TcpConnection c = AcceptedWithRtt(s, 10, peerMss: 1000);
            c.Send(Bytes(2000), 0, 2000);
            s.Advance(0);
            Assert.Equal(2, s.Take().Count);
            s.Advance(199);
            s.ExpectNothing();
            s.Advance(1);
            Assert.Equal(2001u, s.TakeOne().Seq);
            Assert.Equal(1, s.Tcp.Counters.Timeouts);
        }
    }
}
