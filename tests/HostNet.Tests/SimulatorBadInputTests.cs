using System;
using System.IO;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>
/// Every bad input the simulator is given ends the same way: one line on stderr that says what is wrong, exit code 2,
/// before anything runs (a crash, or a device that boots and stays silent, is what this prevents).
/// </summary>
public sealed class SimulatorBadInputTests
{
    private static string SimulatorDll => Path.Combine(AppContext.BaseDirectory, "Simulator.dll");

    [Theory]
    [InlineData("--pcap /nonexistent/dir/x.pcap", "simulator: --pcap: the folder /nonexistent/dir does not exist")]
    [InlineData("--pcap /tmp", "simulator: --pcap: /tmp is a folder; give a file name")]
    [InlineData("--ip 0.0.0.0/24", "simulator: --ip 0.0.0.0/24: the address 0.0.0.0 means 'this host' and is never configured (RFC 1122 §3.2.1.3)")]
    [InlineData("--ip 10.0.0.255/24", "simulator: --ip 10.0.0.255/24: the address is the subnet's broadcast address (host part all ones)")]
    [InlineData("--ip 10.0.0.0/24", "simulator: --ip 10.0.0.0/24: the address is the subnet's own address (host part all zeros)")]
    [InlineData("--ip 224.0.0.251/24", "simulator: --ip 224.0.0.251/24: the address is a multicast address (224.0.0.0/4)")]
    [InlineData("--ip 127.0.0.2/8", "simulator: --ip 127.0.0.2/8: the address is a loopback address (127.0.0.0/8), which never appears on a network")]
    [InlineData("--ip 10.0.0.2/0", "simulator: --ip 10.0.0.2/0: prefix /0 would put every address on the link")]
    [InlineData("--ip 10.0.0.2/31", "simulator: --ip 10.0.0.2/31: prefix /31 (a point-to-point link, RFC 3021) is not supported: it has no broadcast address")]
    [InlineData("--ip 10.0.0.2/32", "simulator: --ip 10.0.0.2/32: prefix /32 leaves no other host on the link")]
    [InlineData("--gateway 192.168.1.1", "simulator: --gateway 192.168.1.1: the gateway is not on the device's subnet")]
    [InlineData("--gateway 10.0.0.2", "simulator: --gateway 10.0.0.2: the gateway is the device's own address")]
    [InlineData("--capture-kb 2", "simulator: --capture-kb: expected 0 (off) or 3 to 4096, got '2'")]
    public void BadInput_OneLineAndExit2(string arguments, string message)
    {
        var run = ProcessRunner.Run("dotnet", 60000, (SimulatorDll + " " + arguments).Split(' '));
        Assert.Equal(2, run.ExitCode);
        string[] lines = run.Errors.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(message, lines[0]);
        Assert.DoesNotContain("Unhandled exception", run.Errors);
        Assert.DoesNotContain("simulator: running", run.Output);
    }
}
