using System.Device.Gpio;
using Firmware.Drivers.Enc28j60;
using Firmware.Drivers.W5500;
using Firmware.Hal;
using nanoFramework.Hardware.Esp32;

namespace Firmware.Esp32
{
    /// <summary>
    /// Puts a <see cref="BoardProfile"/> together: routes the SPI pins (ESP32 GPIO matrix), opens the bus, the interrupt
    /// and reset lines, and builds the driver for the profile's chip. <see cref="Initialize"/> brings the chip up.
    /// </summary>
    public sealed class Esp32Board
    {
        private readonly BoardProfile _profile;
        private readonly W5500Mac _w5500;
        private readonly Enc28j60Mac _enc28j60;
        private readonly IEthernetMac _mac;
        private string _initFailure = "not initialized";

        /// <summary>Claims the profile's pins and SPI bus; talks to the chip only in <see cref="Initialize"/>.</summary>
        public Esp32Board(BoardProfile profile, GpioController gpio)
        {
            _profile = profile;
            if (profile.SpiBusId == 2)
            {
                Configuration.SetPinFunction(profile.MosiPin, DeviceFunction.SPI2_MOSI);
                Configuration.SetPinFunction(profile.MisoPin, DeviceFunction.SPI2_MISO);
                Configuration.SetPinFunction(profile.ClockPin, DeviceFunction.SPI2_CLOCK);
            }
            else
            {
                Configuration.SetPinFunction(profile.MosiPin, DeviceFunction.SPI1_MOSI);
                Configuration.SetPinFunction(profile.MisoPin, DeviceFunction.SPI1_MISO);
                Configuration.SetPinFunction(profile.ClockPin, DeviceFunction.SPI1_CLOCK);
            }

            ISpiBus spi = new Esp32SpiBus(profile.SpiBusId, profile.ChipSelectPin, profile.SpiClockHz);
            IGpioPin interrupt = profile.InterruptPin >= 0 ? Esp32GpioPin.OpenInput(gpio, profile.InterruptPin) : null;
            IGpioPin reset = profile.ResetPin >= 0 ? Esp32GpioPin.OpenOutput(gpio, profile.ResetPin, true) : null;
            if (profile.Chip == EthernetChipKind.Enc28j60)
            {
                _enc28j60 = new Enc28j60Mac(spi, interrupt, reset, profile.MacAddress);
                _mac = _enc28j60;
            }
            else
            {
                _w5500 = new W5500Mac(spi, interrupt, reset, profile.MacAddress);
                _mac = _w5500;
            }
        }

        /// <summary>The profile this board was built from.</summary>
        public BoardProfile Profile
        {
            get { return _profile; }
        }

        /// <summary>The chip as a MAC, for the stack.</summary>
        public IEthernetMac Mac
        {
            get { return _mac; }
        }

        /// <summary>Why the last <see cref="Initialize"/> failed, or null.</summary>
        public string InitFailure
        {
            get { return _initFailure; }
        }

        /// <summary>
        /// Lets the chip pass frames for the IPv4 multicast <paramref name="group"/> (host order): the W5500 clears its
        /// multicast block (it has no per-group filter), the ENC28J60 sets the group's bit in its hash table. The stack
        /// still checks the group itself (NetworkStack.JoinGroup).
        /// </summary>
        public void ReceiveMulticast(uint group)
        {
            if (_w5500 != null)
            {
                _w5500.AcceptMulticast = true;
                return;
            }

            // RFC 1112 §6.4: 01:00:5e and the group's low 23 bits.
            byte[] mac = new byte[] { 0x01, 0x00, 0x5E, (byte)((group >> 16) & 0x7F), (byte)(group >> 8), (byte)group };
            _enc28j60.AddMulticastAddress(mac, 0);
        }

        /// <summary>Resets and sets up the chip; false (see <see cref="InitFailure"/>) when it does not answer as expected.</summary>
        public bool Initialize()
        {
            bool ok;
            if (_w5500 != null)
            {
                ok = _w5500.Initialize();
                _initFailure = _w5500.InitFailure;
            }
            else
            {
                ok = _enc28j60.Initialize();
                _initFailure = _enc28j60.InitFailure;
            }

            return ok;
        }
    }
}
