namespace Firmware.Drivers.W5500
{
    /// <summary>Offsets in a socket register block (W5500 datasheet §3.2 "Socket Register Block", §4.2).</summary>
    public static class W5500SocketRegister
    {
        /// <summary>Sn_MR, socket mode: protocol in P[3:0], MACRAW filters in the upper bits.</summary>
        public const ushort Mode = 0x0000;

        /// <summary>Sn_CR, command; the chip clears it to 0 once it accepted the command.</summary>
        public const ushort Command = 0x0001;

        /// <summary>Sn_IR, socket interrupt (write 1 to clear).</summary>
        public const ushort Interrupt = 0x0002;

        /// <summary>Sn_SR, socket status.</summary>
        public const ushort Status = 0x0003;

        /// <summary>Sn_RXBUF_SIZE in KB (0, 1, 2, 4, 8, 16).</summary>
        public const ushort RxBufferSize = 0x001E;

        /// <summary>Sn_TXBUF_SIZE in KB (0, 1, 2, 4, 8, 16).</summary>
        public const ushort TxBufferSize = 0x001F;

        /// <summary>Sn_TX_FSR, free bytes in the TX buffer, 16 bits.</summary>
        public const ushort TxFreeSize = 0x0020;

        /// <summary>Sn_TX_RD, where the chip will send from, 16 bits.</summary>
        public const ushort TxReadPointer = 0x0022;

        /// <summary>Sn_TX_WR, where the host writes next, 16 bits, free-running.</summary>
        public const ushort TxWritePointer = 0x0024;

        /// <summary>Sn_RX_RSR, received bytes waiting, 16 bits.</summary>
        public const ushort RxReceivedSize = 0x0026;

        /// <summary>Sn_RX_RD, where the host reads next, 16 bits, free-running.</summary>
        public const ushort RxReadPointer = 0x0028;

        /// <summary>Sn_RX_WR, where the chip writes next, 16 bits.</summary>
        public const ushort RxWritePointer = 0x002A;

        /// <summary>Sn_IMR, which Sn_IR bits raise SIR and INTn.</summary>
        public const ushort InterruptMask = 0x002C;
    }
}
