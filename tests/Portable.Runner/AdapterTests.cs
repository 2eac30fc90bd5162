using System;
using System.Linq;
using nanoFramework.TestFramework;
using Xunit;
using NanoAssert = nanoFramework.TestFramework.Assert;
using XAssert = Xunit.Assert;

namespace Firmware.Tests.Runner
{
    /// <summary>A portable test class as a board would run it; the adapter tests below run it through TestCatalog.</summary>
    [TestClass]
    public class SampleNanoTests
    {
        public static int SetupCalls;
        public static int CleanupCalls;

        [Setup]
        public void Setup() { SetupCalls++; }

        [Cleanup]
        public void Cleanup() { CleanupCalls++; }

        [TestMethod]
        public void Passes() { NanoAssert.AreEqual(4, 2 + 2); }

        [TestMethod]
        public void FailsWithMessage() { NanoAssert.AreEqual(5, 2 + 2, "two and two"); }

        [TestMethod]
        [DataRow(1, (byte)2)]
        [DataRow(7, (byte)8)]
        public void Rows(int a, byte b) { NanoAssert.AreEqual(a + 1, (int)b); }

        [TestMethod]
        public void Skips() { NanoAssert.SkipTest("needs a board"); }
    }

    /// <summary>The host adapter: discovery names every method and data row, Run reports failures with their message.</summary>
    public class AdapterTests
    {
        private static readonly System.Reflection.Assembly Here = typeof(AdapterTests).Assembly;
        private const string Sample = "Firmware.Tests.Runner.SampleNanoTests.";

        [Fact]
        public void Discover_ListsEachMethodAndEachDataRow()
        {
            string[] ids = TestCatalog.Discover(Here).Where(id => id.StartsWith(Sample, StringComparison.Ordinal)).ToArray();
            XAssert.Equal(new[]
            {
                Sample + "FailsWithMessage",
                Sample + "Passes",
                Sample + "Rows#0(1, 2)",
                Sample + "Rows#1(7, 8)",
                Sample + "Skips",
            }, ids);
        }

        [Fact]
        public void Run_PassingTestAndDataRows_RunSetupAndCleanupAroundEach()
        {
            int setups = SampleNanoTests.SetupCalls, cleanups = SampleNanoTests.CleanupCalls;
            TestCatalog.Run(Here, Sample + "Passes");
            TestCatalog.Run(Here, Sample + "Rows#0(1, 2)");
            TestCatalog.Run(Here, Sample + "Rows#1(7, 8)");
            XAssert.Equal(setups + 3, SampleNanoTests.SetupCalls);
            XAssert.Equal(cleanups + 3, SampleNanoTests.CleanupCalls);
        }

        [Fact]
        public void Run_FailingAssertion_ThrowsWithTheAssertionsMessage()
        {
            var e = XAssert.Throws<AssertFailedException>(() => TestCatalog.Run(Here, Sample + "FailsWithMessage"));
            XAssert.Equal("Assert.AreEqual failed: expected <5>, actual <4>. two and two", e.Message);
        }

        [Fact]
        public void Run_SkippedTest_FailsSayingWhy()
        {
            var e = XAssert.Throws<AssertFailedException>(() => TestCatalog.Run(Here, Sample + "Skips"));
            XAssert.Contains("needs a board", e.Message);
        }
    }
}
