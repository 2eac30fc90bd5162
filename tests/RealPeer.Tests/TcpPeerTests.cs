using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The kernel's TCP — the most tested TCP there is — against the device app's TCP echo (7), discard (9) and
/// chargen (19) services, through tap0 in a namespace of our own.
/// </summary>
public sealed class TcpPeerTests : IClassFixture<SimulatorInNamespace>
{
    private const int PeerTimeoutMs = 60000;
    private readonly SimulatorInNamespace _net;

    public TcpPeerTests(SimulatorInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
    }

    [Fact]
    public void TcpEcho_Netcat_LineComesBackAndConnectionCloses()
    {
        // -N: shut down the sending side at end of input, so the device sees our FIN and closes too.
        var result = _net.Exec(PeerTimeoutMs, "sh", "-c", "printf 'hello over tcp\\n' | nc -N -w 5 " + SimulatorInNamespace.DeviceAddress + " 7");
        Assert.True(result.ExitCode == 0, result.Describe("nc (tcp echo)") + Simulator());
        Assert.Equal("hello over tcp\n", result.StandardOutput);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1460)]
    [InlineData(200_000)]
    public void TcpEcho_PythonClient_EveryByteBackInOrder(int lengthBytes)
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript, SimulatorInNamespace.DeviceAddress, "7", lengthBytes.ToString(), "echo");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp echo client") + Simulator());
        Assert.Contains("echoed " + lengthBytes + " bytes", result.StandardOutput);
    }

    [Fact]
    public void TcpDiscard_AcceptsEverythingAndClosesAfterUs()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript, SimulatorInNamespace.DeviceAddress, "9", "100000", "discard");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp discard client") + Simulator());
        Assert.Contains("discarded 100000 bytes", result.StandardOutput);
    }

    [Fact]
    public void TcpChargen_PrintableLinesEndingInCrLf()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript, SimulatorInNamespace.DeviceAddress, "19", "20000", "chargen");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp chargen client") + Simulator());
        Assert.Contains("chargen ok", result.StandardOutput);
    }

    [Fact]
    public void TcpClosedPort_ConnectionRefused()
    {
        var result = _net.Exec(PeerTimeoutMs, "python3", "-c", TcpClientScript, SimulatorInNamespace.DeviceAddress, "23", "0", "refused");
        Assert.True(result.ExitCode == 0, result.Describe("python3 tcp closed-port client") + Simulator());
        Assert.Contains("refused", result.StandardOutput);
    }

    private string Simulator() => "\n--- simulator stdout\n" + _net.SimulatorOutput + "\n--- simulator stderr\n" + _net.SimulatorErrors;

    // argv: address port length mode. Exit 0 only when the expectation of the mode holds; every wait is bounded.
    private const string TcpClientScript = @"
import socket, sys, time
address, port, length, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + 40
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(10)
try:
    s.connect((address, port))
except ConnectionRefusedError:
    print('refused'); sys.exit(0 if mode == 'refused' else 1)
if mode == 'refused':
    print('connected to a port that should be closed'); sys.exit(1)
if mode == 'chargen':
    data = b''
    while len(data) < length and time.monotonic() < deadline:
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
    s.close()
    lines = data[:length].split(b'\r\n')[:-1]
    ok = len(lines) > 10 and all(len(l) > 0 and all(32 <= c < 127 for c in l) for l in lines)
    print('chargen ok' if ok else 'chargen bad: %r' % data[:200]); sys.exit(0 if ok else 1)
payload = bytes((i * 31 + 7) & 255 for i in range(length))
if mode == 'discard':
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    rest = s.recv(1)
    print('discarded %d bytes' % length if rest == b'' else 'discard answered: %r' % rest); sys.exit(0 if rest == b'' else 1)
# echo: send and receive at the same time (the device's window is small), then half-close and expect its FIN.
s.setblocking(False)
sent = 0; received = bytearray()
while len(received) < length and time.monotonic() < deadline:
    if sent < length:
        try: sent += s.send(payload[sent:sent + 65536])
        except BlockingIOError: pass
    try:
        chunk = s.recv(65536)
        if not chunk: break
        received += chunk
    except BlockingIOError:
        time.sleep(0.001)
s.settimeout(10)
s.shutdown(socket.SHUT_WR)
tail = s.recv(1)
if bytes(received) != payload:
    print('mismatch: sent %d, got %d bytes, first difference at %s' % (length, len(received), next((i for i in range(min(len(received), length)) if received[i] != payload[i]), min(len(received), length)))); sys.exit(1)
if tail != b'':
    print('extra bytes after the echo'); sys.exit(1)
print('echoed %d bytes' % length)
";
}
