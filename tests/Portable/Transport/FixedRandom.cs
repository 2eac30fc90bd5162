using Firmware.Net;

namespace Firmware.Tests.Transport
{
    /// <summary>A random source that returns a fixed sequence step, so ephemeral ports are predictable.</summary>
    public class FixedRandom : IRandomSource
    {
        private uint _next;

        public FixedRandom(uint first)
        {
            _next = first;
        }

        public uint NextUInt32()
        {
            uint v = _next;
            _next += 1;
            return v;
        }
    }
}
