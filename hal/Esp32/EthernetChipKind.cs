namespace Firmware.Esp32
{
    /// <summary>Which SPI Ethernet chip a board carries.</summary>
    public enum EthernetChipKind
    {
        /// <summary>WIZnet W5500, driven in MACRAW mode (hal/Drivers/W5500).</summary>
        W5500 = 0,

        /// <summary>Microchip ENC28J60 (hal/Drivers/Enc28j60).</summary>
        Enc28j60 = 1,
    }
}
