using System;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Samples
{
    /// <summary>Known outcomes for the runner to report: one pass, one failed assertion, one exception, one data row of each.</summary>
    [TestClass]
    public class PlantedTests
    {
        [TestMethod]
        public void Passes()
        {
            Assert.AreEqual(4, 2 + 2);
        }

        [TestMethod]
        public void AssertionFails()
        {
            Assert.AreEqual(5, 2 + 2, "planted");
        }

        [TestMethod]
        public void Throws()
        {
            throw new InvalidOperationException("planted throw");
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(0)]
        public void RowDividesBy(int divisor)
        {
            Assert.AreEqual(7, 7 / divisor);
        }
    }
}
