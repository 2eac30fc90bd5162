using Firmware.DeviceHarness;
using System;
using Firmware.App;
using Firmware.Hal;
using Firmware.HostNet;
using Firmware.Net.Transport;
using Xunit;

namespace Firmware.Net.Tests
{
    /// <summary>
    /// A stop-and-wait client on stack A talks to the device app's UDP echo over a hostile link; every message must
    /// come back exactly once per request, intact, and the run must replay exactly from its seed.
    /// </summary>
    public class LossyLinkTests
    {
        private sealed class Result
        {
            public int Completed;
            public int Retries;
            public string CountersA;
            public string CountersB;
        }

        // Sends message i (seq in the first 4 bytes, pattern after), waits up to 30 ms virtual for its echo, retries.
        private static Result Exchange(NetworkStack a, DeviceApp b, Action<long> pump, Func<long> now, Action<long> advance, int messages, int seed)
        {
            UdpSocket s = a.OpenUdp();
            Assert.True(s.Bind(40000));
            var rng = new Random(seed);
            var send = new byte[600];
            var receive = new byte[1500];
            var r = new Result();
            for (int i = 0; i < messages; i++)
            {
                int length = 4 + rng.Next(0, 590);
                BitConverter.TryWriteBytes(send.AsSpan(0, 4), i);
                for (int k = 4; k < length; k++)
                {
                    send[k] = (byte)(i + k);
                }
                bool done = false;
                for (int attempt = 0; attempt < 200 && !done; attempt++)
                {
                    if (attempt > 0)
                    {
                        r.Retries++;
                    }
                    s.SendTo(Frames.B, 7, send, 0, length);
                    for (int waitMs = 0; waitMs < 30 && !done; waitMs++)
                    {
                        advance(1);
                        pump(now());
                        int n;
                        while ((n = s.TryReceiveFrom(receive, 0, receive.Length, out uint src, out int port)) >= 0)
                        {
                            Assert.Equal(Frames.B, src);
                            Assert.Equal(7, port);
                            int seq = BitConverter.ToInt32(receive, 0);
                            Assert.True(seq <= i, "echo from the future");
                            if (seq == i)
                            {
                                Assert.Equal(length, n);
                                Assert.True(send.AsSpan(0, length).SequenceEqual(receive.AsSpan(0, n)), "echo corrupted: seq " + i);
                                done = true;
                            }
                        }
                    }
                }
                Assert.True(done, "message " + i + " never came back");
                r.Completed++;
            }
            r.CountersA = a.DescribeCounters();
            r.CountersB = b.Stack.DescribeCounters();
            return r;
        }

        private static Result RunOwnLossyLink(int seed)
        {
            var t = new TwoStacks(lossRate: 0.2, seed: seed);
            return Exchange(t.A, t.B, nowMs => { t.A.Poll(nowMs); t.B.Poll(nowMs); }, () => t.NowMs, ms => t.NowMs += ms, 300, seed);
        }

        [Fact]
        public void SeededLossyLink_20PercentLoss_AllMessagesEchoedIntact_Replays()
        {
            Result first = RunOwnLossyLink(7);
            Assert.Equal(300, first.Completed);
            Assert.True(first.Retries > 50, "a 20% loss link must have caused retries: " + first.Retries);
            Result second = RunOwnLossyLink(7);
            Assert.Equal(first.Retries, second.Retries);
            Assert.Equal(first.CountersA, second.CountersA);
            Assert.Equal(first.CountersB, second.CountersB);
        }

        private static Result RunThroughFaultInjector(int seed)
        {
            var clock = new ManualClock { NowMs = 1000 };
            var sw = new VirtualSwitch();
            var portA = sw.CreatePort(Frames.MacA);
            var portB = sw.CreatePort(Frames.MacB);
            var faults = new FaultInjector(portB, clock, seed)
            {
                DropProbability = 0.1,
                DuplicateProbability = 0.05,
                ReorderProbability = 0.05,
                DelayProbability = 0.05,
                CorruptProbability = 0.05,
                TruncateProbability = 0.02,
            };
            var a = new NetworkStack(new StackConfig(), portA, new SeededRandom((uint)seed));
            AppConfig config = AppConfig.TestProfile();
            config.Address = Frames.B;
            config.DhcpEnabled = false;
            var b = new DeviceApp(config, faults, new SeededRandom((uint)seed + 1));
            a.SetAddress(Frames.A, 24, 0, clock.NowMs);
            b.Start(clock.NowMs);
            var r = Exchange(a, b, nowMs => { faults.Pump(); a.Poll(nowMs); b.Poll(nowMs); }, () => clock.NowMs, ms => clock.AdvanceMs(ms), 200, seed);
            Assert.True(faults.FramesCorrupted > 0 && faults.FramesDropped > 0 && faults.FramesDuplicated > 0, "faults happened");
            return r;
        }

        [Fact]
        public void FaultInjector_DropDuplicateReorderDelayCorruptTruncate_UdpEchoExact_Replays()
        {
            Result first = RunThroughFaultInjector(11);
            Assert.Equal(200, first.Completed);
            Result second = RunThroughFaultInjector(11);
            Assert.Equal(first.Retries, second.Retries);
            Assert.Equal(first.CountersB, second.CountersB);
        }
    }
}
