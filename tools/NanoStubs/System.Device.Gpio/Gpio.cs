// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Gpio 1.1.62
// (../../../shared/nanoframework-api/system.device.gpio.txt); only the members our adapters use.
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

    [Flags]
    public enum PinEventTypes
    {
        None = 0,
        Rising = 1,
        Falling = 2,
    }

    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        public static PinValue Low => new PinValue(0);

        public static PinValue High => new PinValue(1);

        public static implicit operator PinValue(bool value) => new PinValue(value ? (byte)1 : (byte)0);

        public static implicit operator PinValue(int value) => new PinValue(value == 0 ? (byte)0 : (byte)1);

        public static explicit operator bool(PinValue value) => value._value != 0;

        public static bool operator ==(PinValue a, PinValue b) => a._value == b._value;

        public static bool operator !=(PinValue a, PinValue b) => a._value != b._value;

        public bool Equals(PinValue other) => _value == other._value;

        public override bool Equals(object obj) => obj is PinValue other && Equals(other);

        public override int GetHashCode() => _value;

        public override string ToString() => _value == 0 ? "Low" : "High";
    }

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

    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs pinValueChangedEventArgs);

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
