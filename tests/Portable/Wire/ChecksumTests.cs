using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class ChecksumTests
    {
        [TestMethod]
        public void Rfc1071Example_SumsToDdf2()
        {
            // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum (with end-around carry) to ddf2.
            byte[] data = new byte[] { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };
            Assert.AreEqual((ushort)0x220D, Checksum.Compute(data, 0, data.Length));
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(7)]
        public void OddLengths_PadTheLastByteWithZero(int length)
        {
            byte[] data = new byte[] { 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0 };
            byte[] padded = new byte[8];
            System.Array.Copy(data, padded, length);
            int evenLength = (length + 1) & ~1;
            Assert.AreEqual(Checksum.Compute(padded, 0, evenLength), Checksum.Compute(data, 0, length));
        }

        [TestMethod]
        public void ChecksumOverDataAndItsChecksum_IsZero()
        {
            byte[] header = new byte[] { 0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x02 };
            ushort sum = Checksum.Compute(header, 0, header.Length);
            header[10] = (byte)(sum >> 8);
            header[11] = (byte)sum;
            Assert.AreEqual((ushort)0, Checksum.Compute(header, 0, header.Length));
        }
    }
}
