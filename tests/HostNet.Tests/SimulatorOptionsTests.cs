using System.Linq;
using Firmware.Simulator;
using Xunit;

namespace Firmware.HostNet.Tests;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void NoArguments_VirtualSwitchDefaults()
    {
        Assert.True(SimulatorOptions.TryParse(new string[0], out var options, out string error), error);

        Assert.Null(options.TapInterface);
        Assert.Equal(0x0A000002u, options.Address);
        Assert.Equal(24, options.PrefixLength);
        Assert.Equal(0u, options.Gateway);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 2 }, options.Mac);
        Assert.Null(options.PcapPath);
        Assert.Equal(0, options.Seconds);
        Assert.False(options.Quiet);
        Assert.Equal(1, options.Seed);
        Assert.False(options.PeerTraffic);
        Assert.Equal(8080, options.HttpPort);
        var forward = Assert.Single(options.Forwards);
        Assert.Equal(8080, forward.HostPort);
        Assert.Equal(80, forward.DevicePort);
    }

    [Fact]
    public void EveryOption_Parsed()
    {
        var args = new[]
        {
            "--tap", "tap0", "--ip", "192.168.7.20/16", "--gateway", "192.168.0.1", "--mac", "02:aa:bb:cc:dd:ee",
            "--pcap", "/tmp/x.pcap", "--seconds", "2.5", "--quiet", "--seed", "-17",
        };

        Assert.True(SimulatorOptions.TryParse(args, out var options, out string error), error);

        Assert.Equal("tap0", options.TapInterface);
        Assert.Equal(0xC0A80714u, options.Address);
        Assert.Equal(16, options.PrefixLength);
        Assert.Equal(0xC0A80001u, options.Gateway);
        Assert.Equal(new byte[] { 2, 0xaa, 0xbb, 0xcc, 0xdd, 0xee }, options.Mac);
        Assert.Equal("/tmp/x.pcap", options.PcapPath);
        Assert.Equal(2.5, options.Seconds);
        Assert.True(options.Quiet);
        Assert.Equal(-17, options.Seed);
    }

    [Theory]
    [InlineData("--ip", "10.0.0.2", "--ip")]
    [InlineData("--ip", "10.0.0.2/33", "--ip")]
    [InlineData("--ip", "10.0.0.300/24", "--ip")]
    [InlineData("--gateway", "gateway", "--gateway")]
    [InlineData("--mac", "01:00:00:00:00:01", "--mac")]
    [InlineData("--mac", "02:00:00", "--mac")]
    [InlineData("--seconds", "0", "--seconds")]
    [InlineData("--seconds", "soon", "--seconds")]
    [InlineData("--seed", "1.5", "--seed")]
    [InlineData("--tap", "a-name-longer-than-15", "--tap")]
    [InlineData("--colour", "red", "unknown option")]
    [InlineData("--drop", "1.5", "--drop")]
    [InlineData("--corrupt", "-0.1", "--corrupt")]
    [InlineData("--delay", "often", "--delay")]
    [InlineData("--forward", "7007", "--forward: expected HOSTPORT:DEVICEPORT")]
    [InlineData("--forward", "0:7", "--forward: expected HOSTPORT:DEVICEPORT")]
    [InlineData("--forward", "7007:0", "--forward: expected HOSTPORT:DEVICEPORT")]
    [InlineData("--forward", "7007:65536", "--forward: expected HOSTPORT:DEVICEPORT")]
    [InlineData("--forward", "-1:7", "--forward: expected HOSTPORT:DEVICEPORT")]
    [InlineData("--http-port", "65536", "--http-port: expected a port")]
    [InlineData("--http-port", "web", "--http-port: expected a port")]
    [InlineData("--forward", "8080:7", "host port 8080 is forwarded twice (the HTTP forward has it: move that with --http-port")]
    [InlineData("--lease", "5", "--lease: expected seconds")]
    [InlineData("--lease", "long", "--lease: expected seconds")]
    [InlineData("--dns", "dns.example", "--dns: expected an IPv4 address")]
    [InlineData("--connect", "10.0.0.256:80", "--connect: expected HOST:PORT")]
    [InlineData("--connect", "bad_name:80", "--connect: expected HOST:PORT")]
    [InlineData("--connect", "server.lan:0", "--connect: expected HOST:PORT")]
    [InlineData("--tcp-rx-buffer", "1023", "--tcp-rx-buffer: expected bytes from 1024 to 1048576")]
    [InlineData("--tcp-rx-buffer", "1048577", "--tcp-rx-buffer: expected bytes from 1024 to 1048576")]
    [InlineData("--tcp-rx-buffer", "8k", "--tcp-rx-buffer: expected bytes")]
    [InlineData("--tcp-tx-buffer", "-4096", "--tcp-tx-buffer: expected bytes")]
    [InlineData("--tcp-tx-buffer", "0", "--tcp-tx-buffer: expected bytes")]
    [InlineData("--tcp-tx-buffer", "99999999999", "--tcp-tx-buffer: expected bytes")]
    public void BadValue_RejectedWithAMessageNamingTheOption(string name, string value, string expectedInMessage)
    {
        Assert.False(SimulatorOptions.TryParse(new[] { name, value }, out _, out string error));
        Assert.Contains(expectedInMessage, error);
    }

    [Fact]
    public void FaultProbabilities_Parsed()
    {
        var args = new[] { "--drop", "0.1", "--duplicate", "0.2", "--reorder", "0.3", "--delay", "0.4", "--corrupt", "1" };

        Assert.True(SimulatorOptions.TryParse(args, out var options, out string error), error);

        Assert.True(options.InjectsFaults);
        Assert.Equal(0.1, options.DropProbability);
        Assert.Equal(0.2, options.DuplicateProbability);
        Assert.Equal(0.3, options.ReorderProbability);
        Assert.Equal(0.4, options.DelayProbability);
        Assert.Equal(1.0, options.CorruptProbability);
        Assert.False(SimulatorOptions.TryParse(new string[0], out var plain, out _) && plain.InjectsFaults);
    }

    [Fact]
    public void Forwards_HttpFirstThenEachForwardInOrder()
    {
        var args = new[] { "--forward", "7007:7", "--http-port", "9090", "--forward", "7019:19", "--peer-traffic" };

        Assert.True(SimulatorOptions.TryParse(args, out var options, out string error), error);

        Assert.True(options.PeerTraffic);
        Assert.Equal(9090, options.HttpPort);
        Assert.Equal(new[] { "9090:80", "7007:7", "7019:19" }, options.Forwards.Select(f => f.HostPort + ":" + f.DevicePort));
    }

    [Fact]
    public void HttpPortZero_OnlyTheExplicitForwards()
    {
        Assert.True(SimulatorOptions.TryParse(new[] { "--http-port", "0", "--forward", "8080:7" }, out var options, out string error), error);

        Assert.Equal(0, options.HttpPort);
        Assert.Equal(new[] { "8080:7" }, options.Forwards.Select(f => f.HostPort + ":" + f.DevicePort));
    }

    [Fact]
    public void NoForward_NothingForwarded()
    {
        Assert.True(SimulatorOptions.TryParse(new[] { "--no-forward" }, out var options, out string error), error);

        Assert.Empty(options.Forwards);
        Assert.Equal(0, options.HttpPort);
    }

    [Theory]
    [InlineData("--no-forward --forward 7007:7", "--no-forward: contradicts --forward")]
    [InlineData("--no-forward --http-port 8081", "--no-forward: contradicts --http-port")]
    [InlineData("--forward 7007:7 --forward 7007:9", "host port 7007 is forwarded twice")]
    [InlineData("--tap tap0 --forward 7007:7", "--forward: not with --tap")]
    [InlineData("--tap tap0 --http-port 8081", "--http-port: not with --tap")]
    [InlineData("--tap tap0 --peer-traffic", "--peer-traffic: not with --tap")]
    public void ClashingForwardOptions_RejectedWithAReason(string line, string expectedInMessage)
    {
        Assert.False(SimulatorOptions.TryParse(line.Split(' '), out _, out string error));
        Assert.Contains(expectedInMessage, error);
    }

    [Fact]
    public void Tap_NoForwardsAndNoHttpPort()
    {
        Assert.True(SimulatorOptions.TryParse(new[] { "--tap", "tap0" }, out var options, out string error), error);

        Assert.Empty(options.Forwards);
        Assert.Equal(0, options.HttpPort);
    }

    [Fact]
    public void DnsPort_5353ByDefault_ZeroForNone_NoneWithTapOrNoForward()
    {
        Assert.True(SimulatorOptions.TryParse(new string[0], out var options, out string error), error);
        Assert.Equal(5353, options.DnsPort);
        Assert.False(options.DnsPortGiven);
        Assert.True(SimulatorOptions.TryParse(new[] { "--dns-port", "15353" }, out options, out error), error);
        Assert.Equal(15353, options.DnsPort);
        Assert.True(options.DnsPortGiven);
        Assert.True(SimulatorOptions.TryParse(new[] { "--dns-port", "0" }, out options, out error), error);
        Assert.Equal(0, options.DnsPort);
        Assert.True(SimulatorOptions.TryParse(new[] { "--tap", "tap0" }, out options, out error), error);
        Assert.Equal(0, options.DnsPort);
        Assert.True(SimulatorOptions.TryParse(new[] { "--no-forward" }, out options, out error), error);
        Assert.Equal(0, options.DnsPort);
        Assert.False(SimulatorOptions.TryParse(new[] { "--tap", "tap0", "--dns-port", "53" }, out _, out error));
        Assert.Contains("--dns-port: not with --tap", error);
        Assert.False(SimulatorOptions.TryParse(new[] { "--no-forward", "--dns-port", "5300" }, out _, out error));
        Assert.Contains("--no-forward: contradicts --dns-port", error);
        Assert.False(SimulatorOptions.TryParse(new[] { "--dns-port", "70000" }, out _, out error));
        Assert.Contains("--dns-port: expected a port", error);
        Assert.False(options.CaptivePortal);
        Assert.True(SimulatorOptions.TryParse(new[] { "--captive-portal" }, out options, out error), error);
        Assert.True(options.CaptivePortal);
    }

    [Fact]
    public void OptionWithoutValue_Rejected()
    {
        Assert.False(SimulatorOptions.TryParse(new[] { "--quiet", "--pcap" }, out _, out string error));
        Assert.Equal("--pcap needs a value", error);
    }

    [Fact]
    public void Dhcp_OnWithoutTapUnlessIp_OnWithTapOnlyWhenAsked()
    {
        Assert.True(SimulatorOptions.TryParse(new string[0], out var plain, out _));
        Assert.True(plain.Dhcp);
        Assert.Equal(SimulatorOptions.DefaultLeaseSeconds, plain.LeaseSeconds);
        Assert.True(SimulatorOptions.TryParse(new[] { "--ip", "10.0.0.7/24" }, out var fixedAddress, out _));
        Assert.False(fixedAddress.Dhcp);
        Assert.True(SimulatorOptions.TryParse(new[] { "--tap", "tap0" }, out var tap, out _));
        Assert.False(tap.Dhcp);
        Assert.True(SimulatorOptions.TryParse(new[] { "--tap", "tap0", "--dhcp", "--ip", "10.0.0.7/24" }, out var tapDhcp, out _));
        Assert.True(tapDhcp.Dhcp);
        Assert.True(tapDhcp.AddressGiven);
        Assert.True(SimulatorOptions.TryParse(new[] { "--lease", "30", "--ntp", "ntp.example", "--dns", "10.0.0.53" }, out var servers, out _));
        Assert.Equal(30, servers.LeaseSeconds);
        Assert.Equal("ntp.example", servers.NtpServer);
        Assert.Equal(0x0A000035u, servers.DnsServer);
    }

    [Fact]
    public void Connect_ByName()
    {
        Assert.True(SimulatorOptions.TryParse(new[] { "--connect", "server.lan:5000" }, out var options, out string error), error);
        Assert.Equal("server.lan", options.ConnectHost);
        Assert.Equal(0u, options.ConnectAddress);
        Assert.Equal(5000, options.ConnectPort);
        Assert.True(options.Connects);
    }

    [Fact]
    public void TcpBuffers_DefaultFromTcpConfig_SetEachAlone()
    {
        Assert.True(SimulatorOptions.TryParse(new string[0], out var plain, out string error), error);
        Assert.Equal(0, plain.TcpReceiveBufferBytes);
        Assert.Equal(0, plain.TcpSendBufferBytes);

        Assert.True(SimulatorOptions.TryParse(new[] { "--tcp-rx-buffer", "65536", "--tcp-tx-buffer", "8192" }, out var both, out error), error);
        Assert.Equal(65536, both.TcpReceiveBufferBytes);
        Assert.Equal(8192, both.TcpSendBufferBytes);

        Assert.True(SimulatorOptions.TryParse(new[] { "--tcp-tx-buffer", "1024" }, out var tx, out error), error);
        Assert.Equal(0, tx.TcpReceiveBufferBytes);
        Assert.Equal(1024, tx.TcpSendBufferBytes);

        Assert.True(SimulatorOptions.TryParse(new[] { "--tcp-rx-buffer", "1048576" }, out var rx, out error), error);
        Assert.Equal(1048576, rx.TcpReceiveBufferBytes);
        Assert.Equal(0, rx.TcpSendBufferBytes);
        Assert.False(SimulatorOptions.TryParse(new[] { "--tcp-rx-buffer" }, out _, out error));
        Assert.Contains("--tcp-rx-buffer needs a value", error);
    }

    [Fact]
    public void Help_Recognised()
    {
        Assert.True(SimulatorOptions.TryParse(new[] { "--help" }, out var options, out _));
        Assert.True(options.ShowHelp);
        Assert.Contains("--tap IFNAME", SimulatorOptions.Usage);
        foreach (var name in new[] { "--http-port N", "--forward H:D", "--no-forward", "--peer-traffic", "--tcp-rx-buffer BYTES", "--tcp-tx-buffer BYTES" })
        {
            Assert.Contains(name, SimulatorOptions.Usage);
        }
    }
}
