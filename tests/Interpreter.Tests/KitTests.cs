using System;
using System.IO;
using Firmware.Interpreter;
using Xunit;

namespace Firmware.Tests.Interpreter;

/// <summary>Where the kit comes from, and what a user without one is told.</summary>
public class KitTests
{
    [Fact]
    public void NoKitAnywhere_FailsSayingWhereItLookedAndHowToBuildOne()
    {
        string nowhere = Path.Combine(Path.GetTempPath(), "no-kit-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<InterpreterKitMissingException>(() => InterpreterKit.Locate(new[] { nowhere }));
        Assert.Contains(nowhere, e.Message);
        Assert.Contains("bash tools/nanoclr-kit/build-kit.sh", e.Message);
        Assert.Contains(InterpreterKit.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void TheKitInUse_HasTheInterpreterAndMetadataProcessor()
    {
        InterpreterKit kit = Interpreter.Kit;
        Assert.True(File.Exists(kit.NanoClr), kit.NanoClr);
        Assert.True(File.Exists(kit.MetadataProcessor), kit.MetadataProcessor);
    }
}
