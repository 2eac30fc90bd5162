using System.Device.Gpio;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Spi 1.3.89
// (../../../shared/nanoframework-api/system.device.spi.txt); only the members our adapters use.
namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0 = 0,
        Mode1 = 1,
        Mode2 = 2,
        Mode3 = 3,
    }

    public enum DataFlow
    {
        MsbFirst = 0,
        LsbFirst = 1,
    }

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
