namespace Firmware.Fuzz.Targets;

/// <summary>
/// The whole frame input path over time: a sequence of frames into the device app, each after a pause, so
/// handshakes, requests, closes and timers can follow one another; then hours of virtual time run the timers out.
/// </summary>
public sealed class SessionTarget : IFuzzTarget
{
    public const int MaxFrames = 48;

    /// <summary>In a record's pause byte: leave this frame's checksums as they are.</summary>
    public const byte RawChecksums = 0x80;

    private readonly byte[] _frame = new byte[1514];

    public string Name => "session";

    public string Description => "frames into the device app: records [pause: bit 7 keep checksums, bits 0-6 x10 ms][u16 length][frame]";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        var device = new DeviceUnderTest();
        for (int i = 0; i < MaxFrames && !input.IsEmpty; i++)
        {
            byte pause = input.TakeByte();
            int n = input.TakeRecord(_frame, _frame.Length);
            if (n < 0)
            {
                break;
            }
            if ((pause & RawChecksums) == 0)
            {
                WireFix.FixChecksums(_frame, n);
            }
            device.NowMs += (pause & 0x7F) * 10;
            device.Inject(_frame, n);
        }
        device.Advance(200);
        device.Advance(1000);
        device.Advance(11000);
        device.Advance(70000);
        device.Advance(130000);
    }
}
