namespace Firmware.Drivers.Enc28j60
{
    /// <summary>PHY registers, reached through MIREGADR/MICMD/MIRD/MIWR (DS39662 §3.3, Table 3-3) and their bits.</summary>
    public static class Enc28j60PhyRegister
    {
        public const byte Phcon1 = 0x00;
        public const byte Phstat1 = 0x01;
        public const byte Phcon2 = 0x10;
        public const byte Phstat2 = 0x11;
        public const byte Phie = 0x12;
        public const byte Phir = 0x13;
        public const byte Phlcon = 0x14;

        /// <summary>PHCON1.PDPXMD: full duplex (must match MACON3.FULDPX).</summary>
        public const ushort Phcon1FullDuplex = 0x0100;

        /// <summary>PHCON2.HDLDIS: in half duplex, do not loop transmitted frames back to the receiver (§6.6).</summary>
        public const ushort Phcon2HalfDuplexLoopbackDisable = 0x0100;

        /// <summary>PHSTAT2.LSTAT: link up, not latching (Register 3-4 of §3.3).</summary>
        public const ushort Phstat2LinkUp = 0x0400;
    }
}
