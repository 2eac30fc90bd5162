using System;
using Firmware.Net.Transport;
using Xunit;

namespace Tcp.Tests
{
    /// <summary>Allocation stays flat after warm-up; thousands of open/close cycles leave every slot free.</summary>
    public class SteadyStateTests
    {
        private const uint A = 0x0A000001;
        private const uint B = 0x0A000002;

        private static void Step(LossyPipe ab, LossyPipe ba, TcpLayer ta, TcpLayer tb, ref long nowMs)
        {
            ab.NowMs = nowMs;
            ba.NowMs = nowMs;
            ab.Deliver(tb, A, nowMs);
            ba.Deliver(ta, B, nowMs);
            ta.Poll(nowMs);
            tb.Poll(nowMs);
            long next = Math.Min(Math.Min(ab.NextDueMs, ba.NextDueMs), Math.Min(ta.NextDeadlineMs, tb.NextDeadlineMs));
            nowMs = next <= nowMs ? nowMs + 1 : Math.Min(next, nowMs + 1000);
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(0.05)]
        public void SteadyTransfer_AllocatesNothingAfterWarmUp(double loss)
        {
            var random = new TestRandom(7);
            var ab = new LossyPipe(A, random) { Loss = loss, Reorder = loss, Duplicate = loss / 2 };
            var ba = new LossyPipe(B, random) { Loss = loss, Reorder = loss, Duplicate = loss / 2 };
            var cfg = new TcpConfig { MinRtoMs = 200 };
            var ta = new TcpLayer(cfg, ab, new TestRandom(1));
            var tb = new TcpLayer(cfg, ba, new TestRandom(2));
            TcpListener l = tb.Listen(9, 2);
            TcpConnection ca = ta.Connect(B, 9, 0);
            TcpConnection cb = null;
            byte[] chunk = new byte[1024];
            long nowMs = 0;
            long moved = 0;
            long allocatedAtWarm = 0;
            for (int i = 0; i < 400000 && moved < 4_000_000; i++)
            {
                Step(ab, ba, ta, tb, ref nowMs);
                if (cb == null) { cb = l.Accept(); continue; }
                ca.Send(chunk, 0, chunk.Length);
                cb.Send(chunk, 0, chunk.Length);
                moved += cb.Receive(chunk, 0, chunk.Length);
                ca.Receive(chunk, 0, chunk.Length);
                if (allocatedAtWarm == 0 && moved > 500_000)
                {
                    allocatedAtWarm = GC.GetAllocatedBytesForCurrentThread();
                }
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedAtWarm;
            Assert.True(moved >= 4_000_000, "moved only " + moved);
            Assert.Equal(TcpState.Established, ca.State);
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void ThousandsOfOpenCloseCycles_OverALossyLink_EveryConnectionFreeAtTheEnd()
        {
            var random = new TestRandom(11);
            var ab = new LossyPipe(A, random) { Loss = 0.05, Reorder = 0.05, Duplicate = 0.02 };
            var ba = new LossyPipe(B, random) { Loss = 0.05, Reorder = 0.05, Duplicate = 0.02 };
            var cfg = new TcpConfig { MinRtoMs = 200, MslMs = 500, FinWait2TimeoutMs = 5000 };
            var ta = new TcpLayer(cfg, ab, new TestRandom(3));
            var tb = new TcpLayer(cfg, ba, new TestRandom(4));
            TcpListener l = tb.Listen(7, 4);
            long nowMs = 0;
            byte[] buf = new byte[64];
            int completed = 0, failed = 0;
            TcpConnection[] clients = new TcpConnection[3];
            int[] echoed = new int[3];
            int started = 0;
            while (completed + failed < 2000)
            {
                for (int k = 0; k < clients.Length; k++)
                {
                    TcpConnection c = clients[k];
                    if (c == null)
                    {
                        if (started < 2000)
                        {
                            clients[k] = ta.Connect(B, 7, nowMs);
                            echoed[k] = 0;
                            if (clients[k] != null) { started++; }
                        }
                        continue;
                    }
                    if (c.State == TcpState.Established && echoed[k] == 0 && c.SendQueueBytes == 0)
                    {
                        c.Send(buf, 0, 10);
                        echoed[k] = -1;
                    }
                    int n = c.Receive(buf, 0, buf.Length);
                    if (n > 0 && echoed[k] < 0) { echoed[k] = n; }
                    else if (n > 0) { echoed[k] += n; }
                    if (echoed[k] >= 10 && c.State == TcpState.Established)
                    {
                        c.Close();
                        clients[k] = null;
                        completed++;
                    }
                    else if (c.State == TcpState.Closed)
                    {
                        c.Close();
                        clients[k] = null;
                        failed++;
                    }
                }
                // The server echoes and closes once the client is done.
                TcpConnection s;
                while ((s = l.Accept()) != null) { ServerSlots.Add(s); }
                for (int i = ServerSlots.Count - 1; i >= 0; i--)
                {
                    TcpConnection sc = ServerSlots[i];
                    int n = sc.Receive(buf, 0, buf.Length);
                    if (n > 0) { sc.Send(buf, 0, n); }
                    if (sc.IsReceiveClosed || sc.State == TcpState.Closed)
                    {
                        sc.Close();
                        ServerSlots.RemoveAt(i);
                    }
                }
                Step(ab, ba, ta, tb, ref nowMs);
                Assert.True(nowMs < 100_000_000, "stuck");
            }
            // Let everything drain: FINs, TIME_WAIT, FIN_WAIT_2 timeouts.
            for (int i = 0; i < 20000; i++)
            {
                for (int j = ServerSlots.Count - 1; j >= 0; j--)
                {
                    TcpConnection sc = ServerSlots[j];
                    sc.Receive(buf, 0, buf.Length);
                    if (sc.IsReceiveClosed || sc.State == TcpState.Closed) { sc.Close(); ServerSlots.RemoveAt(j); }
                }
                TcpConnection s2;
                while ((s2 = l.Accept()) != null) { s2.Close(); }
                Step(ab, ba, ta, tb, ref nowMs);
            }
            Assert.True(completed > 1800, "completed only " + completed + ", failed " + failed);
            Assert.Equal(ta.Capacity, ta.FreeConnections);
            Assert.Equal(tb.Capacity, tb.FreeConnections);
            Assert.Equal(0, ta.TimeWait.Count);
            Assert.Equal(0, tb.TimeWait.Count);
        }

        private readonly System.Collections.Generic.List<TcpConnection> ServerSlots = new System.Collections.Generic.List<TcpConnection>();
    }
}
