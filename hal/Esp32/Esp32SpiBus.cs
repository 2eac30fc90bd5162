using System;
using System.Device.Spi;
using Firmware.Hal;

namespace Firmware.Esp32
{
    /// <summary>
    /// <see cref="ISpiBus"/> over nanoFramework's SpiDevice. The SpanByte views are structs over the caller's arrays,
    /// so a transfer allocates nothing; chip select is held by the SPI driver for the whole transfer.
    /// </summary>
    public sealed class Esp32SpiBus : ISpiBus
    {
        private readonly SpiDevice _device;

        /// <summary>Opens <paramref name="busId"/> with chip select on <paramref name="chipSelectPin"/>, SPI mode 0, MSB first.</summary>
        public Esp32SpiBus(int busId, int chipSelectPin, int clockHz)
        {
            SpiConnectionSettings settings = new SpiConnectionSettings(busId, chipSelectPin);
            settings.ClockFrequency = clockHz;
            settings.Mode = SpiMode.Mode0;
            settings.DataFlow = DataFlow.MsbFirst;
            _device = SpiDevice.Create(settings);
        }

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] writeBuffer, byte[] readBuffer, int length)
        {
            if (readBuffer == null)
            {
                _device.Write(new SpanByte(writeBuffer, 0, length));
                return;
            }

            _device.TransferFullDuplex(new SpanByte(writeBuffer, 0, length), new SpanByte(readBuffer, 0, length));
        }
    }
}
