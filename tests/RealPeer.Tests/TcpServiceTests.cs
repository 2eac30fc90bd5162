using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The kernel's TCP — the most tested TCP there is — against the device app's TCP echo (7), discard (9) and
/// chargen (19) services, through tap0 in a namespace of our own.
/// </summary>
public sealed class TcpServiceTests : IClassFixture<SimulatorInNamespace>
{
    private const int PeerTimeoutMs = 60000;
    private readonly SimulatorInNamespace _net;

    public TcpServiceTests(SimulatorInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void TcpEcho_Netcat_LineComesBackAndConnectionCloses()
    {
        // -N: shut down the sending side at end of input, so the device sees our FIN and closes too.
        var result = _net.Exec(PeerTimeoutMs, "sh", "-c", "printf 'hello over tcp\\n' | nc -N -w 5 " + SimulatorInNamespace.DeviceAddress + " 7");
        Assert.True(result.ExitCode == 0, result.Describe("nc (tcp echo)") + Simulator());
        Assert.Equal("hello over tcp\n", result.StandardOutput);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1460)]
    [InlineData(200_000)]
    public void TcpEcho_PythonClient_EveryByteBackInOrder(int lengthBytes)
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "7", lengthBytes.ToString(), "echo");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp echo client") + Simulator());
        Assert.Contains("echoed " + lengthBytes + " bytes", result.StandardOutput);
    }

    [Fact]
    public void TcpDiscard_AcceptsEverythingAndClosesAfterUs()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "9", "100000", "discard");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp discard client") + Simulator());
        Assert.Contains("discarded 100000 bytes", result.StandardOutput);
    }

    [Fact]
    public void TcpChargen_PrintableLinesEndingInCrLf()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "19", "20000", "chargen");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp chargen client") + Simulator());
        Assert.Contains("chargen ok", result.StandardOutput);
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;
}
