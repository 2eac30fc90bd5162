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
    public void OptionWithoutValue_Rejected()
    {
        Assert.False(SimulatorOptions.TryParse(new[] { "--quiet", "--pcap" }, out _, out string error));
        Assert.Equal("--pcap needs a value", error);
    }

    [Fact]
    public void Help_Recognised()
    {
        Assert.True(SimulatorOptions.TryParse(new[] { "--help" }, out var options, out _));
        Assert.True(options.ShowHelp);
        Assert.Contains("--tap IFNAME", SimulatorOptions.Usage);
    }
}
