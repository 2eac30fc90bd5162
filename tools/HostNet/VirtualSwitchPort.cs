using System;
using System.Collections.Generic;
using Firmware.Hal;

namespace Firmware.HostNet;

/// <summary>
/// One port of a <see cref="VirtualSwitch"/>, seen from the station plugged into it: a MAC. Like a NIC it
/// accepts only frames addressed to its own MAC, broadcast or multicast, unless <see cref="Promiscuous"/>.
/// </summary>
public sealed class VirtualSwitchPort : IEthernetMac
{
    private readonly VirtualSwitch _switch;
    private readonly byte[] _macAddress;
    private readonly Queue<byte[]> _queue = new();

    internal VirtualSwitchPort(VirtualSwitch owner, byte[] macAddress, int index)
    {
        _switch = owner;
        _macAddress = macAddress;
        Index = index;
    }

    /// <summary>Position in <see cref="VirtualSwitch.Ports"/>, in creation order.</summary>
    public int Index { get; }

    public byte[] MacAddress => _macAddress;

    /// <summary>Settable so tests can pull the cable. While down, the port neither sends nor queues.</summary>
    public bool IsLinkUp { get; set; } = true;

    /// <summary>When true, unicast frames for other stations are accepted too (for sniffing ports).</summary>
    public bool Promiscuous { get; set; }

    /// <summary>Frames waiting for TryReceive.</summary>
    public int QueuedFrames => _queue.Count;

    public long FramesSent { get; private set; }

    public long FramesReceived { get; private set; }

    /// <summary>Frames for this port dropped because its queue was full.</summary>
    public long FramesDroppedQueueFull { get; private set; }

    /// <summary>Frames dropped because the caller's buffer was too small (never truncated).</summary>
    public long FramesDroppedTooLong { get; private set; }

    /// <summary>Unicast frames for another station filtered out, as a NIC's address filter does.</summary>
    public long FramesFiltered { get; private set; }

    public bool TrySend(byte[] frame, int offset, int length)
    {
        bool sent = _switch.Forward(this, frame, offset, length);
        if (sent)
        {
            FramesSent++;
        }
        return sent;
    }

    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        while (_queue.Count > 0)
        {
            var frame = _queue.Dequeue();
            if (frame.Length > capacity || buffer == null || offset < 0 || offset + frame.Length > buffer.Length)
            {
                FramesDroppedTooLong++;
                return 0;
            }
            Array.Copy(frame, 0, buffer, offset, frame.Length);
            FramesReceived++;
            return frame.Length;
        }
        return 0;
    }

    internal bool Enqueue(byte[] frame)
    {
        if (!IsLinkUp)
        {
            return true;
        }
        bool group = (frame[0] & 1) != 0;
        if (!group && !Promiscuous && VirtualSwitch.ToKey(frame, 0) != VirtualSwitch.ToKey(_macAddress, 0))
        {
            FramesFiltered++;
            return true;
        }
        if (_queue.Count >= _switch.QueueFrames)
        {
            FramesDroppedQueueFull++;
            return false;
        }
        _queue.Enqueue(frame);
        return true;
    }
}
