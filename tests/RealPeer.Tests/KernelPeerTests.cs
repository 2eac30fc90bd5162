using System;
using System.Linq;
using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The Linux kernel talks to the device app through tap0: ARP, ping (with fragmentation both ways) and UDP echo.
/// All in one namespace and one simulator run (the class fixture).
/// </summary>
public sealed class KernelPeerTests : IClassFixture<SimulatorInNamespace>
{
    private const int PeerTimeoutMs = 30000;
    private readonly SimulatorInNamespace _net;

    public KernelPeerTests(SimulatorInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void Ping_FiveEchoRequests_AllAnswered()
    {
        var result = _net.Exec(PeerTimeoutMs, "ping", "-c", "5", "-i", "0.2", "-W", "2", "-w", "20", SimulatorInNamespace.DeviceAddress);
        Assert.True(result.ExitCode == 0, result.Describe("ping") + Simulator());
        Assert.Contains("5 packets transmitted, 5 received", result.StandardOutput);
    }

    [Fact]
    public void Ping_1400BytePayload_AnsweredUnfragmented()
    {
        var result = _net.Exec(PeerTimeoutMs, "ping", "-c", "5", "-i", "0.2", "-W", "2", "-w", "20", "-s", "1400", SimulatorInNamespace.DeviceAddress);
        Assert.True(result.ExitCode == 0, result.Describe("ping -s 1400") + Simulator());
        Assert.Contains("5 packets transmitted, 5 received", result.StandardOutput);
        Assert.Contains("1408 bytes from " + SimulatorInNamespace.DeviceAddress, result.StandardOutput);
    }

    [Fact]
    public void Ping_4000BytePayload_ReassembledAndAnsweredInFragments()
    {
        // 4008 bytes of ICMP: the kernel sends three fragments, the device reassembles them and fragments its reply.
        var result = _net.Exec(PeerTimeoutMs, "ping", "-c", "5", "-i", "0.2", "-W", "2", "-w", "20", "-s", "4000", SimulatorInNamespace.DeviceAddress);
        Assert.True(result.ExitCode == 0, result.Describe("ping -s 4000") + Simulator());
        Assert.Contains("5 packets transmitted, 5 received", result.StandardOutput);
        Assert.Contains("4008 bytes from " + SimulatorInNamespace.DeviceAddress, result.StandardOutput);
    }

    [Fact]
    public void Arping_ThreeRequests_AnsweredWithOurMac()
    {
        var result = _net.Exec(PeerTimeoutMs, "arping", "-c", "3", "-I", SimulatorInNamespace.Tap, SimulatorInNamespace.DeviceAddress);
        Assert.True(result.ExitCode == 0, result.Describe("arping") + Simulator());
        // Either arping (Habets': "60 bytes from MAC (IP)"; iputils: "Unicast reply from IP [MAC]"): one line per reply.
        int replies = result.StandardOutput.ToLowerInvariant().Split('\n').Count(line => line.Contains(SimulatorInNamespace.DeviceMac));
        Assert.True(replies == 3, "expected 3 replies from " + SimulatorInNamespace.DeviceMac + ", got " + replies + "\n" + result.StandardOutput);
    }

    [Fact]
    public void NeighbourTable_AfterPing_HoldsOurMac()
    {
        var ping = _net.Exec(PeerTimeoutMs, "ping", "-c", "1", "-W", "2", "-w", "10", SimulatorInNamespace.DeviceAddress);
        Assert.True(ping.ExitCode == 0, ping.Describe("ping") + Simulator());
        var neighbours = _net.Ip("neigh", "show", "dev", SimulatorInNamespace.Tap);
        Assert.True(neighbours.ExitCode == 0, neighbours.Describe("ip neigh show"));
        Assert.Contains(SimulatorInNamespace.DeviceAddress + " lladdr " + SimulatorInNamespace.DeviceMac, neighbours.StandardOutput);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    [InlineData(1472)]
    public void UdpEcho_PythonClient_GetsTheSameBytesBackFromPort7(int lengthBytes)
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", UdpClientScript, SimulatorInNamespace.DeviceAddress, "7", lengthBytes.ToString(), "echo");
        Assert.True(result.ExitCode == 0, result.Describe("python3 udp echo client") + Simulator());
        Assert.Contains("echoed " + lengthBytes + " bytes", result.StandardOutput);
    }

    [Fact]
    public void UdpEcho_Netcat_LineComesBack()
    {
        var result = _net.Exec(PeerTimeoutMs, "sh", "-c",
            "printf 'hello from nc\\n' | nc -u -w 2 " + SimulatorInNamespace.DeviceAddress + " 7");
        Assert.True(result.ExitCode == 0, result.Describe("nc -u") + Simulator());
        Assert.Contains("hello from nc", result.StandardOutput);
    }

    [Fact]
    public void UdpClosedPort_KernelSeesPortUnreachable()
    {
        // A connected UDP socket turns the device's ICMP port unreachable (RFC 1122 §4.1.3.1) into ECONNREFUSED.
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", UdpClientScript, SimulatorInNamespace.DeviceAddress, "40000", "16", "refused");
        Assert.True(result.ExitCode == 0, result.Describe("python3 udp closed-port client") + Simulator());
        Assert.Contains("refused", result.StandardOutput);
    }

    [Fact]
    public void UdpDiscard_NothingComesBack()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", UdpClientScript, SimulatorInNamespace.DeviceAddress, "9", "100", "silence");
        Assert.True(result.ExitCode == 0, result.Describe("python3 udp discard client") + Simulator());
        Assert.Contains("no answer", result.StandardOutput);
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;

    // argv: address port length mode; mode echo = expect the same bytes back (3 tries, 2 s each),
    // refused = expect ECONNREFUSED, silence = expect no answer within 1 s while port 7 still echoes. Exit 0 only when the expectation holds.
    private const string UdpClientScript = @"
import socket, sys
address, port, length, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
payload = bytes((i * 7 + 3) & 255 for i in range(length))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if mode == 'refused':
    s.connect((address, port))
    s.settimeout(2)
    for attempt in range(3):
        s.send(payload)
        try:
            s.recv(65535)
            print('unexpected answer'); sys.exit(1)
        except ConnectionRefusedError:
            print('refused'); sys.exit(0)
        except socket.timeout:
            pass
    print('no port unreachable arrived'); sys.exit(1)
if mode == 'silence':
    s.settimeout(1)
    s.sendto(payload, (address, port))
    try:
        data, peer = s.recvfrom(65535)
        print('unexpected answer from', peer); sys.exit(1)
    except socket.timeout:
        pass
    # Silence only means discard if the device is alive: the echo port must answer the same bytes.
    s.settimeout(2)
    for attempt in range(3):
        s.sendto(payload, (address, 7))
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            continue
        if data == payload:
            print('no answer'); sys.exit(0)
    print('silent, but the echo port did not answer either'); sys.exit(1)
s.settimeout(2)
for attempt in range(3):
    s.sendto(payload, (address, port))
    try:
        data, peer = s.recvfrom(65535)
    except socket.timeout:
        continue
    if data != payload or peer != (address, port):
        print('mismatch: got', len(data), 'bytes from', peer); sys.exit(1)
    print('echoed', len(data), 'bytes'); sys.exit(0)
print('no echo after 3 tries'); sys.exit(1)
";
}
