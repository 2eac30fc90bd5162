using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class TcpOptionsTests
    {
        // A Linux 6.x SYN's options as captured: mss 1460, sackOK, TS val 2861513986 (0xaa8f3d02) ecr 0, nop, wscale 7.
        private static readonly byte[] LinuxSynOptions = new byte[]
        {
            0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0xaa, 0x8f, 0x3d, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07
        };

        [TestMethod]
        public void LinuxSyn_MssSackTimestampsWindowScaleParsed()
        {
            TcpOptions o = new TcpOptions();
            Assert.IsTrue(o.Parse(LinuxSynOptions, 0, LinuxSynOptions.Length));
            Assert.AreEqual(1460, o.Mss);
            Assert.IsTrue(o.SackPermitted);
            Assert.IsTrue(o.HasTimestamps);
            Assert.AreEqual(2861513986u, o.TimestampValue);
            Assert.AreEqual(0u, o.TimestampEcho);
            Assert.AreEqual(7, o.WindowScale);
        }

        [TestMethod]
        public void Empty_AllAbsent()
        {
            TcpOptions o = new TcpOptions();
            Assert.IsTrue(o.Parse(LinuxSynOptions, 0, 0));
            Assert.AreEqual(0, o.Mss);
            Assert.AreEqual(-1, o.WindowScale);
            Assert.IsFalse(o.SackPermitted);
            Assert.IsFalse(o.HasTimestamps);
        }

        [TestMethod]
        public void UnknownOption_SkippedByLength_EndStops()
        {
            byte[] b = new byte[] { 0xFD, 0x04, 0x12, 0x34, 0x02, 0x04, 0x02, 0x18, 0x00, 0x02, 0x04, 0x00 };
            TcpOptions o = new TcpOptions();
            Assert.IsTrue(o.Parse(b, 0, b.Length));
            Assert.AreEqual(536, o.Mss);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(9)]
        public void MalformedLength_Rejected(int length)
        {
            byte[] b = new byte[] { 0x02, (byte)length, 0x05, 0xb4 };
            TcpOptions o = new TcpOptions();
            Assert.IsFalse(o.Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void KindWithoutLengthByte_Rejected()
        {
            byte[] b = new byte[] { 0x01, 0x01, 0x01, 0x02 };
            TcpOptions o = new TcpOptions();
            Assert.IsFalse(o.Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void WrongLengthForKnownOption_Rejected()
        {
            byte[] b = new byte[] { 0x03, 0x04, 0x07, 0x00 };
            TcpOptions o = new TcpOptions();
            Assert.IsFalse(o.Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void WindowScaleAbove14_TreatedAs14()
        {
            byte[] b = new byte[] { 0x01, 0x03, 0x03, 0x20 };
            TcpOptions o = new TcpOptions();
            Assert.IsTrue(o.Parse(b, 0, b.Length));
            Assert.AreEqual(14, o.WindowScale);
        }
    }
}
