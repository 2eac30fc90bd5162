using System;
using Firmware.Hal;
using Firmware.Net.Wire;

namespace Firmware.Fuzz;

/// <summary>
/// A MAC middleware that judges every frame the device sends, as a peer's stack would: Ethernet length and
/// type, the IPv4 header (version, lengths, checksum), and the TCP, UDP, ICMP or IGMP checksum and lengths of an
/// unfragmented datagram. A malformed frame throws: for the fuzzer, a device that emits garbage has crashed.
/// </summary>
public sealed class CheckedMac : IEthernetMac
{
    private readonly IEthernetMac _inner;

    public CheckedMac(IEthernetMac inner)
    {
        _inner = inner;
    }

    public byte[] MacAddress => _inner.MacAddress;

    public bool IsLinkUp => _inner.IsLinkUp;

    public int TryReceive(byte[] buffer, int offset, int capacity) => _inner.TryReceive(buffer, offset, capacity);

    public bool TrySend(byte[] frame, int offset, int length)
    {
        string problem = Check(frame, offset, length);
        if (problem != null)
        {
            throw new InvalidOperationException("the device sent a malformed frame (" + problem + "): "
                + Convert.ToHexString(frame, offset, Math.Min(length, 128)));
        }
        return _inner.TrySend(frame, offset, length);
    }

    /// <summary>Null when the frame is well formed, else what is wrong with it.</summary>
    public static string Check(byte[] f, int o, int length)
    {
        if (length < 14 || length > 1514 || o < 0 || o + length > f.Length)
        {
            return "frame length " + length;
        }
        int type = EthernetFrame.GetType(f, o);
        if (type == EthernetFrame.TypeArp)
        {
            return length >= 42 ? null : "short ARP";
        }
        if (type != EthernetFrame.TypeIpv4)
        {
            return "ethertype " + type.ToString("x4");
        }
        int ip = o + 14;
        int available = length - 14;
        if (available < 20 || f[ip] >> 4 != 4)
        {
            return "IPv4 version or length";
        }
        int headerLength = (f[ip] & 0x0F) * 4;
        int total = f[ip + 2] << 8 | f[ip + 3];
        if (headerLength < 20 || total < headerLength || total > available)
        {
            return "IPv4 header length " + headerLength + " total " + total + " in " + available;
        }
        if (Checksum.Compute(f, ip, headerLength) != 0)
        {
            return "IPv4 header checksum";
        }
        bool fragment = (f[ip + 6] & 0x3F) != 0 || f[ip + 7] != 0;
        if (fragment)
        {
            return null;
        }
        int t = ip + headerLength;
        int transportLength = total - headerLength;
        uint source = BigEndian.ReadUInt32(f, ip + 12);
        uint destination = BigEndian.ReadUInt32(f, ip + 16);
        switch (f[ip + 9])
        {
            case Ipv4Header.ProtocolTcp:
                if (transportLength < 20 || TcpHeader.GetHeaderLength(f, t) < 20 || TcpHeader.GetHeaderLength(f, t) > transportLength)
                {
                    return "TCP lengths";
                }
                if (Checksum.Finish(Checksum.Add(Checksum.AddPseudoHeader(0, source, destination, 6, transportLength), f, t, transportLength)) != 0)
                {
                    return "TCP checksum";
                }
                return null;
            case Ipv4Header.ProtocolUdp:
                int udpLength = transportLength >= 8 ? f[t + 4] << 8 | f[t + 5] : 0;
                if (transportLength < 8 || udpLength != transportLength)
                {
                    return "UDP length " + udpLength + " in " + transportLength;
                }
                if ((f[t + 6] | f[t + 7]) != 0
                    && Checksum.Finish(Checksum.Add(Checksum.AddPseudoHeader(0, source, destination, 17, udpLength), f, t, udpLength)) != 0)
                {
                    return "UDP checksum";
                }
                return null;
            case Ipv4Header.ProtocolIcmp:
                if (transportLength < 8 || Checksum.Compute(f, t, transportLength) != 0)
                {
                    return "ICMP length or checksum";
                }
                return null;
            case 2: // IGMP (RFC 2236 §2): an 8-byte message with its own checksum, TTL 1
                if (transportLength < 8 || Checksum.Compute(f, t, transportLength) != 0 || f[ip + 8] != 1)
                {
                    return "IGMP length, checksum or TTL";
                }
                return null;
            default:
                return "IPv4 protocol " + f[ip + 9];
        }
    }
}
