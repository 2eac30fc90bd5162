using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class BigEndianTests
    {
        [TestMethod]
        public void ReadWrite16And32_NetworkOrder()
        {
            byte[] b = new byte[8];
            BigEndian.WriteUInt16(b, 1, 0xABCD);
            BigEndian.WriteUInt32(b, 3, 0x0A000002);
            CollectionAssert.AreEqual(new byte[] { 0, 0xAB, 0xCD, 0x0A, 0x00, 0x00, 0x02, 0 }, b);
            Assert.AreEqual((ushort)0xABCD, BigEndian.ReadUInt16(b, 1));
            Assert.AreEqual((uint)0x0A000002, BigEndian.ReadUInt32(b, 3));
        }

        [TestMethod]
        public void Write16_TakesLow16Bits_Read32_HighBitSet()
        {
            byte[] b = new byte[4];
            BigEndian.WriteUInt16(b, 0, 0x12345);
            Assert.AreEqual((ushort)0x2345, BigEndian.ReadUInt16(b, 0));
            BigEndian.WriteUInt32(b, 0, 0xFFFFFFFE);
            Assert.AreEqual(0xFFFFFFFE, BigEndian.ReadUInt32(b, 0));
        }
    }
}
