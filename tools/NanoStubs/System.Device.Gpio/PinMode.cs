using System;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Gpio 1.1.62
// (tools/NanoGuard/api/system.device.gpio.txt); only the members our adapters use.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input = 0,
        Output = 1,
        InputPullDown = 2,
        InputPullUp = 3,
        OutputOpenDrain = 4,
        OutputOpenDrainPullUp = 5,
        OutputOpenSource = 6,
        OutputOpenSourcePullDown = 7,
    }
}
