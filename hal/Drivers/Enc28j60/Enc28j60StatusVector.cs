namespace Firmware.Drivers.Enc28j60
{
    /// <summary>
    /// Bits of the receive status vector (DS39662 §7.2.2, Table 7-3) and transmit status vector (§7.1, Table 7-1),
    /// as bit numbers over the little-endian vector.
    /// </summary>
    public static class Enc28j60StatusVector
    {
        /// <summary>RSV bit 20: CRC error.</summary>
        public const int ReceiveCrcError = 20;

        /// <summary>RSV bit 22: length out of range (type/length field above 1500 is normal; not checked).</summary>
        public const int ReceiveLengthOutOfRange = 22;

        /// <summary>RSV bit 23: received OK.</summary>
        public const int ReceivedOk = 23;

        /// <summary>TSV bit 23: transmit done.</summary>
        public const int TransmitDone = 23;

        /// <summary>TSV bit 28: excessive collisions, aborted.</summary>
        public const int TransmitExcessiveCollision = 28;

        /// <summary>TSV bit 29: late collision, aborted.</summary>
        public const int TransmitLateCollision = 29;

        /// <summary>Receive header: next packet pointer (2) + receive status vector (4).</summary>
        public const int ReceiveHeaderBytes = 6;

        /// <summary>Transmit status vector written after the frame.</summary>
        public const int TransmitStatusBytes = 7;
    }
}
