using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// dnsmasq as the device's DHCP server, the whole life in one run (one simulator, one namespace): the lease, the device
/// answering pings at it, a renewal of the 2-minute lease at T1, a NAK after dnsmasq restarts with another range and
/// no memory (the device starts over and gets an address from the new range), and the release on SIGTERM.
/// </summary>
public sealed class DnsmasqDhcpTests : IClassFixture<DnsmasqInNamespace>
{
    private readonly DnsmasqInNamespace _net;
    private readonly ITestOutputHelper _output;

    public DnsmasqDhcpTests(DnsmasqInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    private string Simulator() => "\n--- simulator\n" + _net.SimulatorOutput + _net.SimulatorErrors + "\n--- dnsmasq\n" + _net.DnsmasqLog;

    private static bool WaitFor(System.Func<bool> done, int timeoutMs)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!done() && stopwatch.ElapsedMilliseconds < timeoutMs)
        {
            Thread.Sleep(100);
        }
        return done();
    }

    [Fact]
    public void Lease_Renewal_NakAfterRestartWithAnotherRange_ReleaseOnSigterm()
    {
        var bound = new Regex(@"device: dhcp bound, address dhcp (10\.0\.0\.(5\d|60))/24 from 10\.0\.0\.1, lease 120 s");
        Assert.True(WaitFor(() => bound.IsMatch(_net.SimulatorOutput), 40000), "no lease" + Simulator());
        string address = bound.Match(_net.SimulatorOutput).Groups[1].Value;
        _output.WriteLine("leased " + address);
        Assert.Contains("DHCPACK(tap0) " + address + " " + SimulatorInNamespace.DeviceMac + " sim-device", _net.DnsmasqLog);
        Assert.True(WaitFor(() => File.Exists(_net.LeaseFilePath) && File.ReadAllText(_net.LeaseFilePath).Contains(address), 5000), "lease file");
        Assert.Contains(SimulatorInNamespace.DeviceMac + " " + address + " sim-device", File.ReadAllText(_net.LeaseFilePath));

        var ping = _net.Exec(20000, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-w", "10", address);
        Assert.True(ping.ExitCode == 0, ping.Describe("ping " + address) + Simulator());

        // T1 of a 2-minute lease: one minute after the request.
        Assert.True(WaitFor(() => _net.SimulatorOutput.Contains("device: lease renewed: dhcp bound, address dhcp " + address), 75000),
            "no renewal" + Simulator());
        Assert.True(Regex.Matches(_net.DnsmasqLog, "DHCPACK\\(tap0\\) " + Regex.Escape(address) + " ").Count >= 2, "one ACK only" + Simulator());

        // dnsmasq comes back with 10.0.0.100-110 and no leases: the next renewal is NAKed and the device starts over.
        _net.RestartDnsmasq("10.0.0.100", "10.0.0.110");
        var rebound = new Regex(@"device: dhcp bound, address dhcp (10\.0\.0\.1(0\d|10))/24 from 10\.0\.0\.1");
        Assert.True(WaitFor(() => rebound.IsMatch(_net.SimulatorOutput), 100000), "no new address" + Simulator());
        string second = rebound.Match(_net.SimulatorOutput).Groups[1].Value;
        _output.WriteLine("after the NAK: " + second);
        Assert.Contains("DHCPNAK(tap0) " + address + " " + SimulatorInNamespace.DeviceMac, _net.DnsmasqLog);
        Assert.Contains("device: dhcp init, address none", _net.SimulatorOutput);

        var stop = _net.StopSimulator(15000);
        Assert.True(stop.ExitCode == 0, stop.Describe("simulator") + Simulator());
        Assert.True(WaitFor(() => _net.DnsmasqLog.Contains("DHCPRELEASE(tap0) " + second + " " + SimulatorInNamespace.DeviceMac), 5000),
            "no release" + Simulator());
        Assert.Matches(@"dhcp: discover 2 request \d+ decline 0 release 1 offer 2 ack \d+ nak 1 malformed 0 foreign 0 unexpected 0", stop.StandardOutput);
    }
}

/// <summary>
/// The device looks a name up in dnsmasq's hosts file (server.lan, through the DNS server its lease names) and opens a
/// TCP connection to it: nc -l in the namespace receives the file the device sends.
/// </summary>
public sealed class DnsmasqResolveConnectTests : IClassFixture<DnsmasqConnectInNamespace>
{
    private readonly DnsmasqConnectInNamespace _net;
    private readonly ITestOutputHelper _output;

    public DnsmasqResolveConnectTests(DnsmasqConnectInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void NameFromTheHostsFile_Resolved_ThenTcpToIt()
    {
        string receivedPath = Path.Combine(_net.TemporaryDirectory, "received.bin");
        var nc = _net.Exec(75000, "timeout", "60", "sh", "-c",
            "exec nc -l " + SimulatorInNamespace.KernelAddress + " " + DnsmasqConnectInNamespace.ListenPort + " < /dev/null > '" + receivedPath + "'");
        string log = "\n--- simulator\n" + _net.SimulatorOutput + "\n--- dnsmasq\n" + _net.DnsmasqLog;
        Assert.True(nc.ExitCode == 0, nc.Describe("nc -l") + log);
        Assert.Equal(File.ReadAllBytes(_net.SentFilePath), File.ReadAllBytes(receivedPath));
        Assert.Contains("device: resolved server.lan to 10.0.0.1", _net.SimulatorOutput);
        Assert.Matches(@"query\[A\] server\.lan from 10\.0\.0\.(5\d|60)", _net.DnsmasqLog);
        var stop = _net.StopSimulator(15000);
        _output.WriteLine(stop.StandardOutput);
        Assert.Matches(@"connect: server\.lan \(10\.0\.0\.1\):5000 attempts \d+ refused \d+ established yes sent 65536 of 65536", stop.StandardOutput);
        // The SNTP client looks its default server (pool.ntp.org) up too: dnsmasq has no upstream, so that one fails.
        Assert.Matches(@"dns: lookups \d+ .* resolved [1-9]", stop.StandardOutput);
    }
}
