using System;
using Firmware.Hal;

namespace Firmware.HostNet;

/// <summary>
/// Middleware that records every frame sent and received through it into a pcap file (smoltcp's PcapWriter).
/// Timestamps are the clock's milliseconds plus <c>epochOffsetMs</c> (pass the Unix time at start to see wall
/// time in Wireshark). Each record is flushed as written; Dispose closes the file.
/// </summary>
public sealed class PcapRecorder : IEthernetMac, IDisposable
{
    private readonly IEthernetMac _inner;
    private readonly IClock _clock;
    private readonly PcapWriter _writer;
    private readonly long _epochOffsetMs;

    public PcapRecorder(IEthernetMac inner, IClock clock, string path, long epochOffsetMs = 0)
        : this(inner, clock, new PcapWriter(path), epochOffsetMs)
    {
    }

    public PcapRecorder(IEthernetMac inner, IClock clock, PcapWriter writer, long epochOffsetMs = 0)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _epochOffsetMs = epochOffsetMs;
    }

    public long FramesRecorded => _writer.RecordsWritten;

    public byte[] MacAddress => _inner.MacAddress;

    public bool IsLinkUp => _inner.IsLinkUp;

    public bool TrySend(byte[] frame, int offset, int length)
    {
        bool sent = _inner.TrySend(frame, offset, length);
        if (sent)
        {
            _writer.Write(_epochOffsetMs + _clock.NowMs, frame, offset, length);
        }
        return sent;
    }

    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        int length = _inner.TryReceive(buffer, offset, capacity);
        if (length > 0)
        {
            _writer.Write(_epochOffsetMs + _clock.NowMs, buffer, offset, length);
        }
        return length;
    }

    public void Dispose() => _writer.Dispose();
}
