using System.Collections.Generic;
using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The hostile peers' tools and the python3 drivers the flood, scan and exhaustion tests run inside the
/// namespace; every loop and wait in them is bounded in count and time.
/// </summary>
public static class HostileScripts
{
    public static readonly string[] Tools = { "hping3", "nmap", "python3", "timeout" };

    /// <summary>Fails the test when the namespace is not set up or a tool the hostile tests use is missing.</summary>
    public static void RequireReady(SimulatorInNamespace net, string what)
    {
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
        string missing = FindMissingTools();
        if (missing.Length > 0)
        {
            Assert.Fail(what + " tests cannot run, missing: " + missing);
        }
    }

    /// <summary>The tools missing from this machine (.ci/run installs them), empty when all are there.</summary>
    public static string FindMissingTools()
    {
        var missing = new List<string>();
        foreach (var tool in Tools)
        {
            if (RealPeerEnvironment.FindOnPath(tool) == null)
            {
                missing.Add("'" + tool + "' on PATH (.ci/run installs hping3 nmap python3)");
            }
        }
        return string.Join("; ", missing);
    }

    /// <summary>One GET /api/status on a new connection: 'ok SECONDS' or 'fail SECONDS REASON'. Used by the drivers below.</summary>
    private const string Fetch = @"
import socket, sys, time, json
def unchunk(data):
    out = b''
    while data:
        line, _, data = data.partition(b'\r\n')
        size = int(line.split(b';')[0], 16)
        if size == 0: break
        out += data[:size]
        data = data[size + 2:]
    return out
def fetch(address, timeout_s, path='/api/status', source=None):
    t0 = time.monotonic()
    try:
        s = socket.create_connection((address, 80), timeout=timeout_s, source_address=(source, 0) if source else None)
        s.settimeout(max(0.1, timeout_s - (time.monotonic() - t0)))
        s.sendall(b'GET ' + path.encode() + b' HTTP/1.1\r\nHost: device\r\nConnection: close\r\n\r\n')
        data = b''
        while time.monotonic() - t0 < timeout_s:
            chunk = s.recv(4096)
            if not chunk: break
            data += chunk
        s.close()
        head, _, body = data.partition(b'\r\n\r\n')
        if not head.startswith(b'HTTP/1.1 200'):
            return False, time.monotonic() - t0, 'status %r' % head[:40], None
        if b'transfer-encoding: chunked' in head.lower():
            body = unchunk(body)
        return True, time.monotonic() - t0, '', json.loads(body)
    except Exception as e:
        return False, time.monotonic() - t0, type(e).__name__ + ' ' + str(e), None
";

    /// <summary>
    /// argv: address flood_s client_address. Starts 'hping3 -S -i u10 -p 80' (a SYN every 10 µs asked; about 13,000 SYN/s measured here) bounded by timeout(1)
    /// from the namespace's main address, and from another address of the same LAN (so no flood SYN reuses the
    /// client's 4-tuple: hping3 walks every source port) fetches /api/status in a loop while it runs (20 s a request: a
    /// SYN lost in the TAP queue is retried by the kernel after 1, 2, 4, 8 s; that is the link, not the device), then
    /// for 5 s after it ended (each must succeed within 1 s); prints 'during OK FAIL', 'after OK FAIL WORST' and the
    /// device's TCP counters. Not --flood: on a fast host that sends ~150,000 SYN/s, more than the simulated device
    /// reads, so the TAP's queue stays full and tail drop starves every other flow whatever the stack does (seen in
    /// CI: 2 requests in 20 s); 13,000 SYN/s is twice the 6,000 SYN/s that made 9 of 10 connections fail before SYN
    /// cookies, and more SYNs than an SPI Ethernet chip can hand a board.
    /// </summary>
    public const string Flood = Fetch + @"
import subprocess
address, flood_s, client = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# hping3 at the lowest CPU priority: on a small CI machine it otherwise takes the CPU the simulated device needs, and
# the test would measure the host's scheduler instead of the stack.
flood = subprocess.Popen(['timeout', '-s', 'INT', str(flood_s), 'nice', '-n', '19', 'hping3', '-S', '-i', 'u10', '-p', '80', address],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
time.sleep(1)
ok = fail = 0
times = []
while flood.poll() is None and ok + fail < 1000:
    good, took, why, _ = fetch(address, 20, source=client)
    if good:
        ok += 1; times.append(took)
    else:
        fail += 1; print('during: failed after %.2f s: %s' % (took, why))
    time.sleep(0.05)
times.sort()
if times:
    print('during: median %.3f s, slowest %.3f s' % (times[len(times) // 2], times[-1]))
out = flood.communicate(timeout=30)[0].decode(errors='replace')
print('hping3: ' + ' '.join(l for l in out.splitlines() if 'transmitted' in l))
print('during %d %d' % (ok, fail))
after_ok = after_fail = 0; worst = 0.0
end = time.monotonic() + 5
while time.monotonic() < end:
    good, took, why, _ = fetch(address, 1, source=client)
    worst = max(worst, took)
    if good: after_ok += 1
    else:
        after_fail += 1; print('after: failed after %.2f s: %s' % (took, why))
    time.sleep(0.05)
print('after %d %d %.3f' % (after_ok, after_fail, worst))
good, _, why, counters = fetch(address, 5, '/api/counters')
print('tcp ' + (json.dumps(counters['tcp']) if good else 'counters unavailable: ' + why))
";

    /// <summary>
    /// argv: address connections hold_s serve_s. Opens CONNECTIONS to port 80 and leaves them idle (no request)
    /// for HOLD_S while a legitimate client fetches /api/status in a loop for SERVE_S (30 s a request); prints
    /// 'held N', one 'request T ok|fail SECONDS' line per request (T: seconds since the idle ones connected), and the counters.
    /// </summary>
    public const string Exhaustion = Fetch + @"
address, count, hold_s, serve_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
idle = []
for i in range(count):
    try:
        idle.append(socket.create_connection((address, 80), timeout=3))
    except Exception as e:
        print('idle connection %d: %s' % (i, e))
print('held %d' % len(idle), flush=True)
start = time.monotonic()
while time.monotonic() - start < serve_s:
    t = time.monotonic() - start
    good, took, why, _ = fetch(address, 30)
    print('request %.1f %s %.2f %s' % (t, 'ok' if good else 'fail', took, why), flush=True)
    time.sleep(0.5)
while time.monotonic() - start < hold_s:
    time.sleep(0.2)
for s in idle: s.close()
good, _, why, counters = fetch(address, 5, '/api/counters')
print('tcp ' + (json.dumps(counters['tcp']) if good else 'counters unavailable: ' + why))
print('http ' + (json.dumps(counters['http']) if good else ''))
";

    /// <summary>
    /// argv: address port count. Sends COUNT datagrams to a closed UDP port, one every 5 ms, and counts the ICMP
    /// port unreachables that come back until 1 s after the last (raw socket: root); prints 'sent N received M seconds S'.
    /// </summary>
    public const string UdpUnreachables = @"
import socket, sys, time
address, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
icmp.settimeout(0.1)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.monotonic()
for i in range(count):
    u.sendto(b'probe %d' % i, (address, port))
    time.sleep(0.005)
received = 0
end = time.monotonic() + 1
while time.monotonic() < end:
    try:
        packet, source = icmp.recvfrom(2048)
    except socket.timeout:
        continue
    ihl = (packet[0] & 15) * 4
    if source[0] == address and packet[ihl] == 3 and packet[ihl + 1] == 3:
        received += 1
print('sent %d received %d seconds %.2f' % (count, received, time.monotonic() - t0))
";
}
