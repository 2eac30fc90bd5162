namespace Firmware.Drivers.W5500
{
    /// <summary>Values read from Sn_SR (W5500 datasheet §4.2, Sn_SR).</summary>
    public static class W5500SocketStatus
    {
        /// <summary>SOCK_CLOSED.</summary>
        public const byte Closed = 0x00;

        /// <summary>SOCK_MACRAW: socket 0 open in MACRAW mode.</summary>
        public const byte MacRaw = 0x42;
    }
}
