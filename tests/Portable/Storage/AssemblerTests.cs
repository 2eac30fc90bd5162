using Firmware.Net.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class AssemblerTests
    {
        [TestMethod]
        public void Holes_FilledInAnyOrder_FrontTakenWhenContiguous()
        {
            Assembler a = new Assembler(4);
            Assert.IsTrue(a.Add(10, 5));
            Assert.IsTrue(a.Add(30, 5));
            Assert.AreEqual(0, a.TakeFront());
            Assert.IsTrue(a.Add(15, 15));
            Assert.AreEqual(1, a.RangeCount);
            Assert.IsTrue(a.Add(0, 10));
            Assert.AreEqual(35, a.TakeFront());
            Assert.IsTrue(a.IsEmpty);
        }

        [TestMethod]
        public void FullTable_RefusesANewRange_AcceptsAMergingOne()
        {
            Assembler a = new Assembler(4);
            Assert.IsTrue(a.Add(10, 1));
            Assert.IsTrue(a.Add(20, 1));
            Assert.IsTrue(a.Add(30, 1));
            Assert.IsTrue(a.Add(40, 1));
            Assert.IsFalse(a.Add(50, 1));
            Assert.IsTrue(a.Add(11, 9));
            Assert.AreEqual(3, a.RangeCount);
            Assert.AreEqual(10, a.GetStart(0));
            Assert.AreEqual(21, a.GetEnd(0));
        }

        [TestMethod]
        public void Overlaps_Merge_TakeFrontShiftsTheRest()
        {
            Assembler a = new Assembler(4);
            a.Add(5, 10);
            a.Add(0, 3);
            a.Add(2, 5);
            Assert.AreEqual(15, a.TakeFront());
            a.Add(5, 5);
            a.Add(0, 2);
            Assert.AreEqual(2, a.TakeFront());
            Assert.AreEqual(3, a.GetStart(0));
            Assert.AreEqual(8, a.GetEnd(0));
        }
    }
}
