using System;
using Firmware.Hal;

namespace Firmware.Drivers.Tests
{
    /// <summary>An SPI bus with nothing on it: MISO floats to a fixed level.</summary>
    internal sealed class DeadSpiBus : ISpiBus
    {
        private readonly byte _level;

        public DeadSpiBus(byte level)
        {
            _level = level;
        }

        public void TransferFullDuplex(byte[] writeBuffer, byte[] readBuffer, int length)
        {
            if (readBuffer != null)
            {
                for (int i = 0; i < length; i++)
                {
                    readBuffer[i] = _level;
                }
            }
        }
    }
}
