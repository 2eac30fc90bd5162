namespace Firmware.Drivers.W5500
{
    /// <summary>Bits of Sn_MR (W5500 datasheet §4.2, Sn_MR).</summary>
    public static class W5500SocketMode
    {
        /// <summary>P[3:0] = 0100: MACRAW (socket 0 only).</summary>
        public const byte MacRaw = 0x04;

        /// <summary>MFEN: in MACRAW, receive only frames for our SHAR, broadcast and multicast.</summary>
        public const byte MacFilterEnable = 0x80;

        /// <summary>BCASTB: in MACRAW, block broadcast frames.</summary>
        public const byte BlockBroadcast = 0x40;

        /// <summary>MMB: in MACRAW, block multicast frames.</summary>
        public const byte BlockMulticast = 0x20;

        /// <summary>MIP6B: in MACRAW, block IPv6 frames.</summary>
        public const byte BlockIpv6 = 0x10;
    }
}
