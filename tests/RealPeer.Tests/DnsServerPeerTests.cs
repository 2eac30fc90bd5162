using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The device's authoritative DNS server (zone "lan", host sim-device.lan at 10.0.0.2) asked by the kernel's side of the
/// TAP with BIND's dig, over UDP and TCP, and with malformed queries from a python3 script; then tshark reads the capture:
/// nothing the device sent is malformed or badly checksummed.
/// </summary>
public sealed class DnsServerPeerTests : IClassFixture<SimulatorInNamespace>
{
    private const int DigTimeoutMs = 20000;
    private readonly SimulatorInNamespace _net;

    public DnsServerPeerTests(SimulatorInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
        if (RealPeerEnvironment.FindOnPath("dig") == null)
        {
            Assert.Fail("'dig' on PATH (.ci/run installs dnsutils)");
        }
    }

    private string Dig(params string[] arguments)
    {
        var result = _net.Exec(DigTimeoutMs, new[] { "dig", "@" + SimulatorInNamespace.DeviceAddress, "+time=2", "+tries=2" }.Concat(arguments).ToArray());
        Assert.True(result.ExitCode == 0, result.Describe("dig " + string.Join(" ", arguments)) + "\n--- simulator\n" + _net.SimulatorOutput);
        return result.StandardOutput;
    }

    private static string Flags(string dig) => Regex.Match(dig, @";; flags: ([a-z ]*);").Groups[1].Value;

    [Fact]
    public void Dig_EveryKindOfAnswer_ThenMalformedQueries_ThenTsharkFindsNothingBadFromTheDevice()
    {
        // A, authoritative, no recursion available (dig warns), RD copied; EDNS answered with our 512 bytes.
        string a = Dig("sim-device.lan", "A");
        Assert.Contains("status: NOERROR", a);
        Assert.Equal("qr aa rd", Flags(a));
        Assert.Matches(@"sim-device\.lan\.\s+300\s+IN\s+A\s+10\.0\.0\.2", a);
        Assert.Contains("udp: 512", a);
        Assert.Equal("10.0.0.2", Dig("+short", "SIM-DEVICE.LAN").Trim());
        Assert.Equal("qr aa", Flags(Dig("+norecurse", "sim-device.lan")));
        // AAAA: the name exists, no data; the SOA in the authority section.
        string aaaa = Dig("sim-device.lan", "AAAA");
        Assert.Contains("status: NOERROR", aaaa);
        Assert.Contains("ANSWER: 0, AUTHORITY: 1", aaaa);
        Assert.Matches(@"lan\.\s+60\s+IN\s+SOA\s+sim-device\.lan\. hostmaster\.lan\. 1 3600 600 86400 60", aaaa);
        // The reverse name of its address.
        Assert.Equal("sim-device.lan.", Dig("+short", "-x", SimulatorInNamespace.DeviceAddress).Trim());
        // NXDOMAIN inside the zone, REFUSED outside it (no ra flag: no recursion).
        string nx = Dig("nothing.lan", "A");
        Assert.Contains("status: NXDOMAIN", nx);
        Assert.Contains("aa", Flags(nx));
        string refused = Dig("example.com", "A");
        Assert.Contains("status: REFUSED", refused);
        Assert.DoesNotContain("ra", Flags(refused).Split(' '));
        Assert.DoesNotContain("aa", Flags(refused).Split(' '));
        // TCP with RFC 7766 framing.
        string tcp = Dig("+tcp", "sim-device.lan", "A");
        Assert.Contains("status: NOERROR", tcp);
        Assert.Contains("(TCP)", tcp);
        Assert.Matches(@"IN\s+A\s+10\.0\.0\.2", tcp);
        // EDNS: without it no OPT; a version we do not speak gets BADVERS.
        Assert.DoesNotContain("OPT PSEUDOSECTION", Dig("+noedns", "sim-device.lan"));
        Assert.Contains("status: BADVERS", Dig("+edns=1", "+noednsnegotiation", "sim-device.lan"));

        // Malformed queries: each gets FORMERR, or is dropped and counted; the server keeps answering.
        var malformed = _net.Exec(DigTimeoutMs * 2, "python3", "-c", MalformedScript, SimulatorInNamespace.DeviceAddress);
        Assert.True(malformed.ExitCode == 0, malformed.Describe("python3 malformed DNS queries"));
        foreach (var name in new[] { "pointer-loop", "forward-pointer", "truncated", "label-64", "name-256", "qdcount-0", "qdcount-10", "arcount-past-end",
            "opt-rdlength-past-end", "reserved-label-type" })
        {
            Assert.Contains(name + " rcode 1", malformed.StandardOutput);
        }
        Assert.Contains("short timeout", malformed.StandardOutput);
        Assert.Contains("response timeout", malformed.StandardOutput);
        Assert.Equal("10.0.0.2", Dig("+short", "sim-device.lan").Trim());

        var stopped = _net.StopSimulator(15000);
        Assert.True(stopped.ExitCode == 0, stopped.Describe("simulator"));
        var counters = Regex.Match(stopped.StandardOutput, @"dns-server: udp (\d+) tcp (\d+) noerror (\d+) formerr (\d+) nxdomain (\d+) notimp \d+ refused (\d+) badvers (\d+)"
            + @" .* malformed (\d+)");
        Assert.True(counters.Success, stopped.StandardOutput);
        Assert.True(int.Parse(counters.Groups[2].Value) >= 1, "tcp queries");
        Assert.True(int.Parse(counters.Groups[4].Value) >= 10, "formerr");
        Assert.True(int.Parse(counters.Groups[5].Value) >= 1, "nxdomain");
        Assert.True(int.Parse(counters.Groups[6].Value) >= 1, "refused");
        Assert.True(int.Parse(counters.Groups[7].Value) >= 1, "badvers");
        Assert.Equal("2", counters.Groups[8].Value);

        // What the device sent: no malformed DNS, no bad checksum (the malformed queries themselves are the peer's).
        var bad = ProcessRunner.Run("tshark", new[]
        {
            "-n", "-r", _net.PcapPath, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && (_ws.malformed || _ws.expert.severity == error || ip.checksum.status == \"Bad\""
                + " || udp.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\")",
        }, 60000);
        Assert.True(bad.ExitCode == 0 && bad.StandardOutput.Trim().Length == 0, bad.Describe("tshark: bad packets from the device"));
        var answers = ProcessRunner.Run("tshark", new[] { "-n", "-r", _net.PcapPath, "-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && dns.flags.response == 1" }, 60000);
        Assert.True(answers.StandardOutput.Split('\n').Count(l => l.Trim().Length > 0) >= 20, "DNS answers from the device:\n" + answers.StandardOutput);
    }

    // Each query from its own socket, one second to answer: prints "<name> rcode <n>" or "<name> timeout".
    private const string MalformedScript = @"
import socket, struct, sys
server = sys.argv[1]
def header(qd, an=0, ns=0, ar=0, flags=0x0100):
    return struct.pack('>HHHHHH', 0xABCD, flags, qd, an, ns, ar)
q = b'\x0asim-device\x03lan\x00\x00\x01\x00\x01'
cases = [
    ('pointer-loop', header(1) + b'\xc0\x0c\x00\x01\x00\x01'),
    ('forward-pointer', header(1) + b'\xc0\x0e\x01a\x00\x00\x01\x00\x01'),
    ('truncated', header(1) + b'\x0asim-de'),
    ('label-64', header(1) + b'\x40' + b'x' * 64 + b'\x00\x00\x01\x00\x01'),
    ('name-256', header(1) + (b'\x3f' + b'y' * 63) * 4 + b'\x00\x00\x01\x00\x01'),
    ('qdcount-0', header(0)),
    ('qdcount-10', header(10) + q),
    ('arcount-past-end', header(1, ar=1) + q),
    ('opt-rdlength-past-end', header(1, ar=1) + q + b'\x00\x00\x29\x04\x00\x00\x00\x00\x00\x00\x28'),
    ('reserved-label-type', header(1) + b'\x41a\x00\x00\x01\x00\x01'),
    ('short', b'\xab\xcd\x01'),
    ('response', header(1, flags=0x8180) + q),
]
for name, data in cases:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    s.sendto(data, (server, 53))
    try:
        answer = s.recv(2048)
        print(name, 'rcode', answer[3] & 0x0F, 'id', struct.unpack('>H', answer[:2])[0], flush=True)
    except socket.timeout:
        print(name, 'timeout', flush=True)
    s.close()
";
}

/// <summary>The simulator with --captive-portal: every A query, any name, gets the device's address with a 10-second TTL.</summary>
public sealed class CaptivePortalInNamespace : SimulatorInNamespace
{
    public CaptivePortalInNamespace()
        : base(_ => new[] { "--captive-portal" })
    {
    }
}

public sealed class DnsCaptivePortalPeerTests : IClassFixture<CaptivePortalInNamespace>
{
    private readonly CaptivePortalInNamespace _net;

    public DnsCaptivePortalPeerTests(CaptivePortalInNamespace net)
    {
        _net = net;
        if (net.SetupError != null)
        {
            Assert.Fail(net.SetupError);
        }
        if (RealPeerEnvironment.FindOnPath("dig") == null)
        {
            Assert.Fail("'dig' on PATH (.ci/run installs dnsutils)");
        }
    }

    [Fact]
    public void Dig_AnyName_TheDeviceAddress_ShortTtl_AaaaEmpty()
    {
        foreach (var name in new[] { "connectivitycheck.gstatic.com", "captive.apple.com", "www.msftconnecttest.com", "sim-device.lan" })
        {
            var result = _net.Exec(20000, "dig", "@" + SimulatorInNamespace.DeviceAddress, "+time=2", "+tries=2", name, "A");
            Assert.True(result.ExitCode == 0, result.Describe("dig " + name));
            Assert.Contains("status: NOERROR", result.StandardOutput);
            Assert.Matches(Regex.Escape(name) + @"\.\s+10\s+IN\s+A\s+10\.0\.0\.2", result.StandardOutput);
        }
        var aaaa = _net.Exec(20000, "dig", "@" + SimulatorInNamespace.DeviceAddress, "+time=2", "+tries=2", "captive.apple.com", "AAAA");
        Assert.Contains("status: NOERROR", aaaa.StandardOutput);
        Assert.Contains("ANSWER: 0", aaaa.StandardOutput);
        var stopped = _net.StopSimulator(15000);
        Assert.Matches(@"captive 4 ", stopped.StandardOutput);
    }
}
