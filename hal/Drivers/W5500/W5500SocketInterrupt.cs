namespace Firmware.Drivers.W5500
{
    /// <summary>Bits of Sn_IR and Sn_IMR (W5500 datasheet §4.2, Sn_IR).</summary>
    public static class W5500SocketInterrupt
    {
        /// <summary>SENDOK: the SEND command completed.</summary>
        public const byte SendOk = 0x10;

        /// <summary>TIMEOUT.</summary>
        public const byte Timeout = 0x08;

        /// <summary>RECV: data arrived in the RX buffer.</summary>
        public const byte Receive = 0x04;
    }
}
