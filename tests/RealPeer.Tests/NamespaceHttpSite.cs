using System;
using Firmware.HttpPeers;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The device's web server at its own address, 10.0.0.2:80, reached from inside a namespace of our own across a TAP:
/// the kernel's TCP is the client's, and every client program runs there (ip netns exec). One namespace and one
/// simulator per test class (xUnit class fixture), torn down in Dispose.
/// </summary>
public sealed class NamespaceHttpSite : HttpPeerSite, IDisposable
{
    public NamespaceHttpSite()
        : this(new SimulatorInNamespace())
    {
    }

    private NamespaceHttpSite(SimulatorInNamespace net)
        : base("tap", SimulatorInNamespace.DeviceAddress, 80, net.TemporaryDirectory)
    {
        Net = net;
    }

    public SimulatorInNamespace Net { get; }

    public override string SimulatorOutput => Net.SimulatorOutput + Net.SimulatorErrors;

    public override PeerRun Run(int timeoutMs, params string[] command)
    {
        var run = Net.Exec(timeoutMs, command);
        return new PeerRun(run.ExitCode, run.StandardOutput, run.StandardError, run.TimedOut);
    }

    public void Dispose() => Net.Dispose();
}
