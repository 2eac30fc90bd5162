using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class Ipv4HeaderTests
    {
        [TestMethod]
        public void LinuxUdpHeader_ChecksOk_FieldsRead()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            Assert.AreEqual(Ipv4Header.CheckOk, Ipv4Header.Check(f, 14, f.Length - 14));
            Assert.AreEqual(20, Ipv4Header.GetHeaderLength(f, 14));
            Assert.AreEqual(33, Ipv4Header.GetTotalLength(f, 14));
            Assert.AreEqual(0x5f66, Ipv4Header.GetIdentification(f, 14));
            Assert.IsTrue(Ipv4Header.GetDontFragment(f, 14));
            Assert.IsFalse(Ipv4Header.GetMoreFragments(f, 14));
            Assert.AreEqual(0, Ipv4Header.GetFragmentOffsetBytes(f, 14));
            Assert.AreEqual(64, Ipv4Header.GetTtl(f, 14));
            Assert.AreEqual(Ipv4Header.ProtocolUdp, Ipv4Header.GetProtocol(f, 14));
            Assert.AreEqual((uint)0x0A000001, Ipv4Header.GetSource(f, 14));
            Assert.AreEqual((uint)0x0A000002, Ipv4Header.GetDestination(f, 14));
        }

        [TestMethod]
        public void Emit_ReproducesLinuxHeaderByteForByte()
        {
            byte[] linux = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            byte[] b = new byte[20];
            Ipv4Header.Emit(b, 0, 33, 0x5f66, true, false, 0, 64, Ipv4Header.ProtocolUdp, 0x0A000001, 0x0A000002);
            byte[] expected = new byte[20];
            System.Array.Copy(linux, 14, expected, 0, 20);
            CollectionAssert.AreEqual(expected, b);
        }

        [TestMethod]
        public void Emit_FragmentFields_RoundTrip()
        {
            byte[] b = new byte[40];
            Ipv4Header.Emit(b, 0, 40, 1234, false, true, 1480, 64, 1, 1, 2);
            Assert.AreEqual(Ipv4Header.CheckOk, Ipv4Header.Check(b, 0, 40));
            Assert.IsTrue(Ipv4Header.GetMoreFragments(b, 0));
            Assert.AreEqual(1480, Ipv4Header.GetFragmentOffsetBytes(b, 0));
            Assert.AreEqual((byte)0x20, b[6]);
            Assert.AreEqual((byte)0xB9, b[7]);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(19)]
        public void Check_ShorterThanMinimal_Truncated(int length)
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            Assert.AreEqual(Ipv4Header.CheckTruncated, Ipv4Header.Check(f, 14, length));
        }

        [TestMethod]
        public void Check_EachDefect_ItsCode()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            f[14] = 0x65;
            Assert.AreEqual(Ipv4Header.CheckBadVersion, Ipv4Header.Check(f, 14, 33));
            f[14] = 0x44;
            Assert.AreEqual(Ipv4Header.CheckBadHeaderLength, Ipv4Header.Check(f, 14, 33));
            f[14] = 0x4F;
            Assert.AreEqual(Ipv4Header.CheckTruncated, Ipv4Header.Check(f, 14, 33));
            f[14] = 0x45;
            Assert.AreEqual(Ipv4Header.CheckBadTotalLength, Ipv4Header.Check(f, 14, 32));
            BigEndian.WriteUInt16(f, 16, 19);
            Assert.AreEqual(Ipv4Header.CheckBadTotalLength, Ipv4Header.Check(f, 14, 33));
            BigEndian.WriteUInt16(f, 16, 33);
            f[22] = 63;
            Assert.AreEqual(Ipv4Header.CheckBadChecksum, Ipv4Header.Check(f, 14, 33));
        }

        [TestMethod]
        public void Check_OffsetPastBuffer_Truncated()
        {
            byte[] f = new byte[30];
            Assert.AreEqual(Ipv4Header.CheckTruncated, Ipv4Header.Check(f, 14, 20));
            Assert.AreEqual(Ipv4Header.CheckTruncated, Ipv4Header.Check(f, -1, 20));
        }
    }
}
