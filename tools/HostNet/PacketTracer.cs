using System;
using Firmware.Hal;

namespace Firmware.HostNet;

/// <summary>
/// Middleware that shows every frame that passes to a callback (smoltcp's Tracer): the simulator prints a
/// tcpdump-style line for each. Frames are passed through unchanged; the callback must not keep the buffer.
/// </summary>
public sealed class PacketTracer : IEthernetMac
{
    private readonly IEthernetMac _inner;
    private readonly Action<FrameDirection, byte[], int, int> _onFrame;

    public PacketTracer(IEthernetMac inner, Action<FrameDirection, byte[], int, int> onFrame)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _onFrame = onFrame ?? throw new ArgumentNullException(nameof(onFrame));
    }

    public byte[] MacAddress => _inner.MacAddress;

    public bool IsLinkUp => _inner.IsLinkUp;

    public bool TrySend(byte[] frame, int offset, int length)
    {
        // Only frames the MAC below accepted went on the wire, so only those are shown.
        bool sent = _inner.TrySend(frame, offset, length);
        if (sent)
        {
            _onFrame(FrameDirection.Send, frame, offset, length);
        }
        return sent;
    }

    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        int length = _inner.TryReceive(buffer, offset, capacity);
        if (length > 0)
        {
            _onFrame(FrameDirection.Receive, buffer, offset, length);
        }
        return length;
    }
}
