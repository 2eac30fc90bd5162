using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>Discard with loss, duplication, reordering and delay on the path (netem, or the simulator's injector).</summary>
public sealed class TcpLossyDiscardTests : IClassFixture<LossySimulatorInNamespace>
{
    private const int Length = 512 * 1024;
    private readonly LossySimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public TcpLossyDiscardTests(LossySimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Discard_WithFaults_AllBytesCountedAndCleanClose()
    {
        _output.WriteLine("faults: " + _net.FaultMechanism);
        var result = BulkChecks.RunClient(_net, 9, Length, "discard");
        _output.WriteLine("kernel -> device discard, " + Length + " bytes, with faults: " + result.StandardOutput.Trim());
        Assert.True(result.ExitCode == 0, result.Describe("python3 bulk discard client (faults: " + _net.FaultMechanism + ")") + BulkChecks.Simulator(_net));
        Assert.Contains("discard sent " + Length + " bytes", result.StandardOutput);
        string summary = BulkChecks.StopSimulator(_net, _output);
        Assert.Equal(Length, BulkChecks.ServiceBytes(summary).Discarded);
        BulkChecks.AssertCaptureClean(_net, _output, Length / 1460, allowResetsAfterClose: true);
    }
}

/// <summary>
/// Issue 12's loss goal: 1 MiB through the device's echo service with the simulator's faults on both directions
/// (5% drop, 2% duplication, 5% reorder, 10% delay) and the device's default settings, done within 60 s (the
/// client's own limit; it also needs the clean close), every byte back in order.
/// </summary>
public sealed class TcpLossyEchoTests : IClassFixture<FaultySimulatorInNamespace>
{
    private const int Length = 1024 * 1024;
    private const int LimitSeconds = 60;
    private readonly FaultySimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public TcpLossyEchoTests(FaultySimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Echo1MiB_WithFaults_DefaultSettings_Sha256MatchesAndCleanCloseWithinAMinute()
    {
        _output.WriteLine("faults: simulator FaultInjector " + string.Join(" ", FaultySimulatorInNamespace.FaultArguments) + ", both directions; default TcpConfig");
        var result = BulkChecks.RunClient(_net, 7, Length, "echo", LimitSeconds);
        _output.WriteLine("kernel <-> device echo, " + Length + " bytes, with faults: " + result.StandardOutput.Trim());
        Assert.True(result.ExitCode == 0, result.Describe("python3 bulk echo client (limit " + LimitSeconds + " s)") + BulkChecks.Simulator(_net));
        Assert.Matches(@"echo sent " + Length + @" bytes sha256 (\w{64}), received " + Length + @" bytes sha256 \1, clean close", result.StandardOutput);
        string summary = BulkChecks.StopSimulator(_net, _output);
        Assert.Equal(Length, BulkChecks.ServiceBytes(summary).Echoed);
        BulkChecks.AssertCaptureClean(_net, _output, 2 * Length / 1460, allowResetsAfterClose: true);
    }
}
