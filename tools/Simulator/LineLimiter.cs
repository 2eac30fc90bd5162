using System;
using Firmware.HostNet;

namespace Firmware.Simulator;

/// <summary>
/// Keeps the per-packet log readable under a flood: at most <see cref="LinesPerSecond"/> lines a second are written;
/// the rest are counted and summed up in one "… N lines suppressed" line when the next second starts (or on
/// <see cref="Flush"/>). A flood once grew the log by 138 MB a minute and slowed the device down with it.
/// </summary>
public sealed class LineLimiter
{
    private readonly IClock _clock;
    private readonly Action<string> _write;
    private long _secondStartMs;
    private bool _started;
    private int _written;
    private long _suppressed;

    public LineLimiter(IClock clock, int linesPerSecond, Action<string> write)
    {
        _clock = clock;
        LinesPerSecond = linesPerSecond;
        _write = write;
    }

    public int LinesPerSecond { get; }

    /// <summary>Lines left out since start.</summary>
    public long TotalSuppressed { get; private set; }

    public void Write(string line)
    {
        if (Admit())
        {
            _write(line);
        }
    }

    /// <summary>
    /// Whether one more line may be written now: true counts it as written (the caller writes it), false as suppressed.
    /// Lets a caller build only the lines that will be written: under a flood, formatting every frame's line cost more
    /// than handling the frame.
    /// </summary>
    public bool Admit()
    {
        long now = _clock.NowMs;
        if (!_started || now - _secondStartMs >= 1000)
        {
            _started = true;
            Flush();
            _secondStartMs = now;
            _written = 0;
        }
        if (_written < LinesPerSecond)
        {
            _written++;
            return true;
        }
        _suppressed++;
        TotalSuppressed++;
        return false;
    }

    /// <summary>Writes the suppressed-lines line, if any are pending.</summary>
    public void Flush()
    {
        if (_suppressed > 0)
        {
            _write("… " + _suppressed + " lines suppressed (more than " + LinesPerSecond + " a second; --pcap keeps every frame)");
            _suppressed = 0;
        }
    }
}
