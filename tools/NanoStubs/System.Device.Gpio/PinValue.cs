using System;

// Compile-only stubs with the names and signatures of nanoFramework.System.Device.Gpio 1.1.62
// (tools/NanoGuard/api/system.device.gpio.txt); only the members our adapters use.
namespace System.Device.Gpio
{
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
}
