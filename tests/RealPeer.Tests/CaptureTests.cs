using System.Linq;
using Firmware.HostNet;
using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// Traffic with the kernel, then the simulator is stopped with SIGTERM: it must print its counters and leave a
/// complete pcap in which tshark, checking every checksum, finds nothing malformed and nothing bad.
/// </summary>
public sealed class CaptureTests : IClassFixture<SimulatorInNamespace>
{
    private const int PeerTimeoutMs = 30000;
    private const string TsharkBadFilter =
        "_ws.malformed || _ws.expert.severity == error || ip.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\""
        + " || icmp.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\"";

    private readonly SimulatorInNamespace _net;

    public CaptureTests(SimulatorInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Sigterm_AfterTraffic_CountersPrintedAndTsharkFindsNoBadPacket()
    {
        var arping = _net.Exec(PeerTimeoutMs, "arping", "-c", "2", "-I", SimulatorInNamespace.Tap, SimulatorInNamespace.DeviceAddress);
        Assert.True(arping.ExitCode == 0, arping.Describe("arping"));
        foreach (var size in new[] { "56", "1400", "4000" })
        {
            var ping = _net.Exec(PeerTimeoutMs, "ping", "-c", "2", "-i", "0.2", "-W", "2", "-w", "15", "-s", size, SimulatorInNamespace.DeviceAddress);
            Assert.True(ping.ExitCode == 0, ping.Describe("ping -s " + size));
        }
        var nc = _net.Exec(PeerTimeoutMs, "sh", "-c", "printf 'capture me\\n' | nc -u -w 1 " + SimulatorInNamespace.DeviceAddress + " 7");
        Assert.Contains("capture me", nc.StandardOutput);
        // A whole TCP connection (handshake, data both ways, close) for tshark's TCP checksum check.
        var tcpEcho = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "7", "20000", "echo");
        Assert.True(tcpEcho.ExitCode == 0, tcpEcho.Describe("python3 tcp echo client"));
        // A SYN to a closed port: the device's RST goes through tshark's TCP checksum check too.
        var refused = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript.Source, SimulatorInNamespace.DeviceAddress, "23", "0", "refused");
        Assert.True(refused.ExitCode == 0, refused.Describe("python3 tcp closed-port client"));

        var stopped = _net.StopSimulator(15000);
        Assert.True(stopped.ExitCode == 0 && !stopped.TimedOut, stopped.Describe("simulator after SIGTERM"));
        Assert.Contains("simulator: stopped", stopped.StandardOutput);
        Assert.Contains("icmp: in echo-req", stopped.StandardOutput);
        Assert.Contains("udp sockets", stopped.StandardOutput);
        Assert.Matches(@"tcp: active-opens \d+ passive-opens [1-9]", stopped.StandardOutput);

        Assert.True(PcapReader.TryRead(_net.PcapPath, out uint linkType, out var records), "the pcap does not parse");
        Assert.Equal(PcapWriter.LinkTypeEthernet, linkType);
        // 2 arping + 6 pings (2 of them 3 fragments each way) + 1 udp echo, both directions: well over 20 frames.
        Assert.True(records.Count >= 20, "only " + records.Count + " frames recorded");
        Assert.Contains("pcap: " + records.Count + " frames", stopped.StandardOutput);

        var all = Tshark();
        Assert.True(all.ExitCode == 0, all.Describe("tshark -r"));
        int dissected = all.StandardOutput.Split('\n').Count(line => line.Trim().Length > 0);
        Assert.Equal(records.Count, dissected);

        var bad = Tshark("-Y", TsharkBadFilter);
        Assert.True(bad.ExitCode == 0, bad.Describe("tshark -Y (filter rejected?)"));
        Assert.True(bad.StandardOutput.Trim().Length == 0, "tshark found malformed packets or bad checksums:\n" + bad.StandardOutput);

        // The device's reply to the 4000-byte ping left in fragments, and tshark put them back together.
        var fragments = Tshark("-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && ip.flags.mf == 1");
        Assert.True(fragments.StandardOutput.Trim().Length > 0, "no fragment from the device in the capture:\n" + all.StandardOutput);
        var resets = Tshark("-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && tcp.flags.reset == 1");
        Assert.True(resets.StandardOutput.Trim().Length > 0, "no RST from the device in the capture:\n" + all.StandardOutput);
        var tcpData = Tshark("-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && tcp.srcport == 7 && tcp.len > 0");
        Assert.True(tcpData.StandardOutput.Trim().Length > 0, "no TCP data from the device in the capture");
        var replies = Tshark("-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && icmp.type == 0");
        Assert.True(replies.StandardOutput.Split('\n').Count(line => line.Trim().Length > 0) >= 6, "echo replies:\n" + replies.StandardOutput);
    }

    private ProcessResult Tshark(params string[] extra)
    {
        var arguments = new[]
        {
            "-n", "-r", _net.PcapPath, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
        }.Concat(extra).ToArray();
        return ProcessRunner.Run("tshark", arguments, 60000);
    }
}
