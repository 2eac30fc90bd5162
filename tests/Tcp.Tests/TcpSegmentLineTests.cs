using Firmware.Net.Diagnostics;
using Xunit;

namespace Tcp.Tests;

/// <summary>The TCP part of a packet line (what PacketFormatter shows after the addresses), malformed segments included.</summary>
public sealed class TcpSegmentLineTests
{
    [Fact]
    public void TextbookSyn_FlagsSeqWindow()
    {
        // testing.md's worked example: 0xdfa5 -> 80, seq 100, ack 0, data offset 5, SYN, window 0x2000.
        byte[] syn = { 0xdf, 0xa5, 0x00, 0x50, 0, 0, 0, 100, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00, 0, 0, 0, 0 };

        Assert.Equal("Flags [S], seq 100, win 8192, length 0", TcpLineFormatter.FormatSegment(syn, 0, syn.Length));
    }

    [Fact]
    public void SynAckWithOptions_AckAndOptionsShown()
    {
        byte[] synAck =
        {
            0x00, 0x07, 0xdf, 0xa5, 0, 0, 0x07, 0xd0, 0, 0, 0, 101, 0xa0, 0x12, 0x05, 0xb4, 0, 0, 0, 0,
            2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
        };

        Assert.Equal("Flags [S.], seq 2000, ack 101, win 1460, options [mss 1460,nop,wscale 7,sackOK,TS val 1 ecr 2], length 0",
            TcpLineFormatter.FormatSegment(synAck, 0, synAck.Length));
    }

    [Fact]
    public void PushAckWithData_LengthIsPayloadOnly()
    {
        var segment = new byte[20 + 100];
        segment[12] = 0x50;
        segment[13] = 0x18;

        Assert.Equal("Flags [P.], seq 0, ack 0, win 0, length 100", TcpLineFormatter.FormatSegment(segment, 0, segment.Length));
    }

    [Theory]
    [InlineData(19, 0x50)]
    [InlineData(24, 0x70)]
    [InlineData(24, 0x10)]
    public void MalformedSegments_DescribedNotThrown(int lengthBytes, int dataOffsetByte)
    {
        var segment = new byte[lengthBytes];
        if (lengthBytes > 12) segment[12] = (byte)dataOffsetByte;

        string line = TcpLineFormatter.FormatSegment(segment, 0, segment.Length);

        Assert.True(line.Contains("truncated") || line.Contains("bad data offset"), line);
    }

    [Fact]
    public void OptionWithImpossibleLength_SaysBadOption()
    {
        byte[] segment = { 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0x60, 0x02, 0, 0, 0, 0, 0, 0, 2, 9, 0, 0 };

        Assert.Contains("bad opt", TcpLineFormatter.FormatSegment(segment, 0, segment.Length));
    }
}
