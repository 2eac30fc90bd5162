using System;
using Firmware.Interpreter;
using Xunit;

namespace Firmware.Tests.Interpreter;

/// <summary>The interpreter runner reports failures: planted ones (tests/Interpreter.Samples) come back named, with their exception.</summary>
public class RunnerTests
{
    private static readonly Lazy<PortableRun> Results = new Lazy<PortableRun>(() =>
    {
        // The runner with the sample assembly loaded beside the portable tests.
        NanoProgram runner = NanoProgram.Load("Interpreter.Runner");
        NanoProgram samples = NanoProgram.Load("Interpreter.Samples");
        return new PortableRun(runner.RunWith(samples, Interpreter.Kit, TimeSpan.FromMinutes(5)));
    });

    private const string Planted = "Firmware.Tests.Samples.PlantedTests.";

    [Fact]
    public void PassingSample_Passes()
    {
        Assert.Equal("passed", Results.Value.Outcome(Planted + "Passes"));
    }

    [Fact]
    public void FailedAssertion_NamesTheTestAndTheAssertion()
    {
        string outcome = Results.Value.Outcome(Planted + "AssertionFails");
        Assert.StartsWith("failed on nanoCLR: nanoFramework.TestFramework.AssertFailedException: Assert.AreEqual failed: expected <5>, actual <4>. planted", outcome);
    }

    [Fact]
    public void PlantedThrow_NamesTheTestAndTheException()
    {
        string outcome = Results.Value.Outcome(Planted + "Throws");
        Assert.StartsWith("failed on nanoCLR: System.InvalidOperationException: planted throw", outcome);
    }

    [Fact]
    public void DataRows_EachReportedOnItsOwn()
    {
        Assert.Equal("passed", Results.Value.Outcome(Planted + "RowDividesBy#0(1)"));
        // nanoCLR raises integer division by zero as a plain System.Exception ("Exception was thrown: System.Exception"),
        // not DivideByZeroException as .NET does: code must not catch it by type.
        Assert.StartsWith("failed on nanoCLR: System.Exception: Exception was thrown", Results.Value.Outcome(Planted + "RowDividesBy#1(0)"));
    }

    [Fact]
    public void AnyFailure_MakesTheVerdictFail()
    {
        Assert.StartsWith("RESULT=FAIL ", Results.Value.Run.Verdict);
        Assert.Equal(3, Results.Value.Failed);
    }
}
