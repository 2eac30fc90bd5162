using System;
using System.Diagnostics;
using Firmware.Net.Transport;
using Xunit;
using Xunit.Abstractions;

namespace Tcp.Tests
{
    /// <summary>
    /// Two TcpLayers joined by seeded faulty pipes move data both ways at once; every byte must arrive in order,
    /// exactly once, uncorrupted. A failure prints its seed.
    /// </summary>
    public class SimulationTests
    {
        private const uint A = 0x0A000001;
        private const uint B = 0x0A000002;
        private readonly ITestOutputHelper _out;

        public SimulationTests(ITestOutputHelper output)
        {
            _out = output;
        }

        private sealed class Sim
        {
            public readonly TestRandom Random;
            public readonly LossyPipe AtoB, BtoA;
            public readonly TcpLayer TcpA, TcpB;
            public long NowMs;

            public Sim(int seed, TcpConfig config, double loss, double dup, double reorder, double corrupt)
            {
                Random = new TestRandom((ulong)seed);
                AtoB = new LossyPipe(A, Random) { Loss = loss, Duplicate = dup, Reorder = reorder, Corrupt = corrupt };
                BtoA = new LossyPipe(B, Random) { Loss = loss, Duplicate = dup, Reorder = reorder, Corrupt = corrupt };
                TcpA = new TcpLayer(config, AtoB, new TestRandom((ulong)seed + 1000));
                TcpB = new TcpLayer(config, BtoA, new TestRandom((ulong)seed + 2000));
            }

            /// <summary>One step: deliver what is due, poll both, then jump to the next event.</summary>
            public void Step()
            {
                AtoB.NowMs = NowMs;
                BtoA.NowMs = NowMs;
                AtoB.Deliver(TcpB, A, NowMs);
                BtoA.Deliver(TcpA, B, NowMs);
                TcpA.Poll(NowMs);
                TcpB.Poll(NowMs);
            }

            public void AdvanceToNextEvent()
            {
                long next = Math.Min(Math.Min(AtoB.NextDueMs, BtoA.NextDueMs), Math.Min(TcpA.NextDeadlineMs, TcpB.NextDeadlineMs));
                NowMs = next <= NowMs ? NowMs + 1 : Math.Min(next, NowMs + 1000);
            }
        }

        private static TcpConfig SimConfig()
        {
            return new TcpConfig
            {
                ReceiveBufferBytes = 8192,
                SendBufferBytes = 8192,
                MinRtoMs = 200,
                MaxRetransmissions = 30,
                MslMs = 1000
            };
        }

        private static byte Pattern(long i, int salt) => (byte)((i * 31 + (i >> 8) * 7 + salt) & 0xFF);

        /// <summary>Moves <paramref name="bytes"/> each way; returns the simulated milliseconds it took.</summary>
        private long Transfer(int seed, long bytes, double loss, double dup, double reorder, double corrupt, TcpConfig config = null)
        {
            return Transfer(new Sim(seed, config ?? SimConfig(), loss, dup, reorder, corrupt), seed, bytes, corrupt);
        }

        private long Transfer(Sim sim, int seed, long bytes, double corrupt)
        {
            var trace = new System.Collections.Generic.Queue<string>();
            sim.AtoB.Trace = trace;
            sim.BtoA.Trace = trace;
            try
            {
                return TransferOn(sim, seed, bytes, corrupt);
            }
            catch
            {
                foreach (string line in trace) { _out.WriteLine(line); }
                throw;
            }
        }

        private long TransferOn(Sim sim, int seed, long bytes, double corrupt)
        {
            TcpListener l = sim.TcpB.Listen(7, 2);
            TcpConnection ca = sim.TcpA.Connect(B, 7, 0);
            TcpConnection cb = null;
            long sentA = 0, sentB = 0, gotA = 0, gotB = 0;
            byte[] chunk = new byte[4096];
            byte[] rx = new byte[4096];
            long guard = 0;
            bool closedA = false, closedB = false;
            while (true)
            {
                sim.Step();
                if (cb == null) { cb = l.Accept(); }
                // A's app: write its stream, read B's.
                if (ca.State == TcpState.Established || ca.State == TcpState.CloseWait)
                {
                    sentA += Write(ca, chunk, sentA, bytes, 1);
                }
                gotA += Read(ca, rx, gotA, 2, seed);
                if (cb != null)
                {
                    sentB += Write(cb, chunk, sentB, bytes, 2);
                    gotB += Read(cb, rx, gotB, 1, seed);
                }
                if (!closedA && sentA == bytes && gotA == bytes) { ca.Shutdown(); closedA = true; }
                if (cb != null && !closedB && sentB == bytes && gotB == bytes) { cb.Shutdown(); closedB = true; }
                Assert.True(ca.Error == TcpError.None, $"seed {seed}: A error {ca.Error} at {sim.NowMs} ms, got {gotA}/{bytes}");
                Assert.True(cb == null || cb.Error == TcpError.None, $"seed {seed}: B error {cb?.Error} at {sim.NowMs} ms");
                if (closedA && closedB && ca.State == TcpState.Closed && cb.State == TcpState.Closed && ca.IsReceiveClosed && cb.IsReceiveClosed)
                {
                    break;
                }
                sim.AdvanceToNextEvent();
                Assert.True(++guard < 50_000_000, $"seed {seed}: stuck at {sim.NowMs} ms, A {ca.State} sent {sentA} got {gotA}, B {cb?.State} sent {sentB} got {gotB}");
            }
            Assert.Equal(bytes, gotA);
            Assert.Equal(bytes, gotB);
            long doneMs = sim.NowMs;
            ca.Close();
            cb.Close();
            // TIME_WAIT drains; every slot ends free.
            for (int i = 0; i < 5000; i++) { sim.NowMs += 1; sim.Step(); }
            Assert.Equal(sim.TcpA.Capacity, sim.TcpA.FreeConnections);
            Assert.Equal(sim.TcpB.Capacity, sim.TcpB.FreeConnections);
            Assert.Equal(0, sim.TcpA.TimeWait.Count + sim.TcpB.TimeWait.Count);
            if (corrupt > 0)
            {
                Assert.True(sim.TcpA.Counters.BadChecksum + sim.TcpB.Counters.BadChecksum > 0, "corruption was injected but never caught");
            }
            return doneMs;
        }

        private static int Write(TcpConnection c, byte[] chunk, long sent, long total, int salt)
        {
            int n = (int)Math.Min(chunk.Length, Math.Min(total - sent, c.SendSpace));
            if (n <= 0) { return 0; }
            for (int i = 0; i < n; i++) { chunk[i] = Pattern(sent + i, salt); }
            return c.Send(chunk, 0, n);
        }

        private static int Read(TcpConnection c, byte[] rx, long got, int salt, int seed)
        {
            int n = c.Receive(rx, 0, rx.Length);
            for (int i = 0; i < n; i++)
            {
                if (rx[i] != Pattern(got + i, salt))
                {
                    throw new Xunit.Sdk.XunitException($"seed {seed}: byte {got + i} wrong");
                }
            }
            return n;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void TenMegabytesEachWay_TenPercentLoss_DupReorderCorrupt(int seed)
        {
            var sw = Stopwatch.StartNew();
            long ms = Transfer(seed, 10L * 1024 * 1024, 0.10, 0.05, 0.10, 0.01);
            _out.WriteLine($"seed {seed}: 2x10 MB in {ms} simulated ms ({2 * 10.0 * 1024 * 1024 / ms:F0} KB/s both ways), {sw.ElapsedMilliseconds} ms real");
        }

        [Theory]
        [InlineData(1)]
        public void TenMegabytesEachWay_CleanLink_Throughput(int seed)
        {
            var sw = Stopwatch.StartNew();
            long ms = Transfer(seed, 10L * 1024 * 1024, 0, 0, 0, 0);
            _out.WriteLine($"clean: 2x10 MB in {ms} simulated ms ({2 * 10.0 * 1024 * 1024 / ms:F0} KB/s both ways), {sw.ElapsedMilliseconds} ms real");
        }

        /// <summary>
        /// Loss recovery in small windows as behaviour, in virtual time (deterministic): with the default rings (three
        /// segments) and 5% loss on data and ACKs, 256 KB each way at once plus the close, five seeds together take at
        /// most 2.5 times as long as on a clean link (measured: 2.15 times; one way, tools/Bench measures
        /// 0.06 of the clean goodput without limited transmit, early retransmit, the probe and the 200 ms minimum RTO), and losses are found by duplicate ACKs (early
        /// retransmit) and probes far more often than by the RTO. One seed alone can be unlucky (a lost retransmission,
        /// a lost window update with one segment out: RTOs). The goal of issue 12 (one way, goodput at 5% loss at
        /// least half the clean one) is measured by tools/Bench (LossBench).
        /// </summary>
        [Fact]
        public void DefaultRings_FivePercentLoss_BothWays_GoodputAbove40PercentOfClean_LossesMostlyFoundWithoutTheRto()
        {
            var config = new TcpConfig { MaxRetransmissions = 30, MslMs = 1000 };
            long cleanMs = 0, lossyMs = 0, found = 0, early = 0, timeouts = 0;
            for (int seed = 1; seed <= 5; seed++)
            {
                long clean = Transfer(seed, 256 * 1024, 0, 0, 0, 0, config);
                var lossy = new Sim(seed, config, 0.05, 0, 0, 0);
                long ms = Transfer(lossy, seed, 256 * 1024, 0);
                var a = lossy.TcpA.Counters;
                var b = lossy.TcpB.Counters;
                _out.WriteLine($"seed {seed}: clean {clean} ms, 5% loss {ms} ms; fast retransmits {a.FastRetransmits + b.FastRetransmits} (early {a.EarlyRetransmits + b.EarlyRetransmits}), probes {a.TailLossProbes + b.TailLossProbes}, limited transmits {a.LimitedTransmits + b.LimitedTransmits}, RTOs {a.Timeouts + b.Timeouts}");
                cleanMs += clean;
                lossyMs += ms;
                found += a.FastRetransmits + b.FastRetransmits + a.TailLossProbes + b.TailLossProbes;
                early += a.EarlyRetransmits + b.EarlyRetransmits;
                timeouts += a.Timeouts + b.Timeouts;
            }
            Assert.True(2 * lossyMs <= 5 * cleanMs, $"{lossyMs} ms with 5% loss against {cleanMs} ms clean");
            Assert.True(early > 0);
            Assert.True(found > 2 * timeouts, $"{found} losses found by ACKs or probes, {timeouts} RTOs");
        }

        public static TheoryData<int> HarshSeeds()
        {
            var d = new TheoryData<int>();
            for (int s = 1000; s < 1030; s++) { d.Add(s); }
            return d;
        }

        [Theory]
        [MemberData(nameof(HarshSeeds))]
        public void HarshLink_20PercentLoss_30PercentReorder_3PercentCorrupt(int seed)
        {
            Transfer(seed, 200 * 1024, 0.20, 0.10, 0.30, 0.03);
        }

        public static TheoryData<int> ManySeeds()
        {
            var d = new TheoryData<int>();
            for (int s = 100; s < 120; s++) { d.Add(s); }
            return d;
        }

        [Theory]
        [MemberData(nameof(ManySeeds))]
        public void OneMegabyteEachWay_ManySeeds(int seed)
        {
            Transfer(seed, 1024 * 1024, 0.10, 0.05, 0.10, 0.01);
        }
    }
}
