using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// hping3's SYN flood (a SYN every 10 µs; see HostileScripts.Flood) at the device's web server (port 80) for 20 s, from the kernel side of the TAP, while a
/// client on another address of the same LAN fetches /api/status: SYN cookies keep the real client served (RFC 4987 §3.6).
/// </summary>
public sealed class SynFloodTests : IClassFixture<SimulatorInNamespace>
{
    private const int FloodSeconds = 20;

    /// <summary>The legitimate client's address: a second host on the TAP's LAN (the flood comes from 10.0.0.1).</summary>
    public const string ClientAddress = "10.0.0.3";
    private readonly SimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public SynFloodTests(SimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        HostileScripts.RequireReady(net, "flood");
        var add = net.Ip("addr", "replace", ClientAddress + "/24", "dev", SimulatorInNamespace.Tap);
        Assert.True(add.ExitCode == 0, add.Describe("ip addr replace " + ClientAddress));
    }

    [Fact]
    public void Hping3SynFlood_AtHttpPort_ClientStillServed_AndAtOnceAfterwards()
    {
        var result = _net.Exec((FloodSeconds + 90) * 1000, "python3", "-c", HostileScripts.Flood, SimulatorInNamespace.DeviceAddress, FloodSeconds.ToString(), ClientAddress);
        _output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.True(result.ExitCode == 0, result.Describe("flood driver") + Simulator());

        var during = Regex.Match(result.StandardOutput, @"^during (\d+) (\d+)", RegexOptions.Multiline);
        var after = Regex.Match(result.StandardOutput, @"^after (\d+) (\d+) ([\d.]+)", RegexOptions.Multiline);
        Assert.True(during.Success && after.Success, result.Describe("flood driver"));
        int ok = int.Parse(during.Groups[1].Value), failed = int.Parse(during.Groups[2].Value);
        // The flood really ran: hping3 sent a great many SYNs, and the device answered them with cookies.
        var sent = Regex.Match(result.StandardOutput, @"(\d+) packets transmitted");
        Assert.True(sent.Success && long.Parse(sent.Groups[1].Value) > 100000, "hping3 did not flood (at least 5,000 SYN/s for 20 s): " + result.StandardOutput);
        var cookies = Regex.Match(result.StandardOutput, "\"synCookiesSent\":\\s*(\\d+)");
        Assert.True(cookies.Success && long.Parse(cookies.Groups[1].Value) > 1000, "no SYN cookies sent: " + result.StandardOutput);

        Assert.True(ok + failed >= 5, "too few requests during the flood: " + result.StandardOutput);
        Assert.True(ok * 100 >= 95 * (ok + failed), ok + " of " + (ok + failed) + " requests succeeded during the flood\n" + result.StandardOutput);
        // After the flood: every request succeeds, each within 1 s.
        Assert.True(int.Parse(after.Groups[1].Value) >= 3, result.StandardOutput);
        Assert.Equal("0", after.Groups[2].Value);
        Assert.True(double.Parse(after.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) < 1.0, result.StandardOutput);
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;
}
