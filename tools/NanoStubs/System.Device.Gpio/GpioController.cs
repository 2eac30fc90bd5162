using System;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Gpio 1.1.62
// (tools/NanoGuard/api/system.device.gpio.txt); only the members our adapters use.
namespace System.Device.Gpio
{
    public sealed class GpioController : IDisposable
    {
        public GpioController()
        {
            throw new PlatformNotSupportedException("compile-only stub of nanoFramework System.Device.Gpio");
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw new PlatformNotSupportedException();

        public void Dispose()
        {
        }
    }
}
