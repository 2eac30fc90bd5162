using System;
using System.Collections.Generic;
using Firmware.Net.Wire;

namespace Firmware.Clients.Tests;

/// <summary>Hand-built DHCP replies, well formed and not, and the frames that carry them (independent of the firmware's codec).</summary>
public static class Replies
{
    public sealed record Reply(byte[] Bytes, int SourcePort);

    public const int MalformedCount = 7;
    public const int ForeignCount = 3;
    public const int UnexpectedCount = 2;

    /// <summary>A 300-byte BOOTREPLY of <paramref name="type"/> offering 10.0.0.60 from server 10.0.0.9.</summary>
    public static byte[] Good(uint xid, byte[] mac, int type, bool serverId = true, uint yiaddr = 0x0A00003C)
    {
        var b = new byte[300];
        b[0] = 2; b[1] = 1; b[2] = 6;
        BigEndian.WriteUInt32(b, 4, xid);
        BigEndian.WriteUInt32(b, 16, yiaddr);
        Array.Copy(mac, 0, b, 28, 6);
        BigEndian.WriteUInt32(b, 236, 0x63825363);
        int at = 240;
        b[at++] = 53; b[at++] = 1; b[at++] = (byte)type;
        if (serverId)
        {
            b[at++] = 54; b[at++] = 4; BigEndian.WriteUInt32(b, at, 0x0A000009); at += 4;
        }
        b[at++] = 51; b[at++] = 4; BigEndian.WriteUInt32(b, at, 600); at += 4;
        b[at++] = 1; b[at++] = 4; BigEndian.WriteUInt32(b, at, 0xFFFFFF00); at += 4;
        b[at] = 255;
        return b;
    }

    public static IEnumerable<Reply> Malformed(uint xid, byte[] mac)
    {
        // Malformed (7)
        yield return new Reply(Good(xid, mac, 2).AsSpan(0, 200).ToArray(), 67);             // cut short of the cookie
        var badCookie = Good(xid, mac, 2); badCookie[239] ^= 1; yield return new Reply(badCookie, 67);
        var request = Good(xid, mac, 2); request[0] = 1; yield return new Reply(request, 67);  // a BOOTREQUEST
        var hlen = Good(xid, mac, 2); hlen[2] = 16; yield return new Reply(hlen, 67);
        var overrun = Good(xid, mac, 2); overrun[241] = 200; yield return new Reply(overrun, 67);  // option 53 runs past the end: no type
        yield return new Reply(Good(xid, mac, 2, serverId: false), 67);                        // an offer without its server
        yield return new Reply(Good(xid, mac, 2, yiaddr: 0), 67);                              // an offer of nothing
        // Foreign (3)
        yield return new Reply(Good(xid + 1, mac, 2), 67);
        var otherMac = (byte[])mac.Clone(); otherMac[5] ^= 0x10;
        yield return new Reply(Good(xid, otherMac, 2), 67);
        yield return new Reply(Good(xid, mac, 2), 6767);
        // Too long (1): more than the 576 bytes we take.
        var huge = new byte[700]; Array.Copy(Good(xid, mac, 2), huge, 300); yield return new Reply(huge, 67);
        // Unexpected (2): an ACK and a NAK while selecting.
        yield return new Reply(Good(xid, mac, 5), 67);
        yield return new Reply(Good(xid, mac, 6), 67);
    }

    /// <summary>A broadcast Ethernet/IPv4/UDP frame from <paramref name="source"/>:<paramref name="sourcePort"/> to port 68.</summary>
    public static byte[] Frame(byte[] sourceMac, uint source, byte[] payload, int sourcePort)
    {
        var frame = new byte[42 + payload.Length];
        EthernetFrame.EmitHeader(frame, 0, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 0, sourceMac, EthernetFrame.TypeIpv4);
        Array.Copy(payload, 0, frame, 42, payload.Length);
        UdpHeader.Emit(frame, 34, sourcePort, 68, payload.Length, source, 0xFFFFFFFF);
        Ipv4Header.Emit(frame, 14, 28 + payload.Length, 0x77, false, false, 0, 64, Ipv4Header.ProtocolUdp, source, 0xFFFFFFFF);
        return frame;
    }
}
