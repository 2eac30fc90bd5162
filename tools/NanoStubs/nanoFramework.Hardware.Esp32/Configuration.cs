// Compile-only stubs with the names and signatures of nanoFramework.Hardware.Esp32 1.6.42
// (tools/NanoGuard/api/hardware.esp32.txt); only the members our adapters use.
namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int gpioNumber, DeviceFunction function)
        {
            throw new System.PlatformNotSupportedException("compile-only stub of nanoFramework.Hardware.Esp32");
        }

        public static int GetFunctionPin(DeviceFunction function) => throw new System.PlatformNotSupportedException();
    }
}
