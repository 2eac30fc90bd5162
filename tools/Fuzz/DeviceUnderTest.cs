using Firmware.App;
using Firmware.ChipEmulators;
using Firmware.HostNet;
using Firmware.Net.Wire;
using System;
using System.Collections.Generic;

namespace Firmware.Fuzz;

/// <summary>
/// The device app as the board runs it (stack, TCP, echo/discard/chargen, the web server with its routes and two
/// GPIO pins, the DNS resolver and SNTP asking the peer; no capture ring) at the static address 10.0.0.2 on an
/// in-memory MAC, in virtual time with a fixed seed, so one input always takes the same path (or, with
/// <see cref="DhcpConfig"/>, the same device asking for its address by DHCP). The peer 10.0.0.1 is already in its ARP
/// cache. Every frame it sends is checked (<see cref="CheckedMac"/>): sending a malformed one is a crash like an
/// exception; and kept in <see cref="QueueMac.Sent"/>, for harnesses that answer what it asked.
/// </summary>
public sealed class DeviceUnderTest
{
    public const long StartMs = 1000;
    public const ushort HttpPort = 80;

    public readonly QueueMac Mac;
    public readonly DeviceApp App;
    public long NowMs;

    /// <summary>The device the last harness run built (for <c>Fuzz show</c>).</summary>
    public static DeviceUnderTest Last;

    public DeviceUnderTest(AppConfig config = null)
    {
        Last = this;
        Mac = new QueueMac(PeerFrames.DeviceMac, 64) { Sent = new List<byte[]>() };
        var pins = new GpioTable(2);
        pins.Add("led", new EmulatedPin(false, null), isOutput: true);
        pins.Add("button", new EmulatedPin(true, null), isOutput: false);
        App = new DeviceApp(config ?? DefaultConfig(), new CheckedMac(Mac), new SystemRandomSource(7), pins);
        NowMs = StartMs;
        App.Start(NowMs);
        if (App.Stack.Interface.Address != 0)
        {
            Inject(PeerFrames.ArpRequest(), 42);
        }
    }

    /// <summary>
    /// The simulator's profile (AppConfig.TestProfile: the board's defaults plus the echo, discard and chargen services
    /// and the general-purpose stack sizes) but a static address (DHCP off), a gateway so off-link destinations route,
    /// the peer as DNS and NTP server, and no capture.
    /// </summary>
    public static AppConfig DefaultConfig()
    {
        AppConfig config = AppConfig.TestProfile();
        config.DhcpEnabled = false;
        config.Address = PeerFrames.DeviceAddress;
        config.PrefixLength = 24;
        config.Gateway = 0x0A0000FE;
        config.DnsServers = new[] { PeerFrames.PeerAddress };
        config.Sntp = new Firmware.Services.Sntp.SntpConfig { ServerAddress = PeerFrames.PeerAddress };
        config.CaptureBufferBytes = 0;
        config.DeviceName = "fuzz";
        return config;
    }

    /// <summary>The board's defaults as they are: DHCP on (no address until a lease), no capture.</summary>
    public static AppConfig DhcpConfig() => new AppConfig
    {
        CaptureBufferBytes = 0,
        DeviceName = "fuzz",
    };

    /// <summary>
    /// The last UDP datagram the device sent to <paramref name="destinationPort"/> among the frames sent since
    /// <paramref name="fromIndex"/> (an index into <see cref="QueueMac.Sent"/>); null when none. Its payload starts at
    /// <paramref name="payloadOffset"/> for <paramref name="payloadLength"/> bytes.
    /// </summary>
    public byte[] LastSentUdp(int destinationPort, int fromIndex, out int payloadOffset, out int payloadLength)
    {
        payloadOffset = payloadLength = 0;
        for (int i = Mac.Sent.Count - 1; i >= fromIndex && i >= 0; i--)
        {
            byte[] f = Mac.Sent[i];
            if (f.Length < 42 || EthernetFrame.GetType(f, 0) != EthernetFrame.TypeIpv4 || f[23] != Ipv4Header.ProtocolUdp)
            {
                continue;
            }
            int udp = 14 + (f[14] & 0x0F) * 4;
            if (udp + 8 > f.Length || BigEndian.ReadUInt16(f, udp + 2) != destinationPort)
            {
                continue;
            }
            payloadOffset = udp + 8;
            payloadLength = Math.Min(BigEndian.ReadUInt16(f, udp + 4) - 8, f.Length - payloadOffset);
            return payloadLength < 0 ? null : f;
        }
        return null;
    }

    /// <summary>
    /// A UDP datagram from the peer (10.0.0.1, <paramref name="sourcePort"/>) to <paramref name="destination"/>
    /// (the broadcast address goes to the broadcast MAC), checksums right, handed to the device and polled.
    /// </summary>
    public void InjectUdp(int sourcePort, uint destination, int destinationPort, byte[] payload, int length)
    {
        length = Math.Min(length, 1514 - 42);
        var f = new byte[42 + length];
        if (destination == 0xFFFFFFFF)
        {
            for (int i = 0; i < 6; i++) { f[i] = 0xFF; }
        }
        else
        {
            Array.Copy(PeerFrames.DeviceMac, 0, f, 0, 6);
        }
        Array.Copy(PeerFrames.PeerMac, 0, f, 6, 6);
        f[12] = 0x08;
        Array.Copy(payload, 0, f, 42, length);
        UdpHeader.Emit(f, 34, sourcePort, destinationPort, length, PeerFrames.PeerAddress, destination);
        Ipv4Header.Emit(f, 14, 28 + length, 3, false, false, 0, 64, Ipv4Header.ProtocolUdp, PeerFrames.PeerAddress, destination);
        WireFix.FixChecksums(f, f.Length);
        Inject(f, f.Length);
    }

    /// <summary>Hands one frame to the MAC (at most a full Ethernet frame) and polls.</summary>
    public void Inject(byte[] frame, int length)
    {
        if (length > 1514) { length = 1514; }
        if (length < 0) { length = 0; }
        Mac.Enqueue(frame, 0, length);
        App.Poll(NowMs);
    }

    public void Advance(long ms)
    {
        NowMs += ms;
        App.Poll(NowMs);
    }

    /// <summary>
    /// A connection from the peer (port <paramref name="peerPort"/>, ISN <paramref name="peerIsn"/>) to
    /// <paramref name="port"/>, the device's ISN forced to <paramref name="deviceIsn"/>: SYN, then the ACK of its SYN-ACK.
    /// </summary>
    public void Connect(ushort peerPort, ushort port, uint peerIsn, uint deviceIsn)
    {
        App.Tcp.ForceNextIsn(deviceIsn);
        byte[] syn = PeerFrames.Tcp(peerPort, port, peerIsn, 0, TcpHeader.Syn, 64240, MssOption, 4, null, 0, 0);
        Inject(syn, syn.Length);
        byte[] ack = PeerFrames.Tcp(peerPort, port, peerIsn + 1, deviceIsn + 1, TcpHeader.Ack, 64240, null, 0, null, 0, 0);
        Inject(ack, ack.Length);
    }

    /// <summary>What the device did: every layer's counters, the connection table (allocates: for people).</summary>
    public string Describe()
    {
        return App.Stack.DescribeCounters() + "\n" + App.Tcp.Counters.Describe() + "\n" + App.Http.Counters.Describe()
            + (App.Dhcp != null ? "\n" + App.Dhcp.Describe(NowMs) + "\n" + App.Dhcp.Counters.Describe() : "")
            + (App.Resolver != null ? "\n" + App.Resolver.Counters.Describe() + "\n" + App.Resolver.Cache.Describe(NowMs) : "")
            + "\n" + Firmware.Net.Diagnostics.TcpNetstat.Format(App.Tcp);
    }

    private static readonly byte[] MssOption = { 2, 4, 0x05, 0xB4 };
}
