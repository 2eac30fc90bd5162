using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Firmware.Interpreter;
using TestCatalog = nanoFramework.TestFramework.TestCatalog;
using Xunit;

namespace Firmware.Tests.Interpreter;

/// <summary>Every portable test (tests/Portable), run on the nanoCLR interpreter; one xunit case each, named as on the host.</summary>
public class PortableTestsOnInterpreter
{
    private static readonly Assembly Portable = Assembly.Load("NFUnitTest");
    private static readonly Lazy<PortableRun> Results = new Lazy<PortableRun>(
        () => new PortableRun(Interpreter.Run("Interpreter.Runner", TimeSpan.FromMinutes(5))));

    public static IEnumerable<object[]> Cases() => TestCatalog.Discover(Portable).Select(id => new object[] { id });

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnNanoClr(string test)
    {
        string outcome = Results.Value.Outcome(test);
        Assert.True(outcome == "passed", test + " " + outcome);
    }

    [Fact]
    public void EveryPortableTestRan_AndTheRunnerSaysPass()
    {
        PortableRun run = Results.Value;
        int expected = TestCatalog.Discover(Portable).Count();
        Assert.True(run.Run.Verdict == "RESULT=PASS passed=" + expected + " failed=0",
            "expected all " + expected + " portable tests to pass on nanoCLR; " + run.Run.Describe());
    }
}
