using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Firmware.HostNet;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>What the bulk tests share: run the python3 client, stop the simulator, read its summary, judge its pcap.</summary>
public static class BulkChecks
{
    public const int ScriptLimitSeconds = 50;
    public const int ScriptTimeoutMs = 60000;
    public const string TsharkBadFilter =
        "_ws.malformed || _ws.expert.severity == error || ip.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\""
        + " || icmp.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\"";

    public static ProcessResult RunClient(SimulatorInNamespace net, int port, int length, string mode) =>
        RunClient(net, port, length, mode, ScriptLimitSeconds);

    /// <summary>The client with its own limit: it gives up (exit 1) when the transfer has not ended within <paramref name="limitSeconds"/>.</summary>
    public static ProcessResult RunClient(SimulatorInNamespace net, int port, int length, string mode, int limitSeconds) =>
        net.Exec(limitSeconds * 1000 + 10000, "python3", "-c", BulkScript.Source, SimulatorInNamespace.DeviceAddress, port.ToString(CultureInfo.InvariantCulture),
            length.ToString(CultureInfo.InvariantCulture), mode, limitSeconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>SIGTERM, then the summary: asserts a clean exit and returns what the simulator printed.</summary>
    public static string StopSimulator(SimulatorInNamespace net, ITestOutputHelper output)
    {
        var stopped = net.StopSimulator(15000);
        Assert.True(stopped.ExitCode == 0 && !stopped.TimedOut, stopped.Describe("simulator after SIGTERM"));
        int summary = stopped.StandardOutput.IndexOf("simulator: stopped", System.StringComparison.Ordinal);
        Assert.True(summary >= 0, "no exit summary:\n" + stopped.StandardOutput);
        output.WriteLine("--- simulator exit summary\n" + stopped.StandardOutput.Substring(summary));
        return stopped.StandardOutput;
    }

    /// <summary>The service byte counters from the exit summary line "tcp services: echoed N bytes discarded M bytes".</summary>
    public static (long Echoed, long Discarded) ServiceBytes(string summary)
    {
        var match = Regex.Match(summary, @"tcp services: echoed (\d+) bytes discarded (\d+) bytes");
        Assert.True(match.Success, "no 'tcp services:' line in the simulator's summary:\n" + summary);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The capture parses, tshark finds no malformed packet or bad checksum, and the device sent no RST — except, when
    /// <paramref name="allowResetsAfterClose"/> is set (runs with duplicated and delayed frames), RSTs without ACK after
    /// the device's last FIN: its answer (RFC 9293 §3.10.7.1, state CLOSED) to a late copy of one of the peer's earlier
    /// segments arriving after the connection has ended. Such a RST carries the stale segment's ACK as its sequence
    /// number. That is correct TCP, not an abort.
    /// </summary>
    public static void AssertCaptureClean(SimulatorInNamespace net, ITestOutputHelper output, int minimumFrames, bool allowResetsAfterClose = false)
    {
        Assert.True(PcapReader.TryRead(net.PcapPath, out uint linkType, out var records), "the pcap does not parse: " + net.PcapPath);
        Assert.Equal(PcapWriter.LinkTypeEthernet, linkType);
        Assert.True(records.Count >= minimumFrames, "only " + records.Count + " frames recorded, expected at least " + minimumFrames);
        var bad = Tshark(net, "-Y", TsharkBadFilter);
        Assert.True(bad.ExitCode == 0 && !bad.TimedOut, bad.Describe("tshark -Y (filter rejected?)"));
        Assert.True(bad.StandardOutput.Trim().Length == 0, "tshark found malformed packets or bad checksums:\n" + Head(bad.StandardOutput));
        string resetFilter = "ip.src==" + SimulatorInNamespace.DeviceAddress + " && tcp.flags.reset==1";
        if (allowResetsAfterClose)
        {
            var fins = Tshark(net, "-Y", "ip.src==" + SimulatorInNamespace.DeviceAddress + " && tcp.flags.fin==1", "-T", "fields", "-e", "frame.number");
            int lastFin = fins.StandardOutput.Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
                .Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture)).DefaultIfEmpty(int.MaxValue).Max();
            string afterClose = " && tcp.flags.ack==0 && frame.number > " + lastFin.ToString(CultureInfo.InvariantCulture);
            var late = Tshark(net, "-Y", resetFilter + afterClose);
            output.WriteLine(late.StandardOutput.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Length
                + " RST(s) from the device answering late copies after its close (allowed with duplicated/delayed frames)");
            resetFilter += " && !(tcp.flags.ack==0 && frame.number > " + lastFin.ToString(CultureInfo.InvariantCulture) + ")";
        }
        var resets = Tshark(net, "-Y", resetFilter);
        Assert.True(resets.ExitCode == 0 && !resets.TimedOut, resets.Describe("tshark -Y (reset filter)"));
        Assert.True(resets.StandardOutput.Trim().Length == 0, "the device sent RST segments:\n" + Head(resets.StandardOutput));
        output.WriteLine("pcap: " + records.Count + " frames; tshark: no malformed packet, no bad checksum, no RST from " + SimulatorInNamespace.DeviceAddress);
    }

    /// <summary>
    /// tshark with every checksum checked. The payloads are pseudo-random bytes, which some of Wireshark's
    /// dissectors (heuristic ones such as Thrift, or gsm_ipa on port 5000) take for their protocol and call
    /// malformed; so the services' ports (the low port of every connection here) decode as plain data.
    /// </summary>
    public static ProcessResult Tshark(SimulatorInNamespace net, params string[] extra)
    {
        var arguments = new[]
        {
            "-n", "-r", net.PcapPath, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-d", "tcp.port==7,data", "-d", "tcp.port==9,data", "-d", "tcp.port==19,data", "-d", "tcp.port==" + ActiveOpenSimulatorInNamespace.ListenPort + ",data",
        }.Concat(extra).ToArray();
        return ProcessRunner.Run("tshark", arguments, 120000);
    }

    public static string Sha256(byte[] data) => System.Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    public static string Head(string text) => string.Join("\n", text.Split('\n').Take(30));

    public static string Simulator(SimulatorInNamespace net) =>
        "\n--- simulator stdout\n" + net.SimulatorOutput + "\n--- simulator stderr\n" + net.SimulatorErrors;
}

/// <summary>The kernel sends 10 MiB to the device's discard service (9) through tap0.</summary>
public sealed class TcpBulkDiscardTests : IClassFixture<SimulatorInNamespace>
{
    private const int Length = 10 * 1024 * 1024;
    private readonly SimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public TcpBulkDiscardTests(SimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Discard_10MiB_FromKernel_AllCountedAndCleanClose()
    {
        var result = BulkChecks.RunClient(_net, 9, Length, "discard");
        _output.WriteLine("kernel -> device discard, " + Length + " bytes, no faults: " + result.StandardOutput.Trim());
        Assert.True(result.ExitCode == 0, result.Describe("python3 bulk discard client") + BulkChecks.Simulator(_net));
        Assert.Contains("discard sent " + Length + " bytes", result.StandardOutput);
        string summary = BulkChecks.StopSimulator(_net, _output);
        Assert.Equal(Length, BulkChecks.ServiceBytes(summary).Discarded);
        BulkChecks.AssertCaptureClean(_net, _output, Length / 1460);
    }
}

/// <summary>1 MiB through the device's echo service (7), sent and read at the same time.</summary>
public sealed class TcpBulkEchoTests : IClassFixture<SimulatorInNamespace>
{
    private const int Length = 1024 * 1024;
    private readonly SimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public TcpBulkEchoTests(SimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Echo_1MiB_Sha256MatchesAndCleanClose()
    {
        var result = BulkChecks.RunClient(_net, 7, Length, "echo");
        _output.WriteLine("kernel <-> device echo, " + Length + " bytes, no faults: " + result.StandardOutput.Trim());
        Assert.True(result.ExitCode == 0, result.Describe("python3 bulk echo client") + BulkChecks.Simulator(_net));
        Assert.Matches(@"echo sent " + Length + @" bytes sha256 (\w{64}), received " + Length + @" bytes sha256 \1, clean close", result.StandardOutput);
        string summary = BulkChecks.StopSimulator(_net, _output);
        Assert.Equal(Length, BulkChecks.ServiceBytes(summary).Echoed);
        BulkChecks.AssertCaptureClean(_net, _output, 2 * Length / 1460);
    }
}
