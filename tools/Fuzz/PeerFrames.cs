using System;
using Firmware.Net.Wire;

namespace Firmware.Fuzz;

/// <summary>Builds the frames a peer (10.0.0.1, MAC 02:00:00:00:00:01) sends the device under test, checksums right.</summary>
public static class PeerFrames
{
    public const uint PeerAddress = 0x0A000001;
    public const uint DeviceAddress = 0x0A000002;
    public static readonly byte[] PeerMac = { 0x02, 0, 0, 0, 0, 0x01 };
    public static readonly byte[] DeviceMac = { 0x02, 0, 0, 0, 0, 0x02 };

    /// <summary>An ARP request from the peer for the device (teaches the device the peer's MAC).</summary>
    public static byte[] ArpRequest()
    {
        var f = new byte[42];
        for (int i = 0; i < 6; i++) { f[i] = 0xFF; }
        Array.Copy(PeerMac, 0, f, 6, 6);
        f[12] = 0x08; f[13] = 0x06;
        f[14] = 0; f[15] = 1; f[16] = 0x08; f[17] = 0; f[18] = 6; f[19] = 4; f[20] = 0; f[21] = 1;
        Array.Copy(PeerMac, 0, f, 22, 6);
        BigEndian.WriteUInt32(f, 28, PeerAddress);
        BigEndian.WriteUInt32(f, 38, DeviceAddress);
        return f;
    }

    /// <summary>A TCP segment from the peer to the device, with raw option bytes (padded to 4) and a payload.</summary>
    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, uint seq, uint ack, byte flags, int window,
        byte[] options, int optionsLength, byte[] payload, int payloadOffset, int payloadLength)
    {
        int optionBytes = (optionsLength + 3) & ~3;
        int tcpLength = 20 + optionBytes + payloadLength;
        var f = new byte[14 + 20 + tcpLength];
        Ipv4Frame(f, Ipv4Header.ProtocolTcp, 20 + tcpLength);
        int t = 34;
        TcpHeader.Write(f, t, sourcePort, destinationPort, seq, ack, 20 + optionBytes, flags, window);
        if (optionsLength > 0)
        {
            Array.Copy(options, 0, f, t + 20, optionsLength);
        }
        if (payloadLength > 0)
        {
            Array.Copy(payload, payloadOffset, f, t + 20 + optionBytes, payloadLength);
        }
        WireFix.FixChecksums(f, f.Length);
        return f;
    }

    /// <summary>Ethernet and IPv4 headers (peer to device, no fragmentation) at the start of <paramref name="f"/>.</summary>
    public static void Ipv4Frame(byte[] f, byte protocol, int totalLength)
    {
        Array.Copy(DeviceMac, 0, f, 0, 6);
        Array.Copy(PeerMac, 0, f, 6, 6);
        f[12] = 0x08; f[13] = 0x00;
        Ipv4Header.Emit(f, 14, totalLength, 1, false, false, 0, 64, protocol, PeerAddress, DeviceAddress);
    }
}
