using System.Collections.Generic;
using Firmware.ChipEmulators;
using Firmware.Drivers.Enc28j60;
using Firmware.Drivers.W5500;
using Xunit;

namespace Firmware.Drivers.Tests
{
    /// <summary>The order in which the drivers program the chips, as the emulators saw the register writes.</summary>
    public class InitSequenceTests
    {
        private static void AssertInOrder(List<string> log, params string[] expected)
        {
            int at = -1;
            foreach (string entry in expected)
            {
                int found = log.IndexOf(entry, at + 1);
                Assert.True(found > at, $"'{entry}' missing or out of order in:\n{string.Join("\n", log)}");
                at = found;
            }
        }

        [Fact]
        public void W5500_Initialize_ResetThenAddressThenBuffersThenModeThenOpen()
        {
            var chip = new W5500Emulator { WriteLog = new List<string>() };
            var mac = new W5500Mac(chip, chip.InterruptPin, null, TestFrames.DeviceMac);

            Assert.True(mac.Initialize());

            AssertInOrder(chip.WriteLog,
                "common[0x0000]=0x80",   // MR.RST
                "common[0x0009]=0x02",   // SHAR[0]
                "common[0x000E]=0x01",   // SHAR[5]
                "socket0[0x001E]=0x10",  // S0_RXBUF_SIZE = 16 KB
                "socket0[0x001F]=0x10",  // S0_TXBUF_SIZE = 16 KB
                "socket7[0x001E]=0x00",
                "socket7[0x001F]=0x00",
                "common[0x0018]=0x01",   // SIMR: socket 0
                "socket0[0x0001]=0x10",  // CLOSE
                "socket0[0x0000]=0xA4",  // S0_MR = MFEN | MMB | MACRAW (multicast blocked until asked for)
                "socket0[0x002C]=0x04",  // S0_IMR = RECV
                "socket0[0x0001]=0x01"); // OPEN
        }

        [Fact]
        public void Enc28j60_Initialize_ResetBuffersFiltersMacPhyThenReceiveEnable()
        {
            var chip = new Enc28j60Emulator { WriteLog = new List<string>() };
            var mac = new Enc28j60Mac(chip, null, null, TestFrames.DeviceMac);

            Assert.True(mac.Initialize());

            AssertInOrder(chip.WriteLog,
                "SRC",
                "bank0[0x08]=0x00", "bank0[0x09]=0x00",  // ERXST
                "bank0[0x0A]=0xFF", "bank0[0x0B]=0x19",  // ERXND
                "bank0[0x0C]=0xFF", "bank0[0x0D]=0x19",  // ERXRDPT, low byte first
                "bank0[0x04]=0x00", "bank0[0x05]=0x1A",  // ETXST
                "bank1[0x18]=0xA1",                      // ERXFCON
                "bank2[0x00]=0x01",                      // MACON1
                "bank2[0x02]=0x32",                      // MACON3
                "bank2[0x03]=0x40",                      // MACON4
                "bank2[0x0A]=0xEE", "bank2[0x0B]=0x05",  // MAMXFL = 1518
                "bank2[0x04]=0x12",                      // MABBIPG
                "bank2[0x06]=0x12", "bank2[0x07]=0x0C",  // MAIPG
                "bank3[0x04]=0x02",                      // MAADR1
                "phy[0x00]=0x0000",                      // PHCON1
                "phy[0x10]=0x0100");                     // PHCON2.HDLDIS

            // ECON1.RXEN is set last (BSEL bits in the same register carry whatever bank is selected).
            string last = chip.WriteLog.FindLast(e => e.StartsWith("common[0x1F]="));
            Assert.True(chip.WriteLog.LastIndexOf(last) > chip.WriteLog.IndexOf("phy[0x10]=0x0100"));
            Assert.Equal(0x04, System.Convert.ToInt32(last.Substring(last.Length - 2), 16) & 0x04);
        }
    }
}
