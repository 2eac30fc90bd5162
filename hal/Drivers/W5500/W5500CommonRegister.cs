namespace Firmware.Drivers.W5500
{
    /// <summary>Offsets in the common register block (W5500 datasheet §3.1 "Common Register Block", §4.1).</summary>
    public static class W5500CommonRegister
    {
        /// <summary>MR, mode; bit 7 RST resets the chip (§4.1).</summary>
        public const ushort Mode = 0x0000;

        /// <summary>SHAR, source hardware address, 6 bytes.</summary>
        public const ushort SourceHardwareAddress = 0x0009;

        /// <summary>IR, interrupt (conflict, unreachable, PPPoE, magic packet).</summary>
        public const ushort Interrupt = 0x0015;

        /// <summary>IMR, interrupt mask for IR.</summary>
        public const ushort InterruptMask = 0x0016;

        /// <summary>SIR, socket interrupt: bit n set while socket n has an unmasked Sn_IR bit.</summary>
        public const ushort SocketInterrupt = 0x0017;

        /// <summary>SIMR, socket interrupt mask: bit n lets socket n drive INTn.</summary>
        public const ushort SocketInterruptMask = 0x0018;

        /// <summary>PHYCFGR, PHY configuration and status; bit 0 LNK (§4.1).</summary>
        public const ushort PhyConfiguration = 0x002E;

        /// <summary>VERSIONR, always 0x04.</summary>
        public const ushort Version = 0x0039;

        /// <summary>MR.RST: software reset, self-clearing.</summary>
        public const byte ModeReset = 0x80;

        /// <summary>PHYCFGR.LNK: 1 = link up.</summary>
        public const byte PhyLinkUp = 0x01;

        /// <summary>The value VERSIONR reads on every W5500.</summary>
        public const byte ExpectedVersion = 0x04;
    }
}
