using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// chronyd serves NTP in the namespace; the device synchronizes within a few seconds, and its clock (read through
/// /api/status with curl, and as the HTTP Date) is within a second of the namespace's.
/// </summary>
public sealed class ChronyTests : IClassFixture<ChronyInNamespace>
{
    private readonly ChronyInNamespace _net;
    private readonly ITestOutputHelper _output;

    public ChronyTests(ChronyInNamespace net, ITestOutputHelper output)
    {
        _net = net;
        _output = output;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Device_SyncsWithinSeconds_ClockWithinOneSecond()
    {
        var stopwatch = Stopwatch.StartNew();
        while (!_net.SimulatorOutput.Contains("device: clock set to") && stopwatch.ElapsedMilliseconds < 10000)
        {
            Thread.Sleep(50);
        }
        Assert.True(_net.SimulatorOutput.Contains("device: clock set to"), "no sync in 10 s\n" + _net.SimulatorOutput + _net.SimulatorErrors);
        _output.WriteLine("synchronized " + stopwatch.ElapsedMilliseconds + " ms after the simulator started");
        Assert.Matches(@"device: clock set to .* by 10\.0\.0\.1 \(stratum 8,", _net.SimulatorOutput);

        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var curl = _net.Exec(20000, "curl", "-s", "-i", "--max-time", "10", "http://" + SimulatorInNamespace.DeviceAddress + "/api/status");
        long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(curl.ExitCode == 0, curl.Describe("curl /api/status"));
        _output.WriteLine(curl.StandardOutput);
        var unixMs = Regex.Match(curl.StandardOutput, "\"synchronized\":true,\"unixMs\":(\\d+)");
        Assert.True(unixMs.Success, curl.StandardOutput);
        long device = long.Parse(unixMs.Groups[1].Value);
        Assert.InRange(device, before - 1000, after + 1000);
        var date = Regex.Match(curl.StandardOutput, "\nDate: ([^\r\n]+)");
        Assert.True(date.Success, curl.StandardOutput);
        var parsed = DateTimeOffset.ParseExact(date.Groups[1].Value, "r", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.InRange(parsed, before - 2000, after + 1000);  // whole seconds
    }
}
