namespace Firmware.Drivers.Enc28j60
{
    /// <summary>Bits of the ETH control registers (DS39662 §3.1, Registers 3-1 to 3-4 and §8, §12).</summary>
    public static class Enc28j60Bits
    {
        // ECON1 (Register 3-1).
        public const byte Econ1TxReset = 0x80;
        public const byte Econ1RxReset = 0x40;
        public const byte Econ1TransmitRequest = 0x08;
        public const byte Econ1ReceiveEnable = 0x04;
        public const byte Econ1BankSelect = 0x03;

        // ECON2 (Register 3-2).
        public const byte Econ2AutoIncrement = 0x80;
        public const byte Econ2PacketDecrement = 0x40;

        // EIR / EIE (§12, Registers 12-1 and 12-2).
        public const byte EieInterruptEnable = 0x80;
        public const byte EirPacket = 0x40;
        public const byte EirLink = 0x10;
        public const byte EirTransmit = 0x08;
        public const byte EirTransmitError = 0x02;
        public const byte EirReceiveError = 0x01;

        // ESTAT (Register 12-2 area).
        public const byte EstatLateCollision = 0x10;
        public const byte EstatTransmitAbort = 0x02;
        public const byte EstatClockReady = 0x01;

        // ERXFCON (§8.1, Register 8-1).
        public const byte FilterUnicast = 0x80;
        public const byte FilterCrcCheck = 0x20;
        public const byte FilterHashTable = 0x04;
        public const byte FilterMulticast = 0x02;
        public const byte FilterBroadcast = 0x01;

        // MACON1, MACON3, MACON4 (§6.5, Registers 6-1 to 6-3).
        public const byte Macon1ReceiveEnable = 0x01;
        public const byte Macon3Pad60AndCrc = 0x20;
        public const byte Macon3TransmitCrc = 0x10;
        public const byte Macon3FrameLengthCheck = 0x02;
        public const byte Macon4Defer = 0x40;

        // MICMD, MISTAT (§3.3.1).
        public const byte MicmdRead = 0x01;
        public const byte MistatBusy = 0x01;
    }
}
