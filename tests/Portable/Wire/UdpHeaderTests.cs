using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class UdpHeaderTests
    {
        [TestMethod]
        public void Emit_ReproducesLinuxChecksum()
        {
            byte[] linux = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            byte[] u = new byte[13];
            System.Array.Copy(linux, 42, u, 8, 5);
            UdpHeader.Emit(u, 0, 40000, 7, 5, 0x0A000001, 0x0A000002);
            byte[] expected = new byte[13];
            System.Array.Copy(linux, 34, expected, 0, 13);
            CollectionAssert.AreEqual(expected, u);
        }

        [TestMethod]
        public void CheckAndVerify_LinuxDatagram()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            Assert.AreEqual(13, UdpHeader.CheckLength(f, 34, 13));
            Assert.IsTrue(UdpHeader.VerifyChecksum(f, 34, 13, 0x0A000001, 0x0A000002));
            Assert.IsFalse(UdpHeader.VerifyChecksum(f, 34, 13, 0x0A000001, 0x0A000003));
            Assert.AreEqual(40000, UdpHeader.GetSourcePort(f, 34));
            Assert.AreEqual(7, UdpHeader.GetDestinationPort(f, 34));
        }

        [TestMethod]
        public void ZeroChecksum_MeansNone()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            f[40] = 0;
            f[41] = 0;
            f[46] = 0;
            Assert.IsTrue(UdpHeader.VerifyChecksum(f, 34, 13, 0x0A000001, 0x0A000002));
        }

        [TestMethod]
        [DataRow(7, 13)]
        [DataRow(14, 13)]
        [DataRow(13, 7)]
        public void CheckLength_FieldOutOfRange_Minus1(int field, int available)
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            BigEndian.WriteUInt16(f, 38, field);
            Assert.AreEqual(-1, UdpHeader.CheckLength(f, 34, available));
        }

        [TestMethod]
        public void ComputedZero_SentAsFfff()
        {
            // Pick data whose checksum would be 0: find it by adjusting one word.
            byte[] u = new byte[10];
            UdpHeader.Emit(u, 0, 1, 2, 2, 0, 0);
            ushort first = BigEndian.ReadUInt16(u, 6);
            // Adding 'first' as data makes the complement sum all-ones, so the computed checksum is 0.
            u = new byte[10];
            BigEndian.WriteUInt16(u, 8, first);
            UdpHeader.Emit(u, 0, 1, 2, 2, 0, 0);
            Assert.AreEqual((ushort)0xFFFF, BigEndian.ReadUInt16(u, 6));
        }
    }
}
