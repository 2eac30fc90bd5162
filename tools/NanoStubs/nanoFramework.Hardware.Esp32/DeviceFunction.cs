// Compile-only stubs with the names and signatures of nanoFramework.Hardware.Esp32 1.6.42
// (tools/NanoGuard/api/hardware.esp32.txt); only the members our adapters use.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        SPI1_MOSI = 65792,
        SPI1_MISO = 65793,
        SPI1_CLOCK = 65794,
        SPI2_MOSI = 66048,
        SPI2_MISO = 66049,
        SPI2_CLOCK = 66050,
    }
}
