using System;
using Firmware.Hal;

namespace Firmware.App
{
    /// <summary>
    /// The pins the app exposes (at /api/gpio), numbered in the order they are added: a name, the pin, and whether the
    /// app may drive it. Filled once at start-up by the board (or the simulator, with emulated pins).
    /// </summary>
    public sealed class GpioTable
    {
        private readonly string[] _names;
        private readonly IGpioPin[] _pins;
        private readonly bool[] _outputs;
        private int _count;

        /// <summary>A table for up to <paramref name="capacity"/> pins.</summary>
        public GpioTable(int capacity)
        {
            _names = new string[capacity];
            _pins = new IGpioPin[capacity];
            _outputs = new bool[capacity];
        }

        /// <summary>Pins in the table.</summary>
        public int Count { get { return _count; } }

        /// <summary>Adds a pin; returns its number. Throws when the table is full (a configuration error).</summary>
        public int Add(string name, IGpioPin pin, bool isOutput)
        {
            if (name == null || pin == null || _count == _pins.Length)
            {
                throw new ArgumentException("gpio table");
            }
            _names[_count] = name;
            _pins[_count] = pin;
            _outputs[_count] = isOutput;
            return _count++;
        }

        /// <summary>The name of pin <paramref name="index"/>.</summary>
        public string GetName(int index) { return _names[index]; }

        /// <summary>Pin <paramref name="index"/>.</summary>
        public IGpioPin GetPin(int index) { return _pins[index]; }

        /// <summary>True when the app may drive pin <paramref name="index"/>.</summary>
        public bool IsOutput(int index) { return _outputs[index]; }
    }
}
