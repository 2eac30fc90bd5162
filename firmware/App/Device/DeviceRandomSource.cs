using System;
using Firmware.Net;

namespace Firmware.App
{
    /// <summary>
    /// The stack's randomness on the board: System.Random, seeded by the firmware. Not cryptographic; RFC 6528 ISN keys
    /// want a hardware source, which the 1.17 API lists do not offer.
    /// </summary>
    public sealed class DeviceRandomSource : IRandomSource
    {
        private readonly Random _random = new Random();

        /// <inheritdoc />
        public uint NextUInt32()
        {
            // Next() yields 31 bits: take 16 from each of two draws.
            uint high = (uint)(_random.Next() & 0xFFFF);
            uint low = (uint)(_random.Next() & 0xFFFF);
            return (high << 16) | low;
        }
    }
}
