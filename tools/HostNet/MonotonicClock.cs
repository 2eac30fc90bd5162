using System;

namespace Firmware.HostNet;

/// <summary>Real time: milliseconds since this clock was created, from Environment.TickCount64 (never jumps back).</summary>
public sealed class MonotonicClock : IClock
{
    private readonly long _startTicksMs = Environment.TickCount64;

    public long NowMs => Environment.TickCount64 - _startTicksMs;
}
