using System;

namespace Firmware.HostNet.Tests;

/// <summary>Ethernet frames for tests: given addresses, an experimental EtherType and a recognisable payload.</summary>
public static class TestFrames
{
    public static readonly byte[] MacA = { 0x02, 0, 0, 0, 0, 0x0a };
    public static readonly byte[] MacB = { 0x02, 0, 0, 0, 0, 0x0b };
    public static readonly byte[] MacC = { 0x02, 0, 0, 0, 0, 0x0c };
    public static readonly byte[] Broadcast = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    /// <summary>A frame of <paramref name="lengthBytes"/> bytes whose payload starts with <paramref name="tag"/>.</summary>
    public static byte[] Make(byte[] destination, byte[] source, int tag, int lengthBytes = 100)
    {
        var frame = new byte[lengthBytes];
        Array.Copy(destination, 0, frame, 0, 6);
        Array.Copy(source, 0, frame, 6, 6);
        frame[12] = 0x88;  // 0x88b5: IEEE 802 local experimental EtherType
        frame[13] = 0xb5;
        for (int i = 14; i < lengthBytes; i++)
        {
            frame[i] = (byte)(tag + i);
        }
        if (lengthBytes > 15)
        {
            frame[14] = (byte)(tag >> 8);
            frame[15] = (byte)tag;
        }
        return frame;
    }

    public static int TagOf(byte[] frame) => frame[14] << 8 | frame[15];
}
