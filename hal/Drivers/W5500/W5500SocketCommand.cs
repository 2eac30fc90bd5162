namespace Firmware.Drivers.W5500
{
    /// <summary>Values written to Sn_CR (W5500 datasheet §4.2, Sn_CR).</summary>
    public static class W5500SocketCommand
    {
        /// <summary>OPEN: initialise and open the socket in the mode Sn_MR selects.</summary>
        public const byte Open = 0x01;

        /// <summary>CLOSE: close the socket; Sn_SR becomes SOCK_CLOSED.</summary>
        public const byte Close = 0x10;

        /// <summary>SEND: transmit the bytes between Sn_TX_RD and Sn_TX_WR.</summary>
        public const byte Send = 0x20;

        /// <summary>RECV: tell the chip the host has read up to Sn_RX_RD.</summary>
        public const byte Receive = 0x40;
    }
}
