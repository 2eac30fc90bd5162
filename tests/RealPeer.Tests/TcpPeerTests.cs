using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>The kernel's TCP against the device's TCP layer itself (no service needed), through tap0.</summary>
public sealed class TcpPeerTests : IClassFixture<SimulatorInNamespace>
{
    private const int PeerTimeoutMs = 60000;
    private readonly SimulatorInNamespace _net;

    public TcpPeerTests(SimulatorInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void TcpClosedPort_ConnectionRefused()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "23", "0", "refused");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp closed-port client") + Simulator());
        Assert.Contains("refused", result.StandardOutput);
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;
}
