namespace Firmware.HostNet;

/// <summary>A clock the test (or a simulation loop) moves by hand, so runs are reproducible.</summary>
public sealed class ManualClock : IClock
{
    public long NowMs { get; set; }

    public void AdvanceMs(long deltaMs) => NowMs += deltaMs;
}
