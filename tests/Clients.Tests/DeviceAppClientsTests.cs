using System;
using System.Text;
using Firmware.App;
using Firmware.DeviceHarness;
using Firmware.HostNet;
using Firmware.HostNet.Services;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Dhcp;
using Xunit;

namespace Firmware.Clients.Tests;

/// <summary>
/// The device app as it boots on a LAN: DHCP on by default, the lease's DNS and NTP servers handed to the resolver and
/// SNTP, the clock in /api/status and in the Date header, and none of it allocating per request.
/// </summary>
public class DeviceAppClientsTests
{
    private const long EpochMs = 1714564800000;  // the server's clock at virtual time 0: 2024-05-01T12:00:00Z

    private sealed class Bed
    {
        public readonly VirtualSwitch Switch = new(256);
        public readonly MeteredMac DeviceMac;
        public readonly DeviceApp App;
        public readonly NetworkStack Server;
        public readonly TcpLayer ServerTcp;
        public readonly HostDhcpServer Dhcp;
        public readonly HostDnsServer Dns;
        public readonly HostNtpServer Ntp;
        public long NowMs = 1;
        public long DeviceAllocatedBytes;

        public Bed(AppConfig config)
        {
            DeviceMac = new MeteredMac(Switch.CreatePort(Lan.DeviceMac));
            var serverPort = Switch.CreatePort(Lan.ServerMac);
            Server = new NetworkStack(new StackConfig(), serverPort, new SeededRandom(2));
            ServerTcp = new TcpLayer(new TcpConfig { ReceiveBufferBytes = 8192 }, Server.Output, new SeededRandom(3));
            Server.AttachTransport(6, ServerTcp);
            Server.SetAddress(Lan.ServerAddress, 24, 0, 0);
            Dhcp = new HostDhcpServer(Server, serverPort)
            {
                PoolStart = 0x0A000032, Router = Lan.ServerAddress, DnsServers = new[] { Lan.ServerAddress }, NtpServers = new[] { Lan.ServerAddress },
                LeaseSeconds = 600,
            };
            Dns = new HostDnsServer(Server);
            Ntp = new HostNtpServer(Server, now => EpochMs + now);
            App = new DeviceApp(config, DeviceMac, new SeededRandom(1));
            App.Start(NowMs);
        }

        public void Step()
        {
            NowMs++;
            long before = GC.GetAllocatedBytesForCurrentThread() - DeviceMac.AllocatedBytes;
            App.Poll(NowMs);
            DeviceAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - DeviceMac.AllocatedBytes - before;
            Server.Poll(NowMs);
            Dhcp.Poll(NowMs);
            Dns.Poll(NowMs);
            Ntp.Poll(NowMs);
        }

        public bool RunUntil(Func<bool> done, int maxMs)
        {
            for (int i = 0; i < maxMs; i++)
            {
                if (done())
                {
                    return true;
                }
                Step();
            }
            return done();
        }

        public string Get(TcpConnection c, string path, byte[] scratch)
        {
            byte[] request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: device\r\n\r\n");
            c.Send(request, 0, request.Length);
            var text = new StringBuilder();
            RunUntil(() =>
            {
                int n;
                while ((n = c.Receive(scratch, 0, scratch.Length)) > 0)
                {
                    text.Append(Encoding.ASCII.GetString(scratch, 0, n));
                }
                string s = text.ToString();
                int head = s.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                int at = s.IndexOf("Content-Length: ", StringComparison.Ordinal);
                if (head < 0 || at < 0)
                {
                    return false;
                }
                int end = s.IndexOf("\r\n", at, StringComparison.Ordinal);
                return s.Length >= head + 4 + int.Parse(s.Substring(at + 16, end - at - 16));
            }, 5000);
            return text.ToString();
        }
    }

    [Fact]
    public void DefaultConfig_LeaseServersClockStatusAndDate_NoAllocationPerRequest()
    {
        var bed = new Bed(new AppConfig());
        Assert.True(bed.RunUntil(() => bed.App.Dhcp.State == DhcpState.Bound, 30000), bed.App.Dhcp.Describe(bed.NowMs));
        Assert.Equal(0x0A000032u, bed.App.Stack.Interface.Address);
        // The lease named the DNS and NTP servers; SNTP asked the lease's server (no lookup needed) and set the clock.
        Assert.True(bed.RunUntil(() => bed.App.Clock.IsSet, 5000));
        Assert.Equal(Lan.ServerAddress, bed.App.Resolver.GetServer(0));
        Assert.Equal(Lan.ServerAddress, bed.App.Sntp.ServerAddress);
        Assert.Empty(bed.Dns.Queries);
        Assert.InRange(bed.App.Clock.UnixMs(bed.NowMs) - (EpochMs + bed.NowMs), -3, 3);

        var c = bed.ServerTcp.Connect(0x0A000032, 80, bed.NowMs);
        Assert.True(bed.RunUntil(() => c.State == TcpState.Established, 2000));
        var scratch = new byte[4096];
        string status = bed.Get(c, "/api/status", scratch);
        Assert.StartsWith("HTTP/1.1 200 OK", status);
        Assert.Contains("\r\nDate: Wed, 01 May 2024 12:00:", status);
        Assert.Contains("\"address\":\"10.0.0.50\"", status);
        Assert.Contains("\"dhcp\":{\"state\":\"bound\",\"source\":\"dhcp\",\"server\":\"10.0.0.1\",\"leaseSeconds\":600,", status);
        Assert.Contains("\"dns\":[\"10.0.0.1\"]", status);
        Assert.Contains("\"time\":{\"synchronized\":true,\"unixMs\":17145648", status);
        Assert.Contains("\"stratum\":2}", status);

        for (int i = 0; i < 20; i++)
        {
            bed.Get(c, "/api/status", scratch);
        }
        bed.DeviceAllocatedBytes = 0;
        for (int i = 0; i < 200; i++)
        {
            Assert.StartsWith("HTTP/1.1 200 OK", bed.Get(c, "/api/status", scratch));
        }
        Assert.Equal(0, bed.DeviceAllocatedBytes);
    }

    [Fact]
    public void DhcpOff_TheStaticAddress_NoClientTraffic()
    {
        var bed = new Bed(new AppConfig { DhcpEnabled = false, Address = 0x0A000009 });
        bed.RunUntil(() => false, 15000);
        Assert.Equal(0x0A000009u, bed.App.Stack.Interface.Address);
        Assert.Null(bed.App.Dhcp);
        Assert.Empty(bed.Dhcp.Received);
        // No DNS server configured: SNTP's name lookup fails at once, without a packet, and waits its interval.
        Assert.Empty(bed.Dns.Queries);
        Assert.Empty(bed.Ntp.Requests);
        Assert.False(bed.App.Clock.IsSet);
    }
}
