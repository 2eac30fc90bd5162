using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// Connection exhaustion: a client opens three times as many connections to the web server as the device's TCP
/// table holds (AppConfig defaults: 4) and leaves them idle. A legitimate client is served once the HTTP idle
/// timeout (10 s) frees slots, and from then on every time.
/// </summary>
public sealed class ExhaustionTests : IClassFixture<SimulatorInNamespace>
{
    private const int IdleConnections = 12;
    private const int HoldSeconds = 60;
    private const int ServeSeconds = 45;
    private const double ServedWithinSeconds = 30;
    private readonly SimulatorInNamespace _net;
    private readonly ITestOutputHelper _output;

    public ExhaustionTests(SimulatorInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        HostileScripts.RequireReady(net, "exhaustion");
    }

    [Fact]
    public void IdleConnectionsBeyondTheTable_LegitimateClientServedOnceIdleTimeoutsFreeSlots()
    {
        var result = _net.Exec((HoldSeconds + 60) * 1000, "python3", "-c", HostileScripts.Exhaustion, SimulatorInNamespace.DeviceAddress,
            IdleConnections.ToString(), HoldSeconds.ToString(), ServeSeconds.ToString());
        _output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.True(result.ExitCode == 0, result.Describe("exhaustion driver") + Simulator());
        // From the idle client's side every connection opened (SYN cookies answered those beyond the table).
        Assert.Contains("held " + IdleConnections, result.StandardOutput);

        var requests = Regex.Matches(result.StandardOutput, @"^request ([\d.]+) (ok|fail) ([\d.]+)", RegexOptions.Multiline)
            .Select(m => (at: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), ok: m.Groups[2].Value == "ok",
                took: double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.True(requests.Count >= 2, result.StandardOutput);
        int first = requests.FindIndex(r => r.ok);
        Assert.True(first >= 0, "the legitimate client was never served\n" + result.StandardOutput + Simulator());
        Assert.True(requests[first].at + requests[first].took <= ServedWithinSeconds,
            "first served only after " + (requests[first].at + requests[first].took) + " s\n" + result.StandardOutput);
        Assert.True(requests.Skip(first).All(r => r.ok), "a request failed after the first success\n" + result.StandardOutput);
        Assert.True(requests.Count - first >= 10, "too few requests served: " + result.StandardOutput);
        // The idle ones were closed by the server's idle timeout.
        var idleClosed = Regex.Match(result.StandardOutput, "\"idleTimeouts\":\\s*(\\d+)");
        Assert.True(idleClosed.Success && int.Parse(idleClosed.Groups[1].Value) >= 1, "no idle timeout: " + result.StandardOutput);
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;
}
