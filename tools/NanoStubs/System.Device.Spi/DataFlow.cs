using System;
using System.Device.Gpio;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Spi 1.3.89
// (tools/NanoGuard/api/system.device.spi.txt); only the members our adapters use.
namespace System.Device.Spi
{
    public enum DataFlow
    {
        MsbFirst = 0,
        LsbFirst = 1,
    }
}
