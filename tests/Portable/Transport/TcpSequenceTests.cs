using Firmware.Net.Transport;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Transport
{
    [TestClass]
    public class TcpSequenceTests
    {
        [TestMethod]
        public void ComparisonsHoldAcrossTheWrap()
        {
            Assert.IsTrue(TcpSequence.Lt(0xFFFFFFF0, 0x00000010));
            Assert.IsTrue(TcpSequence.Gt(0x00000010, 0xFFFFFFF0));
            Assert.IsTrue(TcpSequence.Le(5, 5));
            Assert.IsTrue(TcpSequence.Ge(5, 5));
            Assert.IsFalse(TcpSequence.Lt(5, 5));
            Assert.IsTrue(TcpSequence.Lt(0x7FFFFFFF, 0x80000000));
            Assert.AreEqual(0x00000010u, TcpSequence.Max(0xFFFFFFF0, 0x00000010));
        }
    }
}
