using System;
using System.Device.Gpio;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Spi 1.3.89
// (tools/NanoGuard/api/system.device.spi.txt); only the members our adapters use.
namespace System.Device.Spi
{
    public class SpiDevice : IDisposable
    {
        public SpiDevice(SpiConnectionSettings settings)
        {
            throw new PlatformNotSupportedException("compile-only stub of nanoFramework System.Device.Spi");
        }

        public SpiConnectionSettings ConnectionSettings => throw new PlatformNotSupportedException();

        public static SpiDevice Create(SpiConnectionSettings settings) => throw new PlatformNotSupportedException();

        public void TransferFullDuplex(SpanByte writeBuffer, SpanByte readBuffer) => throw new PlatformNotSupportedException();

        public void Write(SpanByte buffer) => throw new PlatformNotSupportedException();

        public void Read(SpanByte buffer) => throw new PlatformNotSupportedException();

        public void Dispose()
        {
        }
    }
}
