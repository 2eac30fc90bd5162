using System;
using Firmware.Hal;

namespace Firmware.Drivers.Tests
{
    /// <summary>
    /// Wraps a chip and, once armed, flips random bits in what the chip answers (a bad wire, a marginal clock):
    /// the driver sees garbage registers, lengths and pointers. Seeded, so a failure replays.
    /// </summary>
    internal sealed class CorruptingSpiBus : ISpiBus
    {
        private readonly ISpiBus _inner;
        private readonly Random _random;

        public CorruptingSpiBus(ISpiBus inner, int seed)
        {
            _inner = inner;
            _random = new Random(seed);
        }

        /// <summary>Chance (0..1) that a transfer gets one byte of its answer corrupted.</summary>
        public double CorruptionRate { get; set; }

        public long Corrupted { get; private set; }

        public void TransferFullDuplex(byte[] writeBuffer, byte[] readBuffer, int length)
        {
            _inner.TransferFullDuplex(writeBuffer, readBuffer, length);
            if (readBuffer != null && length > 0 && _random.NextDouble() < CorruptionRate)
            {
                readBuffer[_random.Next(length)] ^= (byte)(1 << _random.Next(8));
                Corrupted++;
            }
        }
    }
}
