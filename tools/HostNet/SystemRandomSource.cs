using System;
using Firmware.Net;

namespace Firmware.HostNet;

/// <summary>The stack's randomness on the host: a seeded System.Random, so a seed replays a run exactly.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    private readonly Random _random;
    private readonly byte[] _bytes = new byte[4];

    public SystemRandomSource(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
    }

    public int Seed { get; }

    public uint NextUInt32()
    {
        _random.NextBytes(_bytes);
        return (uint)(_bytes[0] | _bytes[1] << 8 | _bytes[2] << 16 | _bytes[3] << 24);
    }
}
