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
        public void EveryOffsetAndLength_MatchesTheWordByWordSum()
        {
            // Long ranges take the native 8-byte reads (little-endian cores), short ones the byte loop: both must agree
            // with RFC 1071's definition, whatever the range's start and length, and with a running sum carried in.
            byte[] data = new byte[1600];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 13 + (i >> 3) + 0xA5);
            }
            int[] lengths = new int[] { 0, 1, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 1459, 1460, 1480, 1595 };
            for (int offset = 0; offset < 5; offset++)
            {
                foreach (int length in lengths)
                {
                    uint words = 0x1FFFE;
                    for (int i = 0; i < length; i += 2)
                    {
                        words += (uint)(data[offset + i] << 8) | (uint)(i + 1 < length ? data[offset + i + 1] : 0);
                    }
                    Assert.AreEqual(Checksum.Finish(words), Checksum.Finish(Checksum.Add(0x1FFFE, data, offset, length)),
                        "offset " + offset.ToString() + " length " + length.ToString());
                }
            }
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
