namespace Firmware.Fuzz.Targets;

/// <summary>
/// The whole frame input path, one frame per input: the device app (every service attached) with an established
/// HTTP connection waiting for its request (peer port 40000, peer ISN 1000, device ISN 5000), fed the frame, then
/// polled across its timers (delayed ACK, RTO, the HTTP idle timeout).
/// </summary>
public sealed class FrameTarget : IFuzzTarget
{
    public const ushort PeerPort = 40000;
    public const uint PeerIsn = 1000;
    public const uint DeviceIsn = 5000;

    /// <summary>Control bit: leave the frame's checksums as they are (else IPv4/TCP/UDP/ICMP checksums are fixed).</summary>
    public const byte RawChecksums = 0x01;

    private readonly byte[] _frame = new byte[1514];

    public string Name => "frame";

    public string Description => "one Ethernet frame into the device app (HTTP connection open): [control][frame]; control bit 0 = keep checksums";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        byte control = input.TakeByte();
        int n = input.TakeInto(_frame, 0, _frame.Length);
        var device = new DeviceUnderTest();
        device.Connect(PeerPort, DeviceUnderTest.HttpPort, PeerIsn, DeviceIsn);
        if ((control & RawChecksums) == 0)
        {
            WireFix.FixChecksums(_frame, n);
        }
        device.Inject(_frame, n);
        device.Advance(10);
        device.Advance(250);
        device.Advance(1100);
        device.Advance(11000);
    }
}
