using System;
using System.Device.Gpio;
using Firmware.Hal;

namespace Firmware.Esp32
{
    /// <summary><see cref="IGpioPin"/> over a nanoFramework GpioPin: the chip's interrupt (input) or reset (output) line.</summary>
    public sealed class Esp32GpioPin : IGpioPin
    {
        private readonly GpioPin _pin;
        private GpioEdgeHandler _handler;
        private bool _subscribed;

        /// <summary>Opens <paramref name="pinNumber"/> as an input with pull-up (interrupt lines are open drain, active low).</summary>
        public static Esp32GpioPin OpenInput(GpioController controller, int pinNumber)
        {
            return new Esp32GpioPin(controller.OpenPin(pinNumber, PinMode.InputPullUp));
        }

        /// <summary>Opens <paramref name="pinNumber"/> as an output driven to <paramref name="initialHigh"/>.</summary>
        public static Esp32GpioPin OpenOutput(GpioController controller, int pinNumber, bool initialHigh)
        {
            GpioPin pin = controller.OpenPin(pinNumber, PinMode.Output);
            pin.Write(initialHigh ? PinValue.High : PinValue.Low);
            return new Esp32GpioPin(pin);
        }

        private Esp32GpioPin(GpioPin pin)
        {
            _pin = pin;
        }

        /// <inheritdoc />
        public bool Read()
        {
            return _pin.Read() == PinValue.High;
        }

        /// <inheritdoc />
        public void Write(bool isHigh)
        {
            _pin.Write(isHigh ? PinValue.High : PinValue.Low);
        }

        /// <inheritdoc />
        public void SetEdgeHandler(GpioEdgeHandler handler)
        {
            _handler = handler;
            if (handler != null && !_subscribed)
            {
                _pin.ValueChanged += OnValueChanged;
                _subscribed = true;
            }
        }

        // Runs on nanoFramework's event thread: hand over the new level only.
        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            GpioEdgeHandler handler = _handler;
            if (handler != null)
            {
                handler(e.ChangeType == PinEventTypes.Rising);
            }
        }
    }
}
