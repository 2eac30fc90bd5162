using System;
using Xunit;

namespace Firmware.HostNet.Tests;

public sealed class VirtualSwitchTests
{
    private readonly byte[] _buffer = new byte[2000];

    [Fact]
    public void Broadcast_ReachesEveryOtherPort_NotTheSender()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var c = network.CreatePort(TestFrames.MacC);
        var frame = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacA, 1);

        Assert.True(a.TrySend(frame, 0, frame.Length));

        Assert.Equal(0, a.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(100, b.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(frame, _buffer.AsSpan(0, 100).ToArray());
        Assert.Equal(100, c.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(1, network.FramesFlooded);
    }

    [Fact]
    public void UnknownUnicast_FloodedToEveryOtherPort()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var sniffer = network.CreatePort(TestFrames.MacC);
        sniffer.Promiscuous = true;
        var frame = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 2);

        a.TrySend(frame, 0, frame.Length);

        Assert.Equal(1, network.FramesFlooded);
        Assert.Equal(100, b.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(100, sniffer.TryReceive(_buffer, 0, _buffer.Length));
    }

    [Fact]
    public void KnownUnicast_AfterLearning_GoesOnlyToTheLearnedPort()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var sniffer = network.CreatePort(TestFrames.MacC);
        sniffer.Promiscuous = true;
        var fromB = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacB, 3);
        b.TrySend(fromB, 0, fromB.Length);
        Assert.Equal(100, sniffer.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(100, a.TryReceive(_buffer, 0, _buffer.Length));

        var toB = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 4);
        a.TrySend(toB, 0, toB.Length);

        Assert.Same(b, network.LookUp(TestFrames.MacB));
        Assert.Same(a, network.LookUp(TestFrames.MacA));
        Assert.Equal(100, b.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(4, TestFrames.TagOf(_buffer));
        Assert.Equal(0, sniffer.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(1, network.FramesFlooded);
    }

    [Fact]
    public void Station_MovesToAnotherPort_TableFollowsTheNewestSource()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var c = network.CreatePort(TestFrames.MacC);
        var frame = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacB, 5);
        a.TrySend(frame, 0, frame.Length);
        Assert.Same(a, network.LookUp(TestFrames.MacB));

        c.TrySend(frame, 0, frame.Length);

        Assert.Same(c, network.LookUp(TestFrames.MacB));
    }

    [Fact]
    public void UnicastForAnotherStation_FilteredByANonPromiscuousPort()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var frame = TestFrames.Make(TestFrames.MacC, TestFrames.MacA, 6);

        a.TrySend(frame, 0, frame.Length);

        Assert.Equal(0, b.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(1, b.FramesFiltered);
    }

    [Fact]
    public void FullQueue_FurtherFramesDroppedAndCounted()
    {
        var network = new VirtualSwitch(queueFrames: 3);
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        for (int tag = 0; tag < 5; tag++)
        {
            var frame = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, tag);
            Assert.True(a.TrySend(frame, 0, frame.Length));
        }

        Assert.Equal(3, b.QueuedFrames);
        Assert.Equal(2, b.FramesDroppedQueueFull);
        Assert.Equal(2, network.FramesDroppedQueueFull);
        for (int tag = 0; tag < 3; tag++)
        {
            Assert.Equal(100, b.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(tag, TestFrames.TagOf(_buffer));
        }
        Assert.Equal(0, b.TryReceive(_buffer, 0, _buffer.Length));
    }

    [Fact]
    public void ShortFrame_PaddedWithZerosTo60Bytes()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var frame = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 7, lengthBytes: 42);
        Array.Fill(_buffer, (byte)0xee);

        a.TrySend(frame, 0, frame.Length);

        Assert.Equal(60, b.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(frame, _buffer.AsSpan(0, 42).ToArray());
        Assert.All(_buffer.AsSpan(42, 18).ToArray(), value => Assert.Equal(0, value));
    }

    [Theory]
    [InlineData(13)]
    [InlineData(1515)]
    public void FrameOutside14To1514Bytes_RefusedAndCounted(int lengthBytes)
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var frame = new byte[lengthBytes];
        Array.Fill(frame, (byte)0xff);

        Assert.False(a.TrySend(frame, 0, frame.Length));

        Assert.Equal(1, network.FramesDroppedBadLength);
        Assert.Equal(0, b.TryReceive(_buffer, 0, _buffer.Length));
    }

    [Fact]
    public void FrameLongerThanTheCallersBuffer_DroppedNotTruncated()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var big = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 8, lengthBytes: 1000);
        var small = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 9, lengthBytes: 100);
        a.TrySend(big, 0, big.Length);
        a.TrySend(small, 0, small.Length);

        Assert.Equal(0, b.TryReceive(_buffer, 0, 500));
        Assert.Equal(1, b.FramesDroppedTooLong);
        Assert.Equal(100, b.TryReceive(_buffer, 0, 500));
        Assert.Equal(9, TestFrames.TagOf(_buffer));
    }

    [Fact]
    public void LinkDown_PortNeitherSendsNorReceives()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        b.IsLinkUp = false;
        var toB = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacA, 10);
        var fromB = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacB, 11);

        a.TrySend(toB, 0, toB.Length);
        Assert.False(b.TrySend(fromB, 0, fromB.Length));
        b.IsLinkUp = true;

        Assert.Equal(0, b.TryReceive(_buffer, 0, _buffer.Length));
        Assert.Equal(0, a.TryReceive(_buffer, 0, _buffer.Length));
    }

    [Fact]
    public void BadArguments_NeverThrowOnThePacketPath()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var frame = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacA, 12);

        Assert.False(a.TrySend(null, 0, 60));
        Assert.False(a.TrySend(frame, 90, 60));
        Assert.False(a.TrySend(frame, -1, 60));
        Assert.Equal(0, a.TryReceive(_buffer, 0, _buffer.Length));
    }
}
