using System;
using System.IO;
using System.Linq;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The simulator with faults on the path: netem on tap0 when the kernel has it, otherwise the simulator's own
/// FaultInjector (5% drop, 5% duplicate, 5% reorder, 10% of frames delayed 10-100 ms, both directions).
/// <see cref="FaultMechanism"/> says which one runs.
/// </summary>
public sealed class LossySimulatorInNamespace : SimulatorInNamespace
{
    public static readonly string[] NetemArguments = { "qdisc", "add", "dev", Tap, "root", "netem", "loss", "5%", "delay", "10ms", "reorder", "25%", "duplicate", "5%" };
    public static readonly string[] SimulatorFaultArguments = { "--drop", "0.05", "--duplicate", "0.05", "--reorder", "0.05", "--delay", "0.1", "--seed", "7" };

    public LossySimulatorInNamespace()
        : base(Prepare)
    {
    }

    public string FaultMechanism { get; private set; }

    private static string[] Prepare(SimulatorInNamespace net)
    {
        var self = (LossySimulatorInNamespace)net;
        string tc = RealPeerEnvironment.FindOnPath("tc");
        if (tc == null)
        {
            self.FaultMechanism = "simulator FaultInjector (" + string.Join(" ", SimulatorFaultArguments) + "); netem not tried: no 'tc' on PATH";
            return SimulatorFaultArguments;
        }
        var netem = net.Exec(CommandTimeoutMs, new[] { "tc" }.Concat(NetemArguments).ToArray());
        if (netem.ExitCode == 0)
        {
            self.FaultMechanism = "netem on " + Tap + " (kernel to device only): " + string.Join(" ", NetemArguments);
            return Array.Empty<string>();
        }
        string why = (netem.StandardError + netem.StandardOutput).Trim();
        if (!why.Contains("unknown", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(netem.Describe("tc " + string.Join(" ", NetemArguments)));
        }
        self.FaultMechanism = "simulator FaultInjector (" + string.Join(" ", SimulatorFaultArguments) + "), both directions; netem refused: " + why;
        return SimulatorFaultArguments;
    }
}

/// <summary>
/// The simulator with its own fault injector on every frame the device sends and receives, at issue 12's figures
/// (5% dropped, 2% duplicated, 5% reordered, 10% delayed by 10-100 ms), and otherwise its default settings (the
/// device's TcpConfig as it ships: rings, minimum RTO, loss recovery). Unlike netem, both directions suffer.
/// </summary>
public sealed class FaultySimulatorInNamespace : SimulatorInNamespace
{
    public static readonly string[] FaultArguments = { "--drop", "0.05", "--duplicate", "0.02", "--reorder", "0.05", "--delay", "0.1", "--seed", "7" };

    public FaultySimulatorInNamespace()
        : base(_ => FaultArguments)
    {
    }
}

/// <summary>The simulator told to connect out to the kernel (10.0.0.1:5000) and send a 256 KiB file of pseudo-random bytes.</summary>
public sealed class ActiveOpenSimulatorInNamespace : SimulatorInNamespace
{
    public const int ListenPort = 5000;
    public const int FileBytes = 256 * 1024;

    public ActiveOpenSimulatorInNamespace()
        : base(Prepare)
    {
    }

    public string SentFilePath { get; private set; }

    private static string[] Prepare(SimulatorInNamespace net)
    {
        var self = (ActiveOpenSimulatorInNamespace)net;
        var data = new byte[FileBytes];
        new Random(20261123).NextBytes(data);
        self.SentFilePath = Path.Combine(net.TemporaryDirectory, "sent.bin");
        File.WriteAllBytes(self.SentFilePath, data);
        return new[] { "--connect", KernelAddress + ":" + ListenPort, "--send-file", self.SentFilePath };
    }
}
