using Firmware.Net.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class RingBufferTests
    {
        private static byte[] Seq(int n, int start)
        {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) { b[i] = (byte)(start + i); }
            return b;
        }

        [TestMethod]
        public void WriteRead_AcrossTheWrap_InOrder()
        {
            RingBuffer r = new RingBuffer(10);
            Assert.AreEqual(7, r.Write(Seq(7, 0), 0, 7));
            byte[] out5 = new byte[5];
            Assert.AreEqual(5, r.Read(out5, 0, 5));
            Assert.AreEqual(8, r.Write(Seq(10, 7), 0, 10));
            Assert.AreEqual(10, r.Count);
            Assert.AreEqual(0, r.Free);
            byte[] all = new byte[10];
            Assert.AreEqual(10, r.Read(all, 0, 10));
            CollectionAssert.AreEqual(Seq(10, 5), all);
        }

        [TestMethod]
        public void Peek_AtAnOffset_LeavesTheData()
        {
            RingBuffer r = new RingBuffer(8);
            r.Write(Seq(6, 0), 0, 6);
            r.Discard(4);
            r.Write(Seq(6, 6), 0, 6);
            byte[] p = new byte[3];
            Assert.AreEqual(3, r.Peek(2, p, 0, 3));
            CollectionAssert.AreEqual(Seq(3, 6), p);
            Assert.AreEqual(8, r.Count);
            Assert.AreEqual(0, r.Peek(8, p, 0, 3));
        }

        [TestMethod]
        public void WriteAhead_ThenCommit_JoinsTheStream()
        {
            RingBuffer r = new RingBuffer(8);
            r.Write(Seq(5, 0), 0, 5);
            r.Discard(5);
            Assert.IsTrue(r.WriteAhead(2, Seq(3, 12), 0, 3));
            Assert.IsFalse(r.WriteAhead(6, Seq(3, 0), 0, 3));
            Assert.AreEqual(0, r.Count);
            Assert.IsTrue(r.WriteAhead(0, Seq(2, 10), 0, 2));
            r.Commit(5);
            byte[] all = new byte[5];
            r.Read(all, 0, 5);
            CollectionAssert.AreEqual(Seq(5, 10), all);
        }

        [TestMethod]
        public void EmptyingTheRing_KeepsDataWrittenAhead()
        {
            RingBuffer r = new RingBuffer(8);
            r.Write(Seq(3, 0), 0, 3);
            r.WriteAhead(2, Seq(2, 5), 0, 2);
            byte[] x = new byte[3];
            r.Read(x, 0, 3);
            r.WriteAhead(0, Seq(2, 3), 0, 2);
            r.Commit(4);
            byte[] all = new byte[4];
            r.Read(all, 0, 4);
            CollectionAssert.AreEqual(Seq(4, 3), all);
        }
    }
}
