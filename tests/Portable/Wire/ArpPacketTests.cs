using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class ArpPacketTests
    {
        [TestMethod]
        public void EmitRequest_EqualsLinuxCapture()
        {
            byte[] linux = TestBytes.FromHex(TestBytes.LinuxArpRequest);
            byte[] f = new byte[42];
            byte[] mac = new byte[] { 2, 0, 0, 0, 0, 1 };
            EthernetFrame.EmitHeader(f, 0, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 0, mac, EthernetFrame.TypeArp);
            ArpPacket.Emit(f, 14, ArpPacket.OperationRequest, mac, 0x0A000001, null, 0, 0x0A000002);
            CollectionAssert.AreEqual(linux, f);
        }

        [TestMethod]
        public void Check_LinuxRequest_FieldsRead()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxArpRequest);
            Assert.IsTrue(ArpPacket.Check(f, 14, 28));
            Assert.AreEqual(ArpPacket.OperationRequest, ArpPacket.GetOperation(f, 14));
            Assert.AreEqual((uint)0x0A000001, ArpPacket.GetSenderIp(f, 14));
            Assert.AreEqual((uint)0x0A000002, ArpPacket.GetTargetIp(f, 14));
        }

        [TestMethod]
        [DataRow(15, 2)]
        [DataRow(17, 0x86)]
        [DataRow(18, 8)]
        [DataRow(19, 16)]
        [DataRow(21, 3)]
        public void Check_WrongTypeLengthsOrOperation_False(int index, int value)
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxArpRequest);
            f[index] = (byte)value;
            Assert.IsFalse(ArpPacket.Check(f, 14, 28));
        }

        [TestMethod]
        public void Check_Truncated_False()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxArpRequest);
            Assert.IsFalse(ArpPacket.Check(f, 14, 27));
            Assert.IsFalse(ArpPacket.Check(f, 15, 28));
        }
    }
}
