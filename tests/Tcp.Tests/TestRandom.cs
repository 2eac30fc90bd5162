using Firmware.Net;

namespace Tcp.Tests
{
    /// <summary>A seeded xorshift source: the same seed replays the same run.</summary>
    public sealed class TestRandom : IRandomSource
    {
        private ulong _state;

        public TestRandom(ulong seed)
        {
            _state = seed * 0x9E3779B97F4A7C15UL + 1;
        }

        public uint NextUInt32()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (uint)(_state >> 16);
        }

        public double NextDouble()
        {
            return NextUInt32() / 4294967296.0;
        }

        public int Next(int maxExclusive)
        {
            return (int)(NextUInt32() % (uint)maxExclusive);
        }
    }
}
