using System;
using Firmware.Hal;

namespace Firmware.ChipEmulators
{
    /// <summary>
    /// One wire between the emulated chip and the driver. As an output of the chip (INT) the chip sets
    /// <see cref="Level"/> and the driver reads it or watches edges; as an input of the chip (RESET) the driver
    /// writes it and the chip hears about it through the callback given to the constructor.
    /// </summary>
    public sealed class EmulatedPin : IGpioPin
    {
        private readonly Action<bool> _onWrite;
        private GpioEdgeHandler _handler;
        private bool _level;

        /// <summary>Creates a pin at <paramref name="initialLevel"/>; <paramref name="onWrite"/> hears driver writes (may be null).</summary>
        public EmulatedPin(bool initialLevel, Action<bool> onWrite)
        {
            _level = initialLevel;
            _onWrite = onWrite;
        }

        /// <summary>The level on the wire.</summary>
        public bool Level
        {
            get { return _level; }
        }

        /// <summary>Edges seen on this pin so far.</summary>
        public int EdgeCount { get; private set; }

        /// <inheritdoc />
        public bool Read()
        {
            return _level;
        }

        /// <inheritdoc />
        public void Write(bool isHigh)
        {
            Drive(isHigh);
            _onWrite?.Invoke(isHigh);
        }

        /// <inheritdoc />
        public void SetEdgeHandler(GpioEdgeHandler handler)
        {
            _handler = handler;
        }

        /// <summary>The chip drives the wire (no callback to the chip itself).</summary>
        public void Drive(bool isHigh)
        {
            if (isHigh == _level)
            {
                return;
            }

            _level = isHigh;
            EdgeCount++;
            _handler?.Invoke(isHigh);
        }
    }
}
