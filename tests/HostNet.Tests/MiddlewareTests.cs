using System;
using System.Collections.Generic;
using Xunit;

namespace Firmware.HostNet.Tests;

public sealed class MiddlewareTests
{
    [Fact]
    public void PacketTracer_SeesEachSentAndReceivedFrame_WithItsDirection()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var seen = new List<string>();
        var tracer = new PacketTracer(a, (direction, frame, offset, length) => seen.Add(direction + " " + TestFrames.TagOf(frame) + " " + length));
        var outbound = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 1);
        var inbound = TestFrames.Make(TestFrames.MacA, TestFrames.MacB, 2, lengthBytes: 80);
        var buffer = new byte[1600];

        Assert.True(tracer.TrySend(outbound, 0, outbound.Length));
        b.TrySend(inbound, 0, inbound.Length);
        Assert.Equal(80, tracer.TryReceive(buffer, 0, buffer.Length));
        Assert.Equal(0, tracer.TryReceive(buffer, 0, buffer.Length));

        Assert.Equal(new[] { "Send 1 100", "Receive 2 80" }, seen);
        Assert.Same(a.MacAddress, tracer.MacAddress);
    }

    [Fact]
    public void Middlewares_Compose_TracerOverRecorderOverInjector()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var clock = new ManualClock();
        var injector = new FaultInjector(a, clock, seed: 1) { DuplicateProbability = 1 };
        var stream = new System.IO.MemoryStream();
        var recorder = new PcapRecorder(injector, clock, new PcapWriter(stream));
        int traced = 0;
        var tracer = new PacketTracer(recorder, (_, _, _, _) => traced++);
        var frame = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 1);
        var buffer = new byte[1600];

        tracer.TrySend(frame, 0, frame.Length);

        Assert.Equal(1, traced);
        Assert.Equal(1, recorder.FramesRecorded);  // recorded above the injector: what the stack sent, once
        Assert.Equal(100, b.TryReceive(buffer, 0, buffer.Length));
        Assert.Equal(100, b.TryReceive(buffer, 0, buffer.Length));  // duplicated below it
    }

    [Fact]
    public void SystemRandomSource_SameSeedSameSequence_OtherSeedOtherSequence()
    {
        var a = new SystemRandomSource(9);
        var b = new SystemRandomSource(9);
        var c = new SystemRandomSource(10);
        var fromA = new uint[8];
        var fromB = new uint[8];
        var fromC = new uint[8];
        for (int i = 0; i < 8; i++)
        {
            fromA[i] = a.NextUInt32();
            fromB[i] = b.NextUInt32();
            fromC[i] = c.NextUInt32();
        }

        Assert.Equal(fromA, fromB);
        Assert.NotEqual(fromA, fromC);
        Assert.Contains(fromA, value => value > int.MaxValue);  // all 32 bits are used, not just 31
    }

    [Theory]
    [InlineData("10.0.0.2", 0x0A000002u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("0.0.0.0", 0u)]
    public void AddressText_ParsesAndPrintsIpv4(string text, uint expected)
    {
        Assert.True(AddressText.TryParseIpv4(text, out uint address));
        Assert.Equal(expected, address);
        Assert.Equal(text, AddressText.FormatIpv4(address));
    }

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.-1")]
    [InlineData("10..0.1")]
    [InlineData("")]
    [InlineData(null)]
    public void AddressText_RejectsBadIpv4(string text)
    {
        Assert.False(AddressText.TryParseIpv4(text, out _));
    }

    [Fact]
    public void AddressText_ParsesMacWithColonsOrDashes()
    {
        Assert.True(AddressText.TryParseMac("02:00:5e:00:00:0A", out var mac));
        Assert.Equal(new byte[] { 2, 0, 0x5e, 0, 0, 10 }, mac);
        Assert.True(AddressText.TryParseMac("02-00-5e-00-00-0a", out _));
        Assert.Equal("02:00:5e:00:00:0a", AddressText.FormatMac(mac));
        Assert.False(AddressText.TryParseMac("02:00:5e:00:00", out _));
        Assert.False(AddressText.TryParseMac("02:00:5e:00:00:zz", out _));
    }

    [Fact]
    public void TapMac_BadArguments_RejectedBeforeTouchingTheKernel()
    {
        Assert.Throws<ArgumentException>(() => new TapMac("", TestFrames.MacA));
        Assert.Throws<ArgumentException>(() => new TapMac("a-name-longer-than-15", TestFrames.MacA));
        Assert.Throws<ArgumentException>(() => new TapMac("tap0", new byte[5]));
    }

    [Fact]
    public void TapMac_InterfaceMissing_RefusesInsteadOfCreatingOne()
    {
        // A name no namespace here has: TapMac must not fall through to TUNSETIFF, which would create the device.
        string name = "fwnone" + (Environment.ProcessId % 100000);

        var error = Assert.Throws<System.IO.IOException>(() => new TapMac(name, TestFrames.MacA));

        Assert.Contains("no TAP interface named '" + name + "'", error.Message);
        Assert.False(System.IO.Directory.Exists("/sys/class/net/" + name));
    }
}
