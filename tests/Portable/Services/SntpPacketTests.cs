using Firmware.Net;
using Firmware.Net.Wire;
using Firmware.Services.Sntp;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class SntpPacketTests
    {
        [TestMethod]
        public void Timestamp_2024_IsUnix1704067200()
        {
            byte[] b = new byte[8];
            BigEndian.WriteUInt32(b, 0, 0xE93C7F00);   // 2024-01-01T00:00:00Z in NTP era 0
            BigEndian.WriteUInt32(b, 4, 0x80000000);   // + 0.5 s
            Assert.AreEqual(1704067200500L, SntpPacket.ToUnixMs(b, 0));
            SntpPacket.WriteUnixMs(b, 0, 1704067200500L);
            Assert.AreEqual(0xE93C7F00u, BigEndian.ReadUInt32(b, 0));
            Assert.AreEqual(0x80000000u, BigEndian.ReadUInt32(b, 4));
        }

        [TestMethod]
        public void Timestamp_TopBitClear_IsEraOne_After2036()
        {
            byte[] b = new byte[8];
            BigEndian.WriteUInt32(b, 0, 1);            // 2036-02-07T06:28:17Z
            Assert.AreEqual(2085978497000L, SntpPacket.ToUnixMs(b, 0));
            SntpPacket.WriteUnixMs(b, 0, 2085978497000L);
            Assert.AreEqual(1u, BigEndian.ReadUInt32(b, 0));
            BigEndian.WriteUInt32(b, 0, 0);
            BigEndian.WriteUInt32(b, 4, 0);
            Assert.AreEqual(-1L, SntpPacket.ToUnixMs(b, 0));  // zero: no time
        }

        [TestMethod]
        public void Request_IsVersion4Mode3_WithTheNonceAsTransmitTime()
        {
            byte[] b = new byte[48];
            b[5] = 9;
            SntpPacket.WriteRequest(b, 0x11223344, 0x55667788);
            Assert.AreEqual(0x23, (int)b[0]);
            Assert.AreEqual(0, (int)b[5]);
            Assert.AreEqual(0x11223344u, BigEndian.ReadUInt32(b, 40));
            Assert.AreEqual(0x55667788u, BigEndian.ReadUInt32(b, 44));
            Assert.AreEqual(4, SntpPacket.GetVersion(b));
            Assert.AreEqual(3, SntpPacket.GetMode(b));
        }

        [TestMethod]
        public void ShortFormat_16_16_InMs()
        {
            byte[] b = new byte[4];
            BigEndian.WriteUInt32(b, 0, 0x00018000);   // 1.5 s
            Assert.AreEqual(1500L, SntpPacket.GetShortMs(b, 0));
        }

        [TestMethod]
        public void WallClock_UnsetUntilSet_ThenRunsWithTheMonotonicClock()
        {
            WallClock clock = new WallClock();
            Assert.IsFalse(clock.IsSet);
            Assert.AreEqual(-1L, clock.UnixMs(5000));
            Assert.AreEqual(-1L, clock.UnixSeconds(5000));
            clock.Set(1704067200000L, 5000);
            Assert.AreEqual(1704067201500L, clock.UnixMs(6500));
            Assert.AreEqual(1704067201L, clock.UnixSeconds(6500));
            clock.Set(1704067201700L, 6500);
            Assert.AreEqual(200L, clock.LastStepMs);
            Assert.AreEqual(2, clock.Sets);
        }
    }
}
