namespace Firmware.Fuzz.Targets;

/// <summary>
/// IPv4 on its own: header options and fragments (the reassembler), a sequence of IPv4 packets from the peer
/// (header checksums fixed, so mutations reach the options and the fragment logic), then past the reassembly timeout.
/// </summary>
public sealed class Ipv4Target : IFuzzTarget
{
    public const int MaxPackets = 32;

    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _frame = new byte[1514];

    public string Name => "ipv4";

    public string Description => "IPv4 packets (options, fragments) into the device app: records [u16 length][packet]";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        var device = new DeviceUnderTest();
        PeerFrames.Ipv4Frame(_frame, 0, 20);
        for (int i = 0; i < MaxPackets; i++)
        {
            int n = input.TakeRecord(_packet, _packet.Length);
            if (n < 0)
            {
                break;
            }
            System.Array.Copy(_packet, 0, _frame, 14, n);
            WireFix.FixIpv4(_frame, 14, n);
            device.Inject(_frame, 14 + n);
            device.Advance(5);
        }
        device.Advance(1000);
        device.Advance(16000);
    }
}
