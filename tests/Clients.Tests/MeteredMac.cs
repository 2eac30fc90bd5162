using System;
using Firmware.Hal;

namespace Firmware.Clients.Tests;

/// <summary>
/// Wraps the device's switch port and measures what the host-side switch allocates while it takes a frame (its queued
/// copy), so a test can count only the device's own allocations.
/// </summary>
public sealed class MeteredMac : IEthernetMac
{
    private readonly IEthernetMac _inner;

    public MeteredMac(IEthernetMac inner) => _inner = inner;

    /// <summary>Bytes allocated inside the wrapped MAC's calls.</summary>
    public long AllocatedBytes;

    public byte[] MacAddress => _inner.MacAddress;

    public bool IsLinkUp => _inner.IsLinkUp;

    public bool TrySend(byte[] frame, int offset, int length)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool sent = _inner.TrySend(frame, offset, length);
        AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        return sent;
    }

    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        int length = _inner.TryReceive(buffer, offset, capacity);
        AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        return length;
    }
}
