using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The simulator running in the background while a test talks to it through its forwards on 127.0.0.1.
/// <see cref="Start"/> picks free host ports, starts the process and waits until it runs; <see cref="Stop"/>
/// ends it with SIGTERM and returns everything it printed.
/// </summary>
public sealed class SimulatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private SimulatorProcess(Process process, int[] ports)
    {
        _process = process;
        Ports = ports;
    }

    /// <summary>The host ports the simulator was started with.</summary>
    public int[] Ports { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public string Errors
    {
        get { lock (_errors) return _errors.ToString(); }
    }

    /// <summary>Simulator.dll built next to these tests (the project reference builds and copies it).</summary>
    public static string Dll
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Simulator.dll");
            Assert.True(File.Exists(path), "Simulator.dll is not beside the tests: " + path);
            return path;
        }
    }

    /// <summary>A port nobody listens on right now: bound to 127.0.0.1:0 and released (it may be taken again by the time it is used).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>
    /// Starts the simulator with the arguments <paramref name="arguments"/> builds from <paramref name="portCount"/>
    /// free ports, and waits (up to 30 s) for its "running" line. Should a port be taken between choosing and
    /// binding (exit 2, "already in use"), it tries again with new ports, up to three times.
    /// </summary>
    public static SimulatorProcess Start(int portCount, Func<int[], string[]> arguments)
    {
        for (int attempt = 1; ; attempt++)
        {
            var ports = new int[portCount];
            for (int i = 0; i < portCount; i++)
            {
                do
                {
                    ports[i] = FreePort();
                }
                while (Array.IndexOf(ports, ports[i], 0, i) >= 0);
            }
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Dll);
            foreach (var argument in arguments(ports))
            {
                info.ArgumentList.Add(argument);
            }
            var process = new Process { StartInfo = info };
            var simulator = new SimulatorProcess(process, ports);
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (simulator._output) simulator._output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (simulator._errors) simulator._errors.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var stopwatch = Stopwatch.StartNew();
            while (!simulator.Output.Contains("simulator: running") && !process.HasExited && stopwatch.ElapsedMilliseconds < 30000)
            {
                Thread.Sleep(20);
            }
            if (simulator.Output.Contains("simulator: running"))
            {
                return simulator;
            }
            if (process.HasExited)
            {
                process.WaitForExit();
                if (process.ExitCode == 2 && simulator.Errors.Contains("already in use") && attempt < 3)
                {
                    process.Dispose();
                    continue;
                }
            }
            simulator.Dispose();
            Assert.Fail("the simulator did not start:\n" + simulator.Output + simulator.Errors);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>
    /// Sends SIGTERM (handled like Ctrl+C; SIGINT itself is ignored by a process a non-interactive shell started in
    /// the background) and waits (up to <paramref name="timeoutMs"/>) for the exit summary.
    /// </summary>
    public (int ExitCode, string Output, string Errors) Stop(int timeoutMs = 15000)
    {
        Assert.Equal(0, kill(_process.Id, 15));
        Assert.True(_process.WaitForExit(timeoutMs), "the simulator ignored SIGTERM:\n" + Output + Errors);
        _process.WaitForExit();  // drains the output readers
        return (_process.ExitCode, Output, Errors);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
    }
}
