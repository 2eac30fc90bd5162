using Firmware.DeviceHarness;
using Firmware.HostNet;
using Firmware.App;

namespace Firmware.Net.Tests
{
    /// <summary>Stack A (10.0.0.1, a bare NetworkStack) and the device app B (10.0.0.2, echo 7 / discard 9) on one in-memory link.</summary>
    public sealed class TwoStacks
    {
        public readonly QueueMac MacA;
        public readonly QueueMac MacB;
        public readonly NetworkStack A;
        public readonly DeviceApp B;
        public long NowMs = 1000;

        public TwoStacks(double lossRate = 0, int seed = 1)
        {
            MacA = new QueueMac(Frames.MacA, 64, lossRate, seed);
            MacB = new QueueMac(Frames.MacB, 64, lossRate, seed + 1000);
            QueueMac.Connect(MacA, MacB);
            A = new NetworkStack(new StackConfig(), MacA, new SeededRandom((uint)seed));
            AppConfig config = AppConfig.TestProfile();
            config.Address = Frames.B;
            config.DhcpEnabled = false;
            B = new DeviceApp(config, MacB, new SeededRandom((uint)seed + 7));
            A.SetAddress(Frames.A, 24, 0, NowMs);
            B.Start(NowMs);
        }

        /// <summary>Polls both until no frame is in flight (bounded), advancing 1 ms a round.</summary>
        public void Run(int maxRounds = 50)
        {
            for (int i = 0; i < maxRounds; i++)
            {
                NowMs += 1;
                A.Poll(NowMs);
                B.Poll(NowMs);
                if (MacA.Pending == 0 && MacB.Pending == 0)
                {
                    return;
                }
            }
        }

        public void Advance(long ms)
        {
            NowMs += ms;
            A.Poll(NowMs);
            B.Poll(NowMs);
            Run();
        }
    }
}
