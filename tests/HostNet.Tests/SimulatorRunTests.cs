using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The simulator as a person runs it, without privileges: on the virtual switch beside its gateway, here with
/// --peer-traffic (pings and UDP echo) and --no-forward (no host port taken; the forwards have SimulatorForwardTests).
/// </summary>
public sealed class SimulatorRunTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hostnet-sim-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    public SimulatorRunTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Simulator.dll built next to these tests (the project reference builds and copies it).</summary>
    private static string SimulatorDll
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Simulator.dll");
            Assert.True(File.Exists(path), "Simulator.dll is not beside the tests: " + path);
            return path;
        }
    }

    [Fact]
    public void Seconds_PeerPingsAndEchoes_ExitsWithCountersAndACompletePcap()
    {
        string pcap = Path.Combine(_directory, "run.pcap");

        var run = ProcessRunner.Run("dotnet", 60000, SimulatorDll, "--seconds", "2.5", "--pcap", pcap, "--peer-traffic", "--no-forward", "--ip", "10.0.0.2/24");

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + "\n" + run.Output + run.Errors);
        Assert.Contains("on a virtual switch with a gateway at 10.0.0.1 (peer traffic: ping + udp echo once a second)", run.Output);
        Assert.Contains("  forward  none", run.Output);
        Assert.DoesNotContain("open http://", run.Output);
        Assert.Contains("address  10.0.0.2/24", run.Output);
        Assert.Contains("ICMP echo reply", run.Output);
        Assert.Contains("peer: ping reply from 10.0.0.2 (1 of 1)", run.Output);  // the very first ping is answered
        Assert.Contains("peer: udp echo from 10.0.0.2:7 'hello #", run.Output);
        Assert.Contains("simulator: stopped", run.Output);
        Assert.Contains("udp sockets", run.Output);
        Assert.True(PcapReader.TryRead(pcap, out _, out var records), "pcap unreadable");
        Assert.True(records.Count >= 8, "only " + records.Count + " frames in the pcap");
        Assert.Contains("pcap: " + records.Count + " frames", run.Output);
    }

    [Fact]
    public void Quiet_NoPacketLines_SummaryStillPrinted()
    {
        var run = ProcessRunner.Run("dotnet", 60000, SimulatorDll, "--seconds", "1.5", "--quiet", "--peer-traffic", "--no-forward");

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + "\n" + run.Output + run.Errors);
        Assert.DoesNotContain("ICMP echo", run.Output);
        Assert.DoesNotContain("peer: udp echo", run.Output);
        Assert.Contains("icmp: in echo-req", run.Output);
        Assert.Contains("peer 10.0.0.1: pings", run.Output);
    }

    [Fact]
    public void DropEverything_PeerGetsNoAnswers_FaultCountersPrinted()
    {
        var run = ProcessRunner.Run("dotnet", 60000, SimulatorDll, "--seconds", "2.5", "--quiet", "--drop", "1", "--peer-traffic", "--no-forward");

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + "\n" + run.Output + run.Errors);
        Assert.Contains("faults   drop 1 duplicate 0", run.Output);
        Assert.Matches(@"faults: seen (\d+) dropped \1 duplicated 0", run.Output);
        Assert.Matches(@"peer 10\.0\.0\.1: pings \d+ sent, 0 answered; udp echo \d+ sent, 0 echoed", run.Output);
    }

    [Fact]
    public void WithoutPeerTraffic_TheGatewayStaysQuiet()
    {
        // A static address: the gateway's DHCP, DNS and NTP servers have nothing to do.
        var run = ProcessRunner.Run("dotnet", 60000, SimulatorDll, "--seconds", "1.5", "--no-forward", "--ip", "10.0.0.2/24");

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + "\n" + run.Output + run.Errors);
        Assert.Contains("on a virtual switch with a gateway at 10.0.0.1\n", run.Output.Replace("\r", ""));
        Assert.DoesNotContain("ICMP echo", run.Output);
        Assert.DoesNotContain("peer", run.Output);
        Assert.Contains("icmp: in echo-req 0", run.Output);
        Assert.Contains("udp: in 0 ", run.Output);
    }

    [Fact]
    public void BadArgument_ExitCode2WithUsage()
    {
        var run = ProcessRunner.Run("dotnet", 60000, SimulatorDll, "--ip", "10.0.0.2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--ip: expected ADDR/PREFIX", run.Errors);
        Assert.Contains("usage: Simulator", run.Errors);
    }

    [Theory]
    [InlineData(15)]  // SIGTERM: a service manager stopping it
    [InlineData(2)]   // SIGINT: Ctrl+C
    public void Signal_WithoutSeconds_StopsPrintsSummaryAndLeavesACompletePcap(int signal)
    {
        string pcap = Path.Combine(_directory, "term.pcap");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { SimulatorDll, "--pcap", pcap, "--quiet", "--peer-traffic", "--no-forward" })
        {
            info.ArgumentList.Add(argument);
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            // Wait for the hint line, then for at least one round of the peer (it pings once a second).
            while (!Text(output).Contains("running until Ctrl+C") && stopwatch.ElapsedMilliseconds < 30000 && !process.HasExited)
            {
                Thread.Sleep(50);
            }
            Assert.Contains("running until Ctrl+C", Text(output));
            Thread.Sleep(1500);

            Assert.Equal(0, kill(process.Id, signal));
            Assert.True(process.WaitForExit(15000), "the simulator ignored signal " + signal + ":\n" + Text(output));
            process.WaitForExit();

            Assert.Equal(0, process.ExitCode);
            Assert.Contains("simulator: stopped", Text(output));
            Assert.True(PcapReader.TryRead(pcap, out _, out var records), "pcap unreadable");
            Assert.True(records.Count >= 4, "only " + records.Count + " frames");
            Assert.Contains("pcap: " + records.Count + " frames", Text(output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
