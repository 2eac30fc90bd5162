namespace Firmware.Net.Wire
{
    /// <summary>
    /// The TCP header (RFC 9293 §3.1) as a view over bytes: check the segment once with <see cref="CheckLength"/>,
    /// then read fields at fixed offsets; <see cref="Write"/> emits a header. Stateless.
    /// </summary>
    public static class TcpHeader
    {
        /// <summary>The header without options.</summary>
        public const int MinLength = 20;

        /// <summary>FIN: no more data from the sender.</summary>
        public const byte Fin = 0x01;

        /// <summary>SYN: synchronize sequence numbers.</summary>
        public const byte Syn = 0x02;

        /// <summary>RST: reset the connection.</summary>
        public const byte Rst = 0x04;

        /// <summary>PSH: push function.</summary>
        public const byte Psh = 0x08;

        /// <summary>ACK: the acknowledgment field is significant.</summary>
        public const byte Ack = 0x10;

        /// <summary>URG: the urgent pointer is significant (we never send it and ignore it).</summary>
        public const byte Urg = 0x20;

        /// <summary>
        /// The header length in bytes when the segment (<paramref name="length"/> bytes at <paramref name="offset"/>)
        /// is long enough for its fixed header and for the options its data offset announces; −1 otherwise.
        /// </summary>
        public static int CheckLength(byte[] b, int offset, int length)
        {
            if (b == null || offset < 0 || length < MinLength || offset + length > b.Length)
            {
                return -1;
            }
            int headerLength = (b[offset + 12] >> 4) * 4;
            if (headerLength < MinLength || headerLength > length)
            {
                return -1;
            }
            return headerLength;
        }

        /// <summary>True when the checksum over the pseudo-header and the whole segment is right (RFC 9293 §3.1).</summary>
        public static bool VerifyChecksum(byte[] b, int offset, int length, uint source, uint destination)
        {
            uint sum = Checksum.AddPseudoHeader(0, source, destination, 6, length);
            sum = Checksum.Add(sum, b, offset, length);
            return Checksum.Finish(sum) == 0;
        }

        /// <summary>Computes and writes the checksum of a segment whose checksum field may hold anything.</summary>
        public static void WriteChecksum(byte[] b, int offset, int length, uint source, uint destination)
        {
            b[offset + 16] = 0;
            b[offset + 17] = 0;
            uint sum = Checksum.AddPseudoHeader(0, source, destination, 6, length);
            sum = Checksum.Add(sum, b, offset, length);
            BigEndian.WriteUInt16(b, offset + 16, Checksum.Finish(sum));
        }

        /// <summary>Source port.</summary>
        public static ushort GetSourcePort(byte[] b, int offset) { return BigEndian.ReadUInt16(b, offset); }

        /// <summary>Destination port.</summary>
        public static ushort GetDestinationPort(byte[] b, int offset) { return BigEndian.ReadUInt16(b, offset + 2); }

        /// <summary>Sequence number.</summary>
        public static uint GetSequence(byte[] b, int offset) { return BigEndian.ReadUInt32(b, offset + 4); }

        /// <summary>Acknowledgment number.</summary>
        public static uint GetAcknowledgment(byte[] b, int offset) { return BigEndian.ReadUInt32(b, offset + 8); }

        /// <summary>Header length in bytes (data offset × 4).</summary>
        public static int GetHeaderLength(byte[] b, int offset) { return (b[offset + 12] >> 4) * 4; }

        /// <summary>The flag bits (CWR and ECE included; we use the low six).</summary>
        public static byte GetFlags(byte[] b, int offset) { return b[offset + 13]; }

        /// <summary>Window field (unscaled).</summary>
        public static ushort GetWindow(byte[] b, int offset) { return BigEndian.ReadUInt16(b, offset + 14); }

        /// <summary>Checksum field.</summary>
        public static ushort GetChecksum(byte[] b, int offset) { return BigEndian.ReadUInt16(b, offset + 16); }

        /// <summary>Urgent pointer.</summary>
        public static ushort GetUrgentPointer(byte[] b, int offset) { return BigEndian.ReadUInt16(b, offset + 18); }

        /// <summary>
        /// Writes the fixed header (urgent pointer 0, checksum 0: fill it with <see cref="WriteChecksum"/> once the
        /// options and payload are in place). <paramref name="headerLength"/> must be a multiple of 4 from 20 to 60.
        /// </summary>
        public static void Write(byte[] b, int offset, int sourcePort, int destinationPort, uint sequence, uint acknowledgment,
            int headerLength, byte flags, int window)
        {
            BigEndian.WriteUInt16(b, offset, sourcePort);
            BigEndian.WriteUInt16(b, offset + 2, destinationPort);
            BigEndian.WriteUInt32(b, offset + 4, sequence);
            BigEndian.WriteUInt32(b, offset + 8, acknowledgment);
            b[offset + 12] = (byte)((headerLength / 4) << 4);
            b[offset + 13] = flags;
            BigEndian.WriteUInt16(b, offset + 14, window);
            b[offset + 16] = 0;
            b[offset + 17] = 0;
            b[offset + 18] = 0;
            b[offset + 19] = 0;
        }
    }
}
