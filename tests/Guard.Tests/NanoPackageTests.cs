using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Guard.Tests
{
    /// <summary>
    /// nanoFramework's own packages (here a stand-in for nanoFramework.Hardware.Esp32) are judged against their
    /// lists like the BCL: a member the package's list lacks is rejected even though the stub has it.
    /// </summary>
    public class NanoPackageTests
    {
        private static readonly MetadataReference Esp32Stub = GuardHarness.StubAssembly("nanoFramework.Hardware.Esp32", @"
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction { SPI1_MOSI = 65792 }
    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction function) { }
        public static void NotInTheList() { }
    }
}");

        [Fact]
        public void ListedEsp32Member_IsAccepted()
        {
            string source = GuardHarness.InMethod("nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(23, nanoFramework.Hardware.Esp32.DeviceFunction.SPI1_MOSI);");
            var ds = GuardHarness.AnalyzeWithReferences(source, new[] { Esp32Stub }, "corelib", "hardware.esp32");
            Assert.True(ds.IsEmpty, GuardHarness.Dump(ds));
        }

        [Fact]
        public void UnlistedEsp32Member_IsRejected()
        {
            string source = GuardHarness.InMethod("nanoFramework.Hardware.Esp32.Configuration.NotInTheList(); //!");
            var ds = GuardHarness.AnalyzeWithReferences(source, new[] { Esp32Stub }, "corelib", "hardware.esp32");
            int line = GuardHarness.MarkedLine(source);
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("NotInTheList") && d.Location.GetLineSpan().StartLinePosition.Line + 1 == line);
        }

        [Fact]
        public void Esp32Package_WithoutItsList_IsRejected()
        {
            string source = GuardHarness.InMethod("nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(23, nanoFramework.Hardware.Esp32.DeviceFunction.SPI1_MOSI); //!");
            var ds = GuardHarness.AnalyzeWithReferences(source, new[] { Esp32Stub }, "corelib");
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("SetPinFunction"));
        }
    }
}
