using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Network;
using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Network
{
    [TestClass]
    public class ReassemblerTests
    {
        // One fragment of a 24-byte payload whose byte i is i, as an IPv4 packet.
        private static byte[] Fragment(int id, int offsetBytes, int length, bool more)
        {
            byte[] p = new byte[20 + length];
            for (int i = 0; i < length; i++)
            {
                p[20 + i] = (byte)(offsetBytes + i);
            }
            Ipv4Header.Emit(p, 0, 20 + length, id, false, more, offsetBytes, 64, 17, 0x0A000001, 0x0A000002);
            return p;
        }

        private static Reassembler Make(Ipv4Counters counters, int slots)
        {
            StackConfig c = new StackConfig();
            c.ReassemblySlots = slots;
            c.ReassemblyBufferBytes = 64;
            c.ReassemblyTimeoutMs = 1000;
            return new Reassembler(c, counters);
        }

        private static void AssertPattern(Reassembler r, int slot, int length)
        {
            Assert.AreEqual(length, r.GetLength(slot));
            byte[] b = r.GetBuffer(slot);
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual((byte)i, b[i]);
            }
        }

        [TestMethod]
        public void InOrder_CompletesOnLast()
        {
            Ipv4Counters c = new Ipv4Counters();
            Reassembler r = Make(c, 1);
            Assert.AreEqual(-1, r.Add(Fragment(1, 0, 8, true), 0, 0));
            Assert.AreEqual(-1, r.Add(Fragment(1, 8, 8, true), 0, 0));
            int slot = r.Add(Fragment(1, 16, 5, false), 0, 0);
            Assert.AreEqual(0, slot);
            AssertPattern(r, slot, 21);
            Assert.AreEqual(20 + 8, r.GetQuoteLength(slot));
            Assert.AreEqual(1, c.Reassembled);
        }

        [TestMethod]
        public void ReverseOrder_WithDuplicate_Completes()
        {
            Ipv4Counters c = new Ipv4Counters();
            Reassembler r = Make(c, 1);
            Assert.AreEqual(-1, r.Add(Fragment(1, 16, 8, false), 0, 0));
            Assert.AreEqual(-1, r.Add(Fragment(1, 8, 8, true), 0, 0));
            Assert.AreEqual(-1, r.Add(Fragment(1, 8, 8, true), 0, 0));
            int slot = r.Add(Fragment(1, 0, 8, true), 0, 0);
            AssertPattern(r, slot, 24);
        }

        [TestMethod]
        public void Overlap_DoesNotCompleteEarly()
        {
            Ipv4Counters c = new Ipv4Counters();
            Reassembler r = Make(c, 1);
            Assert.AreEqual(-1, r.Add(Fragment(1, 0, 16, true), 0, 0));
            Assert.AreEqual(-1, r.Add(Fragment(1, 8, 16, true), 0, 0));   // overlaps 8..16
            Assert.AreEqual(-1, r.Add(Fragment(1, 32, 4, false), 0, 0));  // hole 24..32
            int slot = r.Add(Fragment(1, 16, 16, true), 0, 0);
            AssertPattern(r, slot, 36);
        }

        [TestMethod]
        public void BeyondBuffer_Failed()
        {
            Ipv4Counters c = new Ipv4Counters();
            Reassembler r = Make(c, 1);
            Assert.AreEqual(-1, r.Add(Fragment(1, 56, 16, false), 0, 0));
            Assert.AreEqual(1, c.ReassemblyFailures);
            Assert.AreEqual(0, r.SlotsInUse);
        }

        [TestMethod]
        public void DataBeyondLastFragment_Failed()
        {
            Ipv4Counters c = new Ipv4Counters();
            Reassembler r = Make(c, 1);
            r.Add(Fragment(1, 16, 8, true), 0, 0);
            Assert.AreEqual(-1, r.Add(Fragment(1, 0, 8, false), 0, 0));
            Assert.AreEqual(1, c.ReassemblyFailures);
            Assert.AreEqual(0, r.SlotsInUse);
        }

        [TestMethod]
        public void PoolFull_Counted_TimeoutFrees()
        {
            Ipv4Counters c = new Ipv4Counters();
            Reassembler r = Make(c, 1);
            r.Add(Fragment(1, 0, 8, true), 0, 100);
            r.Add(Fragment(2, 0, 8, true), 0, 100);
            Assert.AreEqual(1, c.ReassemblyPoolFull);
            Assert.AreEqual(1100L, r.NextDeadlineMs);
            Assert.AreEqual(-1, r.TakeExpired(1099));
            int slot = r.TakeExpired(1100);
            Assert.AreEqual(0, slot);
            r.Release(slot);
            Assert.AreEqual(long.MaxValue, r.NextDeadlineMs);
            Assert.AreEqual(1, c.ReassemblyFailures);
        }
    }
}
