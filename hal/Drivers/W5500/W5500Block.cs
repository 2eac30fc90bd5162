namespace Firmware.Drivers.W5500
{
    /// <summary>
    /// Block Select Bits (BSB[4:0]) of the SPI control phase: which register block or buffer an address refers to
    /// (W5500 datasheet §2.2.2 "Control Phase", Table 3). Socket n's blocks are n*4+1 (registers), +2 (TX), +3 (RX).
    /// </summary>
    public static class W5500Block
    {
        /// <summary>Common register block.</summary>
        public const byte Common = 0x00;

        /// <summary>Socket 0 register block.</summary>
        public const byte Socket0Registers = 0x01;

        /// <summary>Socket 0 TX buffer.</summary>
        public const byte Socket0TxBuffer = 0x02;

        /// <summary>Socket 0 RX buffer.</summary>
        public const byte Socket0RxBuffer = 0x03;

        /// <summary>Register block of socket <paramref name="socket"/> (0..7).</summary>
        public static byte SocketRegisters(int socket)
        {
            return (byte)(socket * 4 + 1);
        }

        /// <summary>Control byte for a variable-length frame (OM = 00): BSB[4:0], RWB, OM[1:0] (§2.2.2).</summary>
        public static byte Control(byte block, bool write)
        {
            return (byte)((block << 3) | (write ? 0x04 : 0x00));
        }
    }
}
