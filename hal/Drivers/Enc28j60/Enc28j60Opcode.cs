namespace Firmware.Drivers.Enc28j60
{
    /// <summary>The SPI instruction set (ENC28J60 datasheet DS39662 §4.2, Table 4-1): opcode in bits 7..5, argument in 4..0.</summary>
    public static class Enc28j60Opcode
    {
        /// <summary>RCR, read control register: 000a aaaa.</summary>
        public const byte ReadControlRegister = 0x00;

        /// <summary>RBM, read buffer memory: 0011 1010.</summary>
        public const byte ReadBufferMemory = 0x3A;

        /// <summary>WCR, write control register: 010a aaaa.</summary>
        public const byte WriteControlRegister = 0x40;

        /// <summary>WBM, write buffer memory: 0111 1010.</summary>
        public const byte WriteBufferMemory = 0x7A;

        /// <summary>BFS, bit field set (ETH registers only): 100a aaaa.</summary>
        public const byte BitFieldSet = 0x80;

        /// <summary>BFC, bit field clear (ETH registers only): 101a aaaa.</summary>
        public const byte BitFieldClear = 0xA0;

        /// <summary>SRC, system reset command (soft reset): 1111 1111.</summary>
        public const byte SoftReset = 0xFF;
    }
}
