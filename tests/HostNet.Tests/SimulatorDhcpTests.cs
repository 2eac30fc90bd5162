using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The main job as a person runs it: the gateway hands the device its address by DHCP, the device resolves the NTP
/// server's name through the gateway's DNS and sets its clock, renews its lease, serves its status (with the lease and
/// the clock) and a Date header, and gives the lease back on SIGTERM.
/// </summary>
public sealed class SimulatorDhcpTests
{
    private static bool WaitFor(SimulatorProcess sim, string text, int timeoutMs)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!sim.Output.Contains(text) && stopwatch.ElapsedMilliseconds < timeoutMs)
        {
            Thread.Sleep(50);
        }
        return sim.Output.Contains(text);
    }

    [Fact]
    public void ZeroSetup_LeaseClockStatusDateRenewalAndReleaseOnSigterm()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--http-port", p[0].ToString(CultureInfo.InvariantCulture), "--lease", "20" });
        Assert.True(WaitFor(sim, "device: dhcp bound, address dhcp 10.0.0.2/24 from 10.0.0.1, lease 20 s", 20000), sim.Output);
        Assert.Contains("gateway dhcp: OFFER 10.0.0.2 to 02:00:00:00:00:02", sim.Output);
        Assert.Contains("gateway dhcp: ACK 10.0.0.2 to 02:00:00:00:00:02 (sim-device), lease 20 s", sim.Output);
        Assert.True(WaitFor(sim, "gateway: the device answers at 10.0.0.2", 5000), sim.Output);
        Assert.True(WaitFor(sim, "device: clock set to", 5000), sim.Output);
        Assert.Contains("gateway dns: ntp.sim -> 10.0.0.1", sim.Output);
        Assert.Contains("ntp.sim 10.0.0.1 ttl", sim.Output);

        string response = Get(sim.Ports[0], "/api/status");
        Assert.StartsWith("HTTP/1.1 200 OK", response);
        Assert.Contains("\"address\":\"10.0.0.2\"", response);
        Assert.Contains("\"dhcp\":{\"state\":\"bound\",\"source\":\"dhcp\",\"server\":\"10.0.0.1\",\"leaseSeconds\":20", response);
        Assert.Contains("\"dns\":[\"10.0.0.1\"]", response);
        Assert.Contains("\"time\":{\"synchronized\":true", response);
        // RFC 9110 §6.6.1: with a clock, a Date; the device's clock came from the host's, so within a second or two.
        int at = response.IndexOf("\r\nDate: ", StringComparison.Ordinal);
        Assert.True(at > 0, response);
        string date = response.Substring(at + 8, 29);
        var parsed = DateTime.ParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.InRange((DateTime.UtcNow - parsed).TotalSeconds, -2, 2);

        Assert.True(WaitFor(sim, "device: lease renewed: dhcp bound", 20000), sim.Output);

        var (exitCode, output, errors) = sim.Stop();
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("gateway dhcp: RELEASE 10.0.0.2 from 02:00:00:00:00:02", output);
        Assert.Contains("device: dhcp released, address none", output);
        Assert.Matches(@"dhcp: discover 1 request \d+ decline 0 release 1 offer 1 ack \d+ nak 0", output);
    }

    [Fact]
    public void StaticAddress_NoDhcpAtAll()
    {
        var run = ProcessRunner.Run("dotnet", 60000, SimulatorProcess.Dll, "--seconds", "2", "--no-forward", "--ip", "10.0.0.2/24");
        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        Assert.Contains("address  10.0.0.2/24", run.Output);
        Assert.DoesNotContain("gateway dhcp:", run.Output);
        Assert.DoesNotContain("\ndhcp: ", run.Output);
    }

    private static string Get(int port, string path)
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = 10000;
        client.Connect("127.0.0.1", port);
        var stream = client.GetStream();
        byte[] request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: device\r\nConnection: close\r\n\r\n");
        stream.Write(request, 0, request.Length);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return text.ToString();
    }
}
