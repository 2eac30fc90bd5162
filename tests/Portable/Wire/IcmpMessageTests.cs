using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Wire
{
    [TestClass]
    public class IcmpMessageTests
    {
        [TestMethod]
        public void LinuxPing_Checks_FieldsRead()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxPing);
            Assert.IsTrue(IcmpMessage.Check(f, 34, 64));
            Assert.AreEqual(IcmpMessage.TypeEchoRequest, IcmpMessage.GetType(f, 34));
            Assert.AreEqual((ushort)0x379b, IcmpMessage.GetIdentifier(f, 34));
            Assert.AreEqual((ushort)1, IcmpMessage.GetSequence(f, 34));
        }

        [TestMethod]
        public void Emit_ReproducesLinuxChecksum()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxPing);
            f[36] = 0;
            f[37] = 0;
            IcmpMessage.Emit(f, 34, IcmpMessage.TypeEchoRequest, 0, 0x379b0001, 56);
            Assert.AreEqual((byte)0x93, f[36]);
            Assert.AreEqual((byte)0x72, f[37]);
        }

        [TestMethod]
        public void Check_ShortOrCorrupt_False()
        {
            byte[] f = TestBytes.FromHex(TestBytes.LinuxPing);
            Assert.IsFalse(IcmpMessage.Check(f, 34, 7));
            f[50] ^= 1;
            Assert.IsFalse(IcmpMessage.Check(f, 34, 64));
        }

        [TestMethod]
        public void ErrorTypes_Recognised()
        {
            Assert.IsTrue(IcmpMessage.IsError(3));
            Assert.IsTrue(IcmpMessage.IsError(11));
            Assert.IsFalse(IcmpMessage.IsError(0));
            Assert.IsFalse(IcmpMessage.IsError(8));
        }
    }
}
