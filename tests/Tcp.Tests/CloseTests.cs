using Firmware.Net.Transport;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    public class CloseTests
    {
        [Fact]
        public void ActiveClose_FinWait1_FinWait2_TimeWait_ThenExpiry()
        {
            var s = new Script(new TcpConfig { MslMs = 1000 });
            TcpConnection c = s.Accepted();
            c.Shutdown();
            Assert.Equal(TcpState.FinWait1, c.State);
            s.Advance(0);
            Captured fin = s.TakeOne();
            Assert.Equal(F | A, fin.Flags);
            Assert.Equal(2001u, fin.Seq);
            s.Inject(80, 101, 2002, A);
            Assert.Equal(TcpState.FinWait2, c.State);
            s.ExpectNothing();
            // A FIN consumes one sequence number.
            s.Inject(80, 101, 2002, F | A);
            Captured ack = s.TakeOne();
            Assert.Equal(A, ack.Flags);
            Assert.Equal(2002u, ack.Seq);
            Assert.Equal(102u, ack.Ack);
            // TIME_WAIT lives in the table; the connection's state reads Closed and the app still owns it.
            Assert.Equal(1, s.Tcp.TimeWait.Count);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.True(c.IsReceiveClosed);
            c.Close();
            Assert.Equal(s.Tcp.Capacity, s.Tcp.FreeConnections);
            // A retransmitted FIN is ACKed again from the table.
            s.Inject(80, 101, 2002, F | A);
            Assert.Equal(102u, s.TakeOne().Ack);
            s.Advance(1999);
            Assert.Equal(1, s.Tcp.TimeWait.Count);
            s.Advance(1);
            Assert.Equal(0, s.Tcp.TimeWait.Count);
            // After expiry the 4-tuple is a closed port again.
            s.Inject(80, 101, 2002, A);
            Assert.Equal(R, s.TakeOne().Flags);
        }

        [Fact]
        public void PassiveClose_CloseWait_LastAck_Closed()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, F | A);
            Assert.Equal(TcpState.CloseWait, c.State);
            Assert.Equal(102u, s.TakeOne().Ack);
            Assert.True(c.IsReceiveClosed);
            c.Close();
            Assert.Equal(TcpState.LastAck, c.State);
            s.Advance(0);
            Captured fin = s.TakeOne();
            Assert.Equal(F | A, fin.Flags);
            Assert.Equal(2001u, fin.Seq);
            s.Inject(80, 102, 2002, A);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(s.Tcp.Capacity, s.Tcp.FreeConnections);
            Assert.Equal(0, s.Tcp.TimeWait.Count);
        }

        [Fact]
        public void RstInLastAck_ClosesWithoutError()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, F | A);
            c.Shutdown();
            s.Advance(0);
            s.Take();
            Assert.Equal(TcpState.LastAck, c.State);
            s.Inject(80, 102, 0, R);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(TcpError.None, c.Error);
        }

        [Fact]
        public void SimultaneousClose_FinsCross_ClosingThenTimeWait()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            c.Shutdown();
            s.Advance(0);
            Assert.Equal(F | A, s.TakeOne().Flags);
            // The peer's FIN does not acknowledge ours.
            s.Inject(80, 101, 2001, F | A);
            Assert.Equal(TcpState.Closing, c.State);
            Captured ack = s.TakeOne();
            Assert.Equal(102u, ack.Ack);
            s.Inject(80, 102, 2002, A);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(1, s.Tcp.TimeWait.Count);
        }

        [Fact]
        public void FinWait2_OrphanTimesOut()
        {
            var s = new Script(new TcpConfig { FinWait2TimeoutMs = 5000 });
            TcpConnection c = s.Accepted();
            c.Close();
            s.Advance(0);
            s.TakeOne();
            s.Inject(80, 101, 2002, A);
            Assert.Equal(TcpState.FinWait2, c.State);
            s.Advance(4999);
            Assert.Equal(TcpState.FinWait2, c.State);
            s.Advance(1);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(s.Tcp.Capacity, s.Tcp.FreeConnections);
        }

        [Fact]
        public void FinWithData_DataDeliveredThenCloseWait()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            s.Inject(80, 101, 2001, F | A | P, data: new byte[] { 1, 2, 3 });
            Assert.Equal(105u, s.TakeOne().Ack);
            Assert.Equal(TcpState.CloseWait, c.State);
            Assert.False(c.IsReceiveClosed);
            c.Receive(new byte[3], 0, 3);
            Assert.True(c.IsReceiveClosed);
        }

        [Fact]
        public void Abort_SendsRst_FreesTheSlot()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            c.Abort();
            Captured r = s.TakeOne();
            Assert.Equal(R, r.Flags);
            Assert.Equal(2001u, r.Seq);
            Assert.Equal(s.Tcp.Capacity, s.Tcp.FreeConnections);
        }

        [Fact]
        public void TimeWait_NewSynWithHigherSeq_ReusesTheEntry()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            c.Close();
            s.Advance(0);
            s.Take();
            s.Inject(80, 101, 2002, F | A);
            s.Take();
            Assert.Equal(1, s.Tcp.TimeWait.Count);
            // A lower ISN is not a new incarnation: ACKed from the table.
            s.Inject(80, 50, 0, S);
            Assert.Equal(A, s.TakeOne().Flags);
            s.Inject(80, 90000, 0, S, 8192, MssOption(1460));
            Captured synAck = s.TakeOne();
            Assert.Equal(S | A, synAck.Flags);
            Assert.Equal(90001u, synAck.Ack);
            Assert.Equal(1, s.Tcp.Counters.TimeWaitReused);
            Assert.Equal(0, s.Tcp.TimeWait.Count);
        }

        [Fact]
        public void TimeWaitTableFull_OldestEvicted()
        {
            var s = new Script(new TcpConfig { TimeWaitEntries = 2 });
            TcpListener l = s.Tcp.Listen(80, 4);
            for (int i = 0; i < 3; i++)
            {
                ushort port = (ushort)(41000 + i);
                s.NowMs += 10;
                s.Inject(80, 100, 0, S, srcPort: port);
                uint isn = s.TakeOne().Seq;
                s.Inject(80, 101, isn + 1, A, srcPort: port);
                TcpConnection c = l.Accept();
                c.Close();
                s.Advance(0);
                s.Take();
                s.Inject(80, 101, isn + 2, F | A, srcPort: port);
                s.Take();
            }
            Assert.Equal(2, s.Tcp.TimeWait.Count);
            Assert.Equal(1, s.Tcp.Counters.TimeWaitEvicted);
            Assert.Equal(-1, s.Tcp.TimeWait.Find(80, Peer, 41000));
        }
    }
}
