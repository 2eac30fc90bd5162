using Firmware.Net;

namespace Firmware.DeviceHarness
{
    /// <summary>xorshift32 (Marsaglia 2003): a seeded random source that replays exactly, on .NET and on the interpreter.</summary>
    public sealed class SeededRandom : IRandomSource
    {
        private uint _state;

        public SeededRandom(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        public uint NextUInt32()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }
    }
}
