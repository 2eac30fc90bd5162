using System;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Gpio 1.1.62
// (tools/NanoGuard/api/system.device.gpio.txt); only the members our adapters use.
namespace System.Device.Gpio
{
    public sealed class GpioPin : IDisposable
    {
        private GpioPin()
        {
        }

        public event PinValueChangedEventHandler ValueChanged;

        public int PinNumber => throw new PlatformNotSupportedException();

        public PinValue Read() => throw new PlatformNotSupportedException();

        public void Write(PinValue value) => throw new PlatformNotSupportedException();

        public void SetPinMode(PinMode mode) => throw new PlatformNotSupportedException();

        public void Dispose()
        {
        }
    }
}
