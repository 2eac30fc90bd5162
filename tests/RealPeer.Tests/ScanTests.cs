using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// nmap against the device from the kernel side of the TAP: a SYN scan of ports 1-1024, a UDP scan of the
/// usual suspects, OS detection. Every scan completes, closed TCP ports answer RST, closed UDP ports answer with
/// (rate-limited) ICMP port unreachable, and the device keeps serving. The test output records what nmap saw.
/// </summary>
public sealed class ScanTests : IClassFixture<SimulatorInNamespace>
{
    private const int ScanTimeoutMs = 180_000;
    private readonly SimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public ScanTests(SimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        HostileScripts.RequireReady(net, "scan");
    }

    [Fact]
    public void NmapSynScan_Ports1To1024_ServicesOpen_EveryOtherPortResets()
    {
        var scan = Nmap("-sS", "-p", "1-1024");
        Assert.Contains("Not shown: 1019 closed tcp ports (reset)", scan);
        Assert.Equal(new[] { "19/tcp open chargen", "53/tcp open domain", "7/tcp open echo", "80/tcp open http", "9/tcp open discard" }, PortLines(scan, "tcp"));
        AssertStillServing();
    }

    [Fact]
    public void NmapUdpScan_EchoOpen_ClosedPortsAnswerUnreachable()
    {
        var scan = Nmap("-sU", "-p", "7,9,53,67,123,5353");
        var lines = PortLines(scan, "udp");
        // Echo, the DNS server and the mDNS responder answer nmap's probes; discard by design says nothing; the rest are
        // closed (ICMP port unreachable).
        Assert.Contains("7/udp open echo", lines);
        Assert.Contains("9/udp open|filtered discard", lines);
        Assert.Contains(lines, l => l.StartsWith("53/udp open ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("5353/udp open", StringComparison.Ordinal));
        foreach (var port in new[] { "67/udp closed", "123/udp closed" })
        {
            Assert.Contains(lines, l => l.StartsWith(port, StringComparison.Ordinal));
        }
        AssertStillServing();
    }

    [Fact]
    public void NmapOsDetection_Completes_DeviceKeepsServing()
    {
        var scan = Nmap("-O");
        // nmap judges the fingerprint; whatever it concludes is recorded above. What we require: it completed, and
        // found the services and the closed ports' resets it needs for the judgement.
        Assert.Contains("OS detection performed", scan);
        Assert.Contains("closed tcp ports (reset)", scan);
        var guess = scan.Split('\n').Where(l => l.StartsWith("OS details", StringComparison.Ordinal) || l.StartsWith("Aggressive OS guesses", StringComparison.Ordinal)
            || l.StartsWith("No exact OS matches", StringComparison.Ordinal) || l.StartsWith("Running", StringComparison.Ordinal) || l.StartsWith("Device type", StringComparison.Ordinal));
        _output.WriteLine("nmap's OS guess: " + string.Join(" | ", guess));
        AssertStillServing();
    }

    [Fact]
    public void ClosedUdpPort_Burst_IcmpPortUnreachableRateLimited()
    {
        var result = _net.Exec(30_000, "python3", "-c", HostileScripts.UdpUnreachables, SimulatorInNamespace.DeviceAddress, "5354", "200");
        _output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.True(result.ExitCode == 0, result.Describe("udp burst") + Simulator());
        var m = Regex.Match(result.StandardOutput, @"sent (\d+) received (\d+) seconds ([\d.]+)");
        Assert.True(m.Success, result.StandardOutput);
        int received = int.Parse(m.Groups[2].Value);
        double seconds = double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        // StackConfig.IcmpErrorIntervalMs = 100: one error per 100 ms while datagrams keep coming (and the first at once).
        Assert.True(received >= 5, "too few ICMP port unreachables: " + received + " in " + seconds + " s");
        Assert.True(received <= seconds * 10 + 2, received + " unreachables in " + seconds + " s: not rate-limited");
        AssertStillServing();
    }

    [Fact]
    public void SynFinPshUrg_ToOpenPort_NoAnswer()
    {
        // hping3 -S -F -P -U: the segment the issue found answered with a SYN-ACK; now it is dropped unanswered.
        var result = _net.Exec(30_000, "timeout", "20", "hping3", "-c", "3", "-i", "u200000", "-S", "-F", "-P", "-U", "-p", "80", SimulatorInNamespace.DeviceAddress);
        _output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Contains("3 packets transmitted, 0 packets received", result.StandardOutput + result.StandardError);
        // A plain SYN to the same port still gets its SYN-ACK.
        var syn = _net.Exec(30_000, "timeout", "20", "hping3", "-c", "1", "-S", "-p", "80", SimulatorInNamespace.DeviceAddress);
        Assert.Contains("flags=SA", syn.StandardOutput + syn.StandardError);
        AssertStillServing();
    }

    /// <summary>Runs nmap with <paramref name="arguments"/> against the device; returns its report (after asserting it completed).</summary>
    private string Nmap(params string[] arguments)
    {
        var command = new[] { "nmap", "-n", "--max-retries", "4" }.Concat(arguments).Concat(new[] { SimulatorInNamespace.DeviceAddress }).ToArray();
        var result = _net.Exec(ScanTimeoutMs, command);
        _output.WriteLine("$ " + string.Join(" ", command) + "\n" + result.StandardOutput + result.StandardError);
        Assert.True(result.ExitCode == 0, result.Describe("nmap") + Simulator());
        Assert.Contains("Nmap done: 1 IP address (1 host up)", result.StandardOutput);
        return result.StandardOutput;
    }

    /// <summary>nmap's port table rows for <paramref name="protocol"/>, spaces collapsed, sorted.</summary>
    private static string[] PortLines(string scan, string protocol)
    {
        return scan.Split('\n')
            .Select(l => Regex.Replace(l.Trim(), @"\s+", " "))
            .Where(l => Regex.IsMatch(l, @"^\d+/" + protocol + " "))
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToArray();
    }

    private void AssertStillServing()
    {
        var status = _net.Exec(30_000, "curl", "-s", "-m", "10", "http://" + SimulatorInNamespace.DeviceAddress + "/api/status");
        Assert.True(status.ExitCode == 0 && status.StandardOutput.Contains("\"address\":\"" + SimulatorInNamespace.DeviceAddress + "\""),
            status.Describe("curl /api/status after the scan") + Simulator());
        var echo = _net.Exec(30_000, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "7", "1000", "echo");
        Assert.True(echo.ExitCode == 0, echo.Describe("tcp echo after the scan") + Simulator());
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;
}
