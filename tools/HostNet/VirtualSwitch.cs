using System;
using System.Collections.Generic;

namespace Firmware.HostNet;

/// <summary>
/// A learning Ethernet switch joining any number of ports, each an <see cref="Firmware.Hal.IEthernetMac"/>.
/// It learns which port a source MAC lives behind, forwards known unicast to that port only, and floods
/// broadcast, multicast and unknown unicast to every other port. Deterministic: no threads and no clock; a sent
/// frame is copied into the receiving ports' bounded queues at once and handed over when the receiver calls
/// TryReceive. A full queue drops the frame and counts it.
/// </summary>
public sealed class VirtualSwitch
{
    /// <summary>Smallest Ethernet frame without FCS; shorter frames are padded with zeros as a real MAC does.</summary>
    public const int MinFrameBytes = 60;

    /// <summary>Largest Ethernet II frame without FCS (1500-byte payload + 14-byte header).</summary>
    public const int MaxFrameBytes = 1514;

    /// <summary>Learned addresses are capped so a flood of random source MACs cannot grow the table without bound.</summary>
    public const int MaxLearnedAddresses = 4096;

    private readonly List<VirtualSwitchPort> _ports = new();
    private readonly Dictionary<long, VirtualSwitchPort> _learned = new();

    /// <param name="queueFrames">Frames each port can hold before further frames to it are dropped.</param>
    public VirtualSwitch(int queueFrames = 64)
    {
        if (queueFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(queueFrames), "a port must hold at least one frame");
        }
        QueueFrames = queueFrames;
    }

    public int QueueFrames { get; }

    /// <summary>Frames accepted from senders.</summary>
    public long FramesForwarded { get; private set; }

    /// <summary>Frames sent to more than one port because the destination was broadcast, multicast or unknown.</summary>
    public long FramesFlooded { get; private set; }

    /// <summary>Copies dropped because a receiving port's queue was full (sum over ports).</summary>
    public long FramesDroppedQueueFull { get; private set; }

    /// <summary>Frames refused because their length was outside 14..1514 bytes.</summary>
    public long FramesDroppedBadLength { get; private set; }

    public IReadOnlyList<VirtualSwitchPort> Ports => _ports;

    /// <summary>Adds a port whose station address is <paramref name="macAddress"/> (6 bytes, copied).</summary>
    public VirtualSwitchPort CreatePort(byte[] macAddress)
    {
        if (macAddress == null || macAddress.Length != 6)
        {
            throw new ArgumentException("a MAC address is 6 bytes", nameof(macAddress));
        }
        var port = new VirtualSwitchPort(this, (byte[])macAddress.Clone(), _ports.Count);
        _ports.Add(port);
        return port;
    }

    /// <summary>The port a MAC address was last seen behind, or null.</summary>
    public VirtualSwitchPort LookUp(byte[] macAddress)
    {
        return _learned.TryGetValue(ToKey(macAddress, 0), out var port) ? port : null;
    }

    internal bool Forward(VirtualSwitchPort from, byte[] frame, int offset, int length)
    {
        if (length < 14 || length > MaxFrameBytes || offset < 0 || frame == null || offset + length > frame.Length)
        {
            FramesDroppedBadLength++;
            return false;
        }
        if (!from.IsLinkUp)
        {
            // A port without link has nothing to send on; the MAC cannot take the frame.
            return false;
        }
        FramesForwarded++;

        // The copy every receiver shares: frames in queues are never modified, so one array serves all.
        var copy = new byte[Math.Max(length, MinFrameBytes)];
        Array.Copy(frame, offset, copy, 0, length);

        bool sourceIsGroup = (copy[6] & 1) != 0;
        if (!sourceIsGroup && (_learned.Count < MaxLearnedAddresses || _learned.ContainsKey(ToKey(copy, 6))))
        {
            _learned[ToKey(copy, 6)] = from;
        }

        bool destinationIsGroup = (copy[0] & 1) != 0;
        if (!destinationIsGroup && _learned.TryGetValue(ToKey(copy, 0), out var target))
        {
            // Known unicast back out of the port it came from is dropped, as a real switch does.
            if (target != from)
            {
                Deliver(target, copy);
            }
            return true;
        }

        FramesFlooded++;
        foreach (var port in _ports)
        {
            if (port != from)
            {
                Deliver(port, copy);
            }
        }
        return true;
    }

    private void Deliver(VirtualSwitchPort port, byte[] frame)
    {
        if (!port.Enqueue(frame))
        {
            FramesDroppedQueueFull++;
        }
    }

    internal static long ToKey(byte[] bytes, int offset)
    {
        long key = 0;
        for (int i = 0; i < 6; i++)
        {
            key = key << 8 | bytes[offset + i];
        }
        return key;
    }
}
