using System;
using System.Device.Gpio;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Spi 1.3.89
// (tools/NanoGuard/api/system.device.spi.txt); only the members our adapters use.
namespace System.Device.Spi
{
    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine = -1)
        {
            BusId = busId;
            ChipSelectLine = chipSelectLine;
        }

        public int BusId { get; set; }

        public int ChipSelectLine { get; set; }

        public PinValue ChipSelectLineActiveState { get; set; }

        public int ClockFrequency { get; set; }

        public int DataBitLength { get; set; }

        public DataFlow DataFlow { get; set; }

        public SpiMode Mode { get; set; }
    }
}
