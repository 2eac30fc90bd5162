using System;
using System.IO;
using Firmware.HttpPeers;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The simulator running with its HTTP forward on a free loopback port (no privileges): clients run here and
/// connect to 127.0.0.1:PORT, which the gateway carries across the virtual switch to the device's port 80.
/// One simulator for a test class (xUnit class fixture); stopped and its files deleted in Dispose.
/// </summary>
public sealed class ForwardedHttpSite : HttpPeerSite, IDisposable
{
    private readonly SimulatorProcess _simulator;

    public ForwardedHttpSite()
        : this(SimulatorProcess.Start(1, p => new[] { "--quiet", "--http-port", p[0].ToString(), "--seconds", "600" }))
    {
    }

    private ForwardedHttpSite(SimulatorProcess simulator)
        : base("forward", "127.0.0.1", simulator.Ports[0], Path.Combine(Path.GetTempPath(), "http-peers-" + Environment.ProcessId + "-" + simulator.Ports[0]))
    {
        _simulator = simulator;
    }

    public SimulatorProcess Simulator => _simulator;

    public override string SimulatorOutput => _simulator.Output + _simulator.Errors;

    public override PeerRun Run(int timeoutMs, params string[] command)
    {
        var run = ProcessRunner.Run(command[0], timeoutMs, command[1..]);
        return new PeerRun(run.ExitCode, run.Output, run.Errors, run.ExitCode == -1 && run.Errors.Contains("(killed after "));
    }

    public void Dispose()
    {
        _simulator.Dispose();
        try
        {
            if (Directory.Exists(WorkDirectory))
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
