namespace Firmware.Esp32
{
    /// <summary>
    /// How an Ethernet chip is wired to the ESP32: SPI bus, pins, clock, chip. A pin of -1 is not connected.
    /// The presets match the wiring tables in hal/Drivers/W5500/README.md and hal/Drivers/Enc28j60/README.md.
    /// </summary>
    public sealed class BoardProfile
    {
        /// <summary>The chip on the bus.</summary>
        public EthernetChipKind Chip;

        /// <summary>nanoFramework SPI bus id: 1 (SPI1_* pin functions) or 2 (SPI2_*).</summary>
        public int SpiBusId = 1;

        /// <summary>MOSI GPIO (VSPI default 23).</summary>
        public int MosiPin = 23;

        /// <summary>MISO GPIO (VSPI default 19).</summary>
        public int MisoPin = 19;

        /// <summary>SPI clock GPIO (VSPI default 18).</summary>
        public int ClockPin = 18;

        /// <summary>Chip select GPIO (VSPI default 5), driven by the SPI driver.</summary>
        public int ChipSelectPin = 5;

        /// <summary>The chip's interrupt output (active low), or -1 to poll.</summary>
        public int InterruptPin = 4;

        /// <summary>The chip's reset input (active low), or -1 to use the chip's soft reset.</summary>
        public int ResetPin = 16;

        /// <summary>SPI clock in Hz.</summary>
        public int SpiClockHz;

        /// <summary>The station address; locally administered (bit 1 of the first byte) unless you own an OUI.</summary>
        public byte[] MacAddress = new byte[] { 0x02, 0x4E, 0x46, 0x00, 0x00, 0x01 };

        /// <summary>The DevKit's blue LED (GPIO2), offered at /api/gpio as "led"; -1 for none.</summary>
        public int LedPin = 2;

        /// <summary>The DevKit's BOOT button (GPIO0, low while pressed; read only after boot), offered as "button"; -1 for none.</summary>
        public int ButtonPin = 0;

        /// <summary>ESP32 DevKit + W5500 module (e.g. WIZ850io) on VSPI: SPI mode 0 at 20 MHz (chip maximum 33.3 MHz).</summary>
        public static BoardProfile DevKitW5500()
        {
            BoardProfile profile = new BoardProfile();
            profile.Chip = EthernetChipKind.W5500;
            profile.SpiClockHz = 20000000;
            return profile;
        }

        /// <summary>ESP32 DevKit + ENC28J60 module on VSPI: SPI mode 0 at 10 MHz (chip maximum 20 MHz, errata minimum 8 MHz).</summary>
        public static BoardProfile DevKitEnc28j60()
        {
            BoardProfile profile = new BoardProfile();
            profile.Chip = EthernetChipKind.Enc28j60;
            profile.SpiClockHz = 10000000;
            return profile;
        }
    }
}
