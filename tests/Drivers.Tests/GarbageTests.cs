using System;
using Firmware.ChipEmulators;
using Firmware.Drivers.Enc28j60;
using Firmware.Drivers.W5500;
using Firmware.Hal;
using Xunit;

namespace Firmware.Drivers.Tests
{
    /// <summary>Garbage on the SPI bus: the drivers never throw, never index outside a buffer, and keep working.</summary>
    public class GarbageTests
    {
        [Theory]
        [InlineData("W5500", 1)]
        [InlineData("W5500", 2)]
        [InlineData("ENC28J60", 1)]
        [InlineData("ENC28J60", 2)]
        public void CorruptedAnswers_NoExceptionAndCleanTrafficAfterwards(string chip, int seed)
        {
            IEthernetMac cable;
            ISpiBus chipBus;
            if (chip == "W5500")
            {
                var w5500 = new W5500Emulator();
                chipBus = w5500;
                cable = w5500.NetworkSide;
            }
            else
            {
                var enc = new Enc28j60Emulator();
                chipBus = enc;
                cable = enc.NetworkSide;
            }

            var bus = new CorruptingSpiBus(chipBus, seed);
            IEthernetMac mac;
            MacDriverCounters counters;
            if (chip == "W5500")
            {
                var driver = new W5500Mac(bus, null, null, TestFrames.DeviceMac);
                Assert.True(driver.Initialize());
                mac = driver;
                counters = driver.Counters;
            }
            else
            {
                var driver = new Enc28j60Mac(bus, null, null, TestFrames.DeviceMac);
                Assert.True(driver.Initialize());
                mac = driver;
                counters = driver.Counters;
            }

            byte[] buffer = new byte[1600];
            byte[] wire = new byte[1600];
            bus.CorruptionRate = 0.05;
            for (int i = 0; i < 3000; i++)
            {
                int length = 60 + (i * 37) % 1455;
                cable.TrySend(TestFrames.Make(TestFrames.DeviceMac, length, i), 0, length);
                int got = mac.TryReceive(buffer, 0, buffer.Length);
                Assert.InRange(got, 0, 1518);
                mac.TrySend(TestFrames.Make(TestFrames.PeerMac, length, i), 0, length);
                while (cable.TryReceive(wire, 0, wire.Length) > 0)
                {
                }
            }

            Assert.True(bus.Corrupted > 100);
            Assert.True(counters.ReceiveGarbage + counters.ReceiveBadStatus + counters.ReceiveTooLong > 0, "no garbage was noticed");

            // A clean bus again: after at most a recovery, frames flow intact.
            bus.CorruptionRate = 0;
            while (mac.TryReceive(buffer, 0, buffer.Length) > 0)
            {
            }

            if (!mac.IsLinkUp || mac.TryReceive(buffer, 0, buffer.Length) != 0)
            {
                Assert.Fail("driver not idle after draining");
            }

            int intact = 0;
            for (int i = 0; i < 20; i++)
            {
                byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 100 + i, 1000 + i);
                if (cable.TrySend(frame, 0, frame.Length))
                {
                    int got = mac.TryReceive(buffer, 0, buffer.Length);
                    TestFrames.AssertSame(frame, frame.Length, buffer, got);
                    intact++;
                }
            }

            Assert.Equal(20, intact);
        }
    }
}
