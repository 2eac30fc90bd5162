using System;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Gpio 1.1.62
// (tools/NanoGuard/api/system.device.gpio.txt); only the members our adapters use.
namespace System.Device.Gpio
{
    public class PinValueChangedEventArgs
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber)
        {
            ChangeType = changeType;
            PinNumber = pinNumber;
        }

        public PinEventTypes ChangeType { get; }

        public int PinNumber { get; }
    }
}
