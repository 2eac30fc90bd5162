using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// A network namespace of our own (fwtest-PID-N) with a persistent TAP device tap0 (kernel side 10.0.0.1/24)
/// and the simulator attached to it as 10.0.0.2/24, writing a pcap. Everything is torn down in Dispose:
/// simulator stopped (SIGTERM, then killed), namespace deleted (which removes tap0). When the machine lacks
/// something, <see cref="SetupError"/> says what and every test using it fails with that message.
/// </summary>
public class SimulatorInNamespace : IDisposable
{
    public const string KernelAddress = "10.0.0.1";
    public const string DeviceAddress = "10.0.0.2";
    public const string DeviceMac = "02:00:00:00:00:02";
    public const string Tap = "tap0";
    public const int CommandTimeoutMs = 20000;
    public const int SimulatorStartTimeoutMs = 30000;
    public const int SimulatorSeconds = 120;

    private static int _instances;
    private readonly StringBuilder _simulatorOutput = new();
    private readonly StringBuilder _simulatorErrors = new();
    private readonly string _temporaryDirectory;
    private Process _simulator;
    private bool _namespaceCreated;
    private readonly bool _staticAddress;
    private readonly System.Collections.Generic.List<Process> _peers = new();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SIGTERM = 15;

    public SimulatorInNamespace()
        : this(null)
    {
    }

    /// <summary>
    /// A variant: <paramref name="prepare"/> runs once the namespace is up and before the simulator starts
    /// (e.g. a qdisc, a listener, a file); it returns extra simulator arguments, and throws
    /// InvalidOperationException with the reason when it cannot.
    /// </summary>
    protected SimulatorInNamespace(Func<SimulatorInNamespace, string[]> prepare)
        : this(prepare, staticAddress: true)
    {
    }

    /// <summary>
    /// A variant whose simulator gets no --ip when <paramref name="staticAddress"/> is false (its prepare step passes
    /// --dhcp, and a DHCP server in the namespace configures the device).
    /// </summary>
    protected SimulatorInNamespace(Func<SimulatorInNamespace, string[]> prepare, bool staticAddress)
    {
        _staticAddress = staticAddress;
        Namespace = "fwtest-" + Environment.ProcessId + "-" + Interlocked.Increment(ref _instances);
        _temporaryDirectory = Path.Combine(Path.GetTempPath(), Namespace);
        PcapPath = Path.Combine(_temporaryDirectory, "simulator.pcap");
        string missing = RealPeerEnvironment.FindMissing();
        if (missing.Length > 0)
        {
            SetupError = "real-peer tests cannot run, missing: " + missing;
            return;
        }
        try
        {
            DeleteStaleNamespaces();
            Directory.CreateDirectory(_temporaryDirectory);
            SetupError = SetUpNamespace();
            if (SetupError == null)
            {
                string[] extra = System.Array.Empty<string>();
                if (prepare != null)
                {
                    try
                    {
                        extra = prepare(this) ?? extra;
                    }
                    catch (InvalidOperationException e)
                    {
                        SetupError = "preparing namespace " + Namespace + " failed: " + e.Message;
                    }
                }
                SetupError ??= StartSimulator(extra);
            }
        }
        catch (Exception e)
        {
            SetupError = "setting up namespace " + Namespace + " failed: " + e;
        }
        if (SetupError != null)
        {
            Dispose();
        }
    }

    public string Namespace { get; }

    public string PcapPath { get; }

    /// <summary>A directory of this fixture's own (deleted in Dispose) for files the peers read and write.</summary>
    public string TemporaryDirectory => _temporaryDirectory;

    /// <summary>Null when the namespace and the simulator are up; otherwise why not.</summary>
    public string SetupError { get; }

    public string SimulatorOutput { get { lock (_simulatorOutput) return _simulatorOutput.ToString(); } }

    public string SimulatorErrors { get { lock (_simulatorErrors) return _simulatorErrors.ToString(); } }

    /// <summary>Runs a command inside the namespace (ip netns exec NS ...), bounded by <paramref name="timeoutMs"/>.</summary>
    public ProcessResult Exec(int timeoutMs, params string[] command)
    {
        var arguments = new string[command.Length + 3];
        arguments[0] = "netns";
        arguments[1] = "exec";
        arguments[2] = Namespace;
        Array.Copy(command, 0, arguments, 3, command.Length);
        return ProcessRunner.Run("ip", arguments, timeoutMs);
    }

    /// <summary>Runs an iproute2 command against the namespace (ip -n NS ...).</summary>
    public ProcessResult Ip(params string[] arguments)
    {
        var all = new string[arguments.Length + 2];
        all[0] = "-n";
        all[1] = Namespace;
        Array.Copy(arguments, 0, all, 2, arguments.Length);
        return ProcessRunner.Run("ip", all, CommandTimeoutMs);
    }

    /// <summary>Stops the simulator with SIGTERM, as a person or a service manager would; returns how it ended.</summary>
    public ProcessResult StopSimulator(int timeoutMs)
    {
        if (_simulator == null)
        {
            return new ProcessResult(-1, SimulatorOutput, "simulator not running", false);
        }
        kill(_simulator.Id, SIGTERM);
        bool exited = _simulator.WaitForExit(timeoutMs);
        if (!exited)
        {
            try { _simulator.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _simulator.WaitForExit(5000);
        }
        else
        {
            _simulator.WaitForExit();
        }
        var result = new ProcessResult(exited ? _simulator.ExitCode : -1, SimulatorOutput, SimulatorErrors, !exited);
        _simulator.Dispose();
        _simulator = null;
        return result;
    }

    /// <summary>
    /// Deletes namespaces this test project left behind when its process was killed before Dispose ran: named
    /// fwtest-PID-N (our scheme) with no process PID alive any more. Others' namespaces never match.
    /// </summary>
    private static void DeleteStaleNamespaces()
    {
        var list = ProcessRunner.Run("ip", new[] { "netns", "list" }, CommandTimeoutMs);
        foreach (var line in list.StandardOutput.Split('\n'))
        {
            string name = line.Split(' ')[0].Trim();
            var parts = name.Split('-');
            if (parts.Length == 3 && parts[0] == "fwtest" && int.TryParse(parts[1], out int pid) && int.TryParse(parts[2], out _)
                && pid != Environment.ProcessId && !Directory.Exists("/proc/" + pid))
            {
                ProcessRunner.Run("ip", new[] { "netns", "del", name }, CommandTimeoutMs);
            }
        }
    }

    private string SetUpNamespace()
    {
        var add = ProcessRunner.Run("ip", new[] { "netns", "add", Namespace }, CommandTimeoutMs);
        if (add.ExitCode != 0)
        {
            return add.Describe("ip netns add " + Namespace);
        }
        _namespaceCreated = true;
        string[][] steps =
        {
            new[] { "tuntap", "add", "dev", Tap, "mode", "tap" },
            new[] { "addr", "add", KernelAddress + "/24", "dev", Tap },
            new[] { "link", "set", Tap, "up" },
            new[] { "link", "set", "lo", "up" },
        };
        foreach (var step in steps)
        {
            var result = Ip(step);
            if (result.ExitCode != 0)
            {
                return result.Describe("ip -n " + Namespace + " " + string.Join(" ", step));
            }
        }
        return null;
    }

    private string StartSimulator(string[] extra)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var address = _staticAddress ? new[] { "--ip", DeviceAddress + "/24" } : Array.Empty<string>();
        foreach (var argument in new[]
        {
            "netns", "exec", Namespace, "dotnet", RealPeerEnvironment.SimulatorDll, "--tap", Tap,
        }.Concat(address).Concat(new[]
        {
            "--mac", DeviceMac, "--pcap", PcapPath, "--seconds", SimulatorSeconds.ToString(), "--quiet",
        }).Concat(extra))
        {
            info.ArgumentList.Add(argument);
        }
        using var started = new ManualResetEventSlim(false);
        _simulator = new Process { StartInfo = info };
        _simulator.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                return;
            }
            lock (_simulatorOutput) _simulatorOutput.AppendLine(e.Data);
            if (e.Data.StartsWith("simulator: running", StringComparison.Ordinal))
            {
                try { started.Set(); } catch (ObjectDisposedException) { }
            }
        };
        _simulator.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_simulatorErrors) _simulatorErrors.AppendLine(e.Data); };
        _simulator.Start();
        _simulator.BeginOutputReadLine();
        _simulator.BeginErrorReadLine();
        var stopwatch = Stopwatch.StartNew();
        while (!started.Wait(100))
        {
            if (_simulator.HasExited || stopwatch.ElapsedMilliseconds > SimulatorStartTimeoutMs)
            {
                return "the simulator did not start in namespace " + Namespace + (_simulator.HasExited ? " (exited " + _simulator.ExitCode + ")" : " (timed out)")
                    + "\n--- stdout\n" + SimulatorOutput + "\n--- stderr\n" + SimulatorErrors;
            }
        }
        return null;
    }

    /// <summary>
    /// Starts a long-running peer inside the namespace (a server such as dnsmasq or chronyd, in the foreground); its
    /// output goes to <paramref name="logPath"/>. It is killed in <see cref="StopPeer"/> or in Dispose.
    /// </summary>
    public Process StartPeer(string logPath, params string[] command)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", Namespace }.Concat(command))
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Flush(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_peers) _peers.Add(process);
        return process;
    }

    /// <summary>Stops a peer this fixture started (SIGTERM, then killed).</summary>
    public void StopPeer(Process peer)
    {
        lock (_peers) _peers.Remove(peer);
        try
        {
            if (!peer.HasExited)
            {
                kill(peer.Id, SIGTERM);
                if (!peer.WaitForExit(5000))
                {
                    peer.Kill(entireProcessTree: true);
                    peer.WaitForExit(5000);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }
        peer.Dispose();
    }

    public void Dispose()
    {
        if (_simulator != null)
        {
            StopSimulator(10000);
        }
        Process[] peers;
        lock (_peers) peers = _peers.ToArray();
        foreach (var peer in peers)
        {
            StopPeer(peer);
        }
        if (_namespaceCreated)
        {
            // Deleting the namespace destroys tap0 with it; retried because a dying child may still hold it briefly.
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (ProcessRunner.Run("ip", new[] { "netns", "del", Namespace }, CommandTimeoutMs).ExitCode == 0)
                {
                    break;
                }
                Thread.Sleep(200);
            }
            _namespaceCreated = false;
        }
        try
        {
            if (Directory.Exists(_temporaryDirectory))
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
