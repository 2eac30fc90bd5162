using Firmware.App;
using Firmware.ChipEmulators;
using Firmware.HostNet;
using Firmware.Net.Wire;

namespace Firmware.Fuzz;

/// <summary>
/// The device app as the board runs it (stack, TCP, echo/discard/chargen, the web server with its routes and two
/// GPIO pins; no capture ring) at 10.0.0.2 on an in-memory MAC, in virtual time with a fixed seed, so one input
/// always takes the same path. The peer 10.0.0.1 is already in its ARP cache. Every frame it sends is checked
/// (<see cref="CheckedMac"/>): sending a malformed one is a crash like an exception.
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
        Mac = new QueueMac(PeerFrames.DeviceMac, 64);
        var pins = new GpioTable(2);
        pins.Add("led", new EmulatedPin(false, null), isOutput: true);
        pins.Add("button", new EmulatedPin(true, null), isOutput: false);
        App = new DeviceApp(config ?? DefaultConfig(), new CheckedMac(Mac), new SystemRandomSource(7), pins);
        NowMs = StartMs;
        App.Start(NowMs);
        Inject(PeerFrames.ArpRequest(), 42);
    }

    /// <summary>
    /// The simulator's profile (AppConfig.TestProfile: the board's defaults plus the echo, discard and chargen services
    /// and the general-purpose stack sizes), a gateway so off-link destinations route, and no capture.
    /// </summary>
    public static AppConfig DefaultConfig()
    {
        AppConfig config = AppConfig.TestProfile();
        config.Address = PeerFrames.DeviceAddress;
        config.PrefixLength = 24;
        config.Gateway = 0x0A0000FE;
        config.CaptureBufferBytes = 0;
        config.DeviceName = "fuzz";
        return config;
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
            + "\n" + Firmware.Net.Diagnostics.TcpNetstat.Format(App.Tcp);
    }

    private static readonly byte[] MssOption = { 2, 4, 0x05, 0xB4 };
}
