using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>The simulator in a namespace whose kernel routes 224.0.0.0/4 to the TAP, so multicast reaches the device.</summary>
public sealed class MulticastRouteInNamespace : SimulatorInNamespace
{
    public MulticastRouteInNamespace()
        : base(net =>
        {
            var route = net.Ip("route", "add", "224.0.0.0/4", "dev", Tap);
            if (route.ExitCode != 0)
            {
                throw new InvalidOperationException(route.Describe("ip route add 224.0.0.0/4"));
            }
            return Array.Empty<string>();
        })
    {
    }
}

/// <summary>
/// The device's mDNS/DNS-SD responder (sim-device.local) from the kernel's side of the TAP: BIND's dig asking its port 5353
/// and a plain socket asking 224.0.0.251:5353 (legacy unicast queries, RFC 6762 §6.7), Debian's python3-zeroconf browsing _http._tcp and resolving
/// the device, then tshark: nothing malformed and no bad checksum from the device, and its IGMP report for 224.0.0.251.
/// </summary>
public sealed class MdnsPeerTests : IClassFixture<MulticastRouteInNamespace>
{
    private const string SystemPython = "/usr/bin/python3";
    private readonly MulticastRouteInNamespace _net;

    public MdnsPeerTests(MulticastRouteInNamespace net)
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

    private string Log => "\n--- simulator\n" + _net.SimulatorOutput + _net.SimulatorErrors;

    [Fact]
    public void DigOnTheGroup_ZeroconfBrowsesAndResolves_TsharkFindsNothingBad()
    {
        // The responder probes and announces within about 2 s of the start. BIND 9.18's dig sends from a connected UDP
        // socket, so an answer to "dig @224.0.0.251" (which comes, as RFC 6762 §6.7 says, from the responder's own
        // address) is refused by the kernel with a port unreachable: dig asks the device's port 5353 directly instead
        // (a legacy unicast query all the same), and a plain socket asks the group.
        ProcessResult dig = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            dig = _net.Exec(20000, "dig", "-p", "5353", "@" + SimulatorInNamespace.DeviceAddress, "+time=2", "+tries=1", "sim-device.local");
            if (dig.ExitCode == 0 && dig.StandardOutput.Contains("status: NOERROR"))
            {
                break;
            }
        }
        Assert.True(dig.ExitCode == 0, dig.Describe("dig -p 5353 @10.0.0.2 sim-device.local") + Log);
        Assert.Matches(@"sim-device\.local\.\s+10\s+IN\s+A\s+10\.0\.0\.2", dig.StandardOutput);
        Assert.Contains("flags: qr aa", dig.StandardOutput);
        var ptr = _net.Exec(20000, "dig", "-p", "5353", "@" + SimulatorInNamespace.DeviceAddress, "+time=2", "+tries=2", "+short", "-x", SimulatorInNamespace.DeviceAddress);
        Assert.Equal("sim-device.local.", ptr.StandardOutput.Trim());
        var group = _net.Exec(20000, "python3", "-c", GroupQueryScript, SimulatorInNamespace.KernelAddress);
        Assert.True(group.ExitCode == 0, group.Describe("a legacy query to 224.0.0.251:5353 from a plain socket") + Log);
        Assert.Contains("from 10.0.0.2 5353 id 4660 answers 1 address 10.0.0.2", group.StandardOutput);

        if (!System.IO.File.Exists(SystemPython) || _net.Exec(10000, SystemPython, "-c", "import zeroconf").ExitCode != 0)
        {
            Assert.Fail("python3-zeroconf for " + SystemPython + " (.ci/run installs python3-zeroconf)");
        }
        var zeroconf = _net.Exec(40000, SystemPython, "-c", ZeroconfScript, SimulatorInNamespace.KernelAddress);
        Assert.True(zeroconf.ExitCode == 0, zeroconf.Describe("python3-zeroconf browse and resolve") + Log);
        Assert.Contains("found sim-device._http._tcp.local.", zeroconf.StandardOutput);
        Assert.Contains("address 10.0.0.2 port 80 server sim-device.local.", zeroconf.StandardOutput);
        Assert.Contains("path=/", zeroconf.StandardOutput);
        // And the page it found is the device's.
        var curl = _net.Exec(20000, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://10.0.0.2/");
        Assert.Equal("200", curl.StandardOutput.Trim());

        var stopped = _net.StopSimulator(15000);
        Assert.True(stopped.ExitCode == 0, stopped.Describe("simulator"));
        var bad = ProcessRunner.Run("tshark", new[]
        {
            "-n", "-r", _net.PcapPath, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && (_ws.malformed || _ws.expert.severity == error || ip.checksum.status == \"Bad\""
                + " || udp.checksum.status == \"Bad\")",
        }, 60000);
        Assert.True(bad.ExitCode == 0 && bad.StandardOutput.Trim().Length == 0, bad.Describe("tshark: bad packets from the device"));
        var mdns = ProcessRunner.Run("tshark", new[] { "-n", "-r", _net.PcapPath, "-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && mdns" }, 60000);
        Assert.True(mdns.StandardOutput.Split('\n').Count(l => l.Trim().Length > 0) >= 5, "mDNS from the device:\n" + mdns.StandardOutput);
        var igmp = ProcessRunner.Run("tshark", new[] { "-n", "-r", _net.PcapPath, "-Y", "ip.src == " + SimulatorInNamespace.DeviceAddress + " && igmp.type == 0x16 && igmp.maddr == 224.0.0.251" }, 60000);
        Assert.True(igmp.StandardOutput.Trim().Length > 0, "no IGMPv2 report for 224.0.0.251 from the device");
        Assert.Matches(@"mdns: queries [1-9]\d* .* probes 3 announcements [2-9]", stopped.StandardOutput);
    }

    // A legacy unicast query (source port not 5353) sent to the group; the answer comes by unicast from the device.
    private const string GroupQueryScript = @"
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(sys.argv[1]))
s.settimeout(2.0)
q = struct.pack('>HHHHHH', 0x1234, 0, 1, 0, 0, 0) + b'\x0asim-device\x05local\x00\x00\x01\x00\x01'
for attempt in range(5):
    s.sendto(q, ('224.0.0.251', 5353))
    try:
        data, (host, port) = s.recvfrom(2048)
    except socket.timeout:
        continue
    print('from', host, port, 'id', struct.unpack('>H', data[:2])[0], 'answers', struct.unpack('>H', data[6:8])[0], 'address', socket.inet_ntoa(data[-4:]))
    sys.exit(0)
print('no answer'); sys.exit(1)
";

    private const string ZeroconfScript = @"
import socket, sys, time
from zeroconf import Zeroconf, ServiceBrowser, IPVersion
zc = Zeroconf(interfaces=[sys.argv[1]], ip_version=IPVersion.V4Only)
found = []
class Listener:
    def add_service(self, zc, type_, name): found.append(name)
    def update_service(self, zc, type_, name): pass
    def remove_service(self, zc, type_, name): pass
browser = ServiceBrowser(zc, '_http._tcp.local.', Listener())
deadline = time.time() + 15
while not found and time.time() < deadline:
    time.sleep(0.1)
if not found:
    print('nothing found'); zc.close(); sys.exit(1)
print('found', found[0], flush=True)
info = zc.get_service_info('_http._tcp.local.', found[0], timeout=5000)
if info is None:
    print('not resolved'); zc.close(); sys.exit(1)
for address in info.addresses:
    print('address', socket.inet_ntoa(address), 'port', info.port, 'server', info.server, flush=True)
print('properties', {k.decode(): (v or b'').decode() for k, v in info.properties.items()}, flush=True)
print('path=' + (info.properties.get(b'path') or b'').decode())
zc.close()
";
}
