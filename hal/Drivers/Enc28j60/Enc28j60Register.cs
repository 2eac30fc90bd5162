namespace Firmware.Drivers.Enc28j60
{
    /// <summary>
    /// Control registers (DS39662 §3.1, Table 3-1 and Table 3-2), encoded as: bits 4..0 the address inside a bank,
    /// bits 9..8 the bank, <see cref="MacOrMii"/> when a read returns a dummy byte first (§4.2.1), <see cref="Common"/>
    /// for the five registers present in every bank (EIE, EIR, ESTAT, ECON2, ECON1).
    /// </summary>
    public static class Enc28j60Register
    {
        /// <summary>Flag: MAC or MII register, RCR shifts out a dummy byte before the value (§4.2.1).</summary>
        public const ushort MacOrMii = 0x1000;

        /// <summary>Flag: mapped into every bank (addresses 0x1B..0x1F), no bank switch needed.</summary>
        public const ushort Common = 0x2000;

        private const ushort Bank1 = 0x0100;
        private const ushort Bank2 = 0x0200;
        private const ushort Bank3 = 0x0300;

        // Common to all banks.
        public const ushort Eie = Common | 0x1B;
        public const ushort Eir = Common | 0x1C;
        public const ushort Estat = Common | 0x1D;
        public const ushort Econ2 = Common | 0x1E;
        public const ushort Econ1 = Common | 0x1F;

        // Bank 0: buffer pointers.
        public const ushort Erdptl = 0x00;
        public const ushort Erdpth = 0x01;
        public const ushort Ewrptl = 0x02;
        public const ushort Ewrpth = 0x03;
        public const ushort Etxstl = 0x04;
        public const ushort Etxsth = 0x05;
        public const ushort Etxndl = 0x06;
        public const ushort Etxndh = 0x07;
        public const ushort Erxstl = 0x08;
        public const ushort Erxsth = 0x09;
        public const ushort Erxndl = 0x0A;
        public const ushort Erxndh = 0x0B;
        public const ushort Erxrdptl = 0x0C;
        public const ushort Erxrdpth = 0x0D;
        public const ushort Erxwrptl = 0x0E;
        public const ushort Erxwrpth = 0x0F;

        // Bank 1: receive filters and the packet counter. EHT0..EHT7: the 64-bit hash table of §8.2.3, EHT0 holding bits 0..7.
        public const ushort Eht0 = Bank1 | 0x00;
        public const ushort Erxfcon = Bank1 | 0x18;
        public const ushort Epktcnt = Bank1 | 0x19;

        // Bank 2: MAC and MII registers.
        public const ushort Macon1 = Bank2 | MacOrMii | 0x00;
        public const ushort Macon3 = Bank2 | MacOrMii | 0x02;
        public const ushort Macon4 = Bank2 | MacOrMii | 0x03;
        public const ushort Mabbipg = Bank2 | MacOrMii | 0x04;
        public const ushort Maipgl = Bank2 | MacOrMii | 0x06;
        public const ushort Maipgh = Bank2 | MacOrMii | 0x07;
        public const ushort Mamxfll = Bank2 | MacOrMii | 0x0A;
        public const ushort Mamxflh = Bank2 | MacOrMii | 0x0B;
        public const ushort Micmd = Bank2 | MacOrMii | 0x12;
        public const ushort Miregadr = Bank2 | MacOrMii | 0x14;
        public const ushort Miwrl = Bank2 | MacOrMii | 0x16;
        public const ushort Miwrh = Bank2 | MacOrMii | 0x17;
        public const ushort Mirdl = Bank2 | MacOrMii | 0x18;
        public const ushort Mirdh = Bank2 | MacOrMii | 0x19;

        // Bank 3: station address (MAADR1 is the first byte on the wire), MII status, revision.
        public const ushort Maadr5 = Bank3 | MacOrMii | 0x00;
        public const ushort Maadr6 = Bank3 | MacOrMii | 0x01;
        public const ushort Maadr3 = Bank3 | MacOrMii | 0x02;
        public const ushort Maadr4 = Bank3 | MacOrMii | 0x03;
        public const ushort Maadr1 = Bank3 | MacOrMii | 0x04;
        public const ushort Maadr2 = Bank3 | MacOrMii | 0x05;
        public const ushort Mistat = Bank3 | MacOrMii | 0x0A;
        public const ushort Erevid = Bank3 | 0x12;

        /// <summary>The 5-bit address inside the bank.</summary>
        public static byte Address(ushort register)
        {
            return (byte)(register & 0x1F);
        }

        /// <summary>The bank (0..3) a register lives in.</summary>
        public static int Bank(ushort register)
        {
            return (register >> 8) & 0x03;
        }
    }
}
