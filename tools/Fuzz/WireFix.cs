using Firmware.Net.Wire;

namespace Firmware.Fuzz;

/// <summary>
/// Rewrites the checksums of a frame the fuzzer mutated (IPv4 header; TCP, UDP or ICMP over an unfragmented
/// datagram), so mutations reach the code behind the checksum checks instead of dying at them. Harnesses leave a
/// frame alone when the input asks (a control bit), so the bad-checksum paths are fuzzed too.
/// </summary>
public static class WireFix
{
    public static void FixChecksums(byte[] f, int length)
    {
        if (length < 34 || EthernetFrame.GetType(f, 0) != EthernetFrame.TypeIpv4)
        {
            return;
        }
        FixIpv4(f, 14, length - 14);
    }

    /// <summary>The same for an IPv4 packet at <paramref name="ip"/> with <paramref name="available"/> bytes.</summary>
    public static void FixIpv4(byte[] f, int ip, int available)
    {
        if (available < 20)
        {
            return;
        }
        int headerLength = (f[ip] & 0x0F) * 4;
        if (headerLength < 20 || headerLength > available)
        {
            return;
        }
        f[ip + 10] = 0;
        f[ip + 11] = 0;
        ushort sum = Checksum.Compute(f, ip, headerLength);
        f[ip + 10] = (byte)(sum >> 8);
        f[ip + 11] = (byte)sum;

        int total = f[ip + 2] << 8 | f[ip + 3];
        if (total > available) { total = available; }
        int transport = ip + headerLength;
        int transportLength = total - headerLength;
        bool fragment = (f[ip + 6] & 0x3F) != 0 || f[ip + 7] != 0;
        if (transportLength <= 0 || fragment)
        {
            return;
        }
        uint source = BigEndian.ReadUInt32(f, ip + 12);
        uint destination = BigEndian.ReadUInt32(f, ip + 16);
        byte protocol = f[ip + 9];
        int at;
        uint partial;
        if (protocol == Ipv4Header.ProtocolTcp && transportLength >= 20)
        {
            at = transport + 16;
            partial = Checksum.AddPseudoHeader(0, source, destination, protocol, transportLength);
        }
        else if (protocol == Ipv4Header.ProtocolUdp && transportLength >= 8)
        {
            at = transport + 6;
            int udpLength = f[transport + 4] << 8 | f[transport + 5];
            if (udpLength >= 8 && udpLength <= transportLength)
            {
                transportLength = udpLength;
            }
            partial = Checksum.AddPseudoHeader(0, source, destination, protocol, transportLength);
        }
        else if (protocol == Ipv4Header.ProtocolIcmp && transportLength >= 8)
        {
            at = transport + 2;
            partial = 0;
        }
        else
        {
            return;
        }
        f[at] = 0;
        f[at + 1] = 0;
        ushort value = Checksum.Finish(Checksum.Add(partial, f, transport, transportLength));
        if (protocol == Ipv4Header.ProtocolUdp && value == 0)
        {
            value = 0xFFFF;  // RFC 768: a computed zero is sent as all ones
        }
        f[at] = (byte)(value >> 8);
        f[at + 1] = (byte)value;
    }
}
