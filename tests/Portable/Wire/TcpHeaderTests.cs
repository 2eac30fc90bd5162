using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class TcpHeaderTests
    {
        [TestMethod]
        public void TextbookSyn_Port0xdfa5To80_Seq100_EmitsTheKnownBytes()
        {
            byte[] b = new byte[20];
            TcpHeader.Write(b, 0, 0xdfa5, 80, 100, 0, 20, TcpHeader.Syn, 0x2000);
            byte[] expected = new byte[] { 0xdf, 0xa5, 0x00, 0x50, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0, 0, 0, 0 };
            CollectionAssert.AreEqual(expected, b);
        }

        [TestMethod]
        public void TextbookSyn_ParsesBack()
        {
            byte[] b = new byte[] { 0xdf, 0xa5, 0x00, 0x50, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0, 0, 0, 0 };
            Assert.AreEqual(20, TcpHeader.CheckLength(b, 0, b.Length));
            Assert.AreEqual((ushort)0xdfa5, TcpHeader.GetSourcePort(b, 0));
            Assert.AreEqual((ushort)80, TcpHeader.GetDestinationPort(b, 0));
            Assert.AreEqual(100u, TcpHeader.GetSequence(b, 0));
            Assert.AreEqual(0u, TcpHeader.GetAcknowledgment(b, 0));
            Assert.AreEqual(20, TcpHeader.GetHeaderLength(b, 0));
            Assert.AreEqual((byte)0x02, TcpHeader.GetFlags(b, 0));
            Assert.AreEqual((ushort)0x2000, TcpHeader.GetWindow(b, 0));
        }

        [TestMethod]
        public void RoundTrip_EveryField()
        {
            byte[] b = new byte[44];
            TcpHeader.Write(b, 10, 40000, 7, 0xFFFFFFF0, 0x80000001, 24, (byte)(TcpHeader.Ack | TcpHeader.Psh | TcpHeader.Fin), 65535);
            TcpOptions.WriteMss(b, 30, 1460);
            b[34] = 0xAB;
            TcpHeader.WriteChecksum(b, 10, 25, 0x0A000001, 0x0A000002);
            Assert.IsTrue(TcpHeader.VerifyChecksum(b, 10, 25, 0x0A000001, 0x0A000002));
            Assert.IsFalse(TcpHeader.VerifyChecksum(b, 10, 25, 0x0A000001, 0x0A000003));
            Assert.AreEqual(24, TcpHeader.CheckLength(b, 10, 25));
            Assert.AreEqual((ushort)40000, TcpHeader.GetSourcePort(b, 10));
            Assert.AreEqual((ushort)7, TcpHeader.GetDestinationPort(b, 10));
            Assert.AreEqual(0xFFFFFFF0u, TcpHeader.GetSequence(b, 10));
            Assert.AreEqual(0x80000001u, TcpHeader.GetAcknowledgment(b, 10));
            Assert.AreEqual((byte)0x19, TcpHeader.GetFlags(b, 10));
            Assert.AreEqual((ushort)65535, TcpHeader.GetWindow(b, 10));
            TcpOptions o = new TcpOptions();
            Assert.IsTrue(o.Parse(b, 30, 4));
            Assert.AreEqual(1460, o.Mss);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(19)]
        public void TooShort_Rejected(int length)
        {
            byte[] b = new byte[40];
            b[12] = 0x50;
            Assert.AreEqual(-1, TcpHeader.CheckLength(b, 0, length));
        }

        [TestMethod]
        [DataRow(0x40)]
        [DataRow(0xF0)]
        public void DataOffsetBelow5OrBeyondTheSegment_Rejected(int offsetByte)
        {
            byte[] b = new byte[40];
            b[12] = (byte)offsetByte;
            Assert.AreEqual(-1, TcpHeader.CheckLength(b, 0, 40));
        }

        [TestMethod]
        public void SegmentBeyondTheBuffer_Rejected()
        {
            byte[] b = new byte[30];
            b[12] = 0x50;
            Assert.AreEqual(-1, TcpHeader.CheckLength(b, 20, 20));
        }
    }
}
