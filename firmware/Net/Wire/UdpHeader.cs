namespace Firmware.Net.Wire
{
    /// <summary>
    /// The UDP header (RFC 768): source port, destination port, length (header + data), checksum over the
    /// IPv4 pseudo-header, header and data (0 = none was computed).
    /// </summary>
    public static class UdpHeader
    {
        /// <summary>Four 16-bit fields.</summary>
        public const int Length = 8;

        /// <summary>
        /// Checks the datagram in <paramref name="available"/> bytes (the IPv4 payload): header present, its length
        /// field between 8 and <paramref name="available"/>. Returns the datagram length or -1. Does not verify the checksum.
        /// </summary>
        public static int CheckLength(byte[] b, int offset, int available)
        {
            if (offset < 0 || available < Length || offset + available > b.Length)
            {
                return -1;
            }
            int length = BigEndian.ReadUInt16(b, offset + 4);
            if (length < Length || length > available)
            {
                return -1;
            }
            return length;
        }

        /// <summary>True when the checksum field is 0 (none sent) or verifies with the pseudo-header (RFC 768).</summary>
        public static bool VerifyChecksum(byte[] b, int offset, int length, uint source, uint destination)
        {
            if (BigEndian.ReadUInt16(b, offset + 6) == 0)
            {
                return true;
            }
            uint sum = Checksum.AddPseudoHeader(0, source, destination, Ipv4Header.ProtocolUdp, length);
            return Checksum.Finish(Checksum.Add(sum, b, offset, length)) == 0;
        }

        /// <summary>Source port.</summary>
        public static int GetSourcePort(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset);
        }

        /// <summary>Destination port.</summary>
        public static int GetDestinationPort(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset + 2);
        }

        /// <summary>
        /// Writes the header for <paramref name="dataLength"/> data bytes that already follow it, with the checksum
        /// always computed; a computed 0 is sent as 0xFFFF (RFC 768).
        /// </summary>
        public static void Emit(byte[] b, int offset, int sourcePort, int destinationPort, int dataLength, uint source, uint destination)
        {
            int length = Length + dataLength;
            BigEndian.WriteUInt16(b, offset, sourcePort);
            BigEndian.WriteUInt16(b, offset + 2, destinationPort);
            BigEndian.WriteUInt16(b, offset + 4, length);
            b[offset + 6] = 0;
            b[offset + 7] = 0;
            uint sum = Checksum.AddPseudoHeader(0, source, destination, Ipv4Header.ProtocolUdp, length);
            ushort checksum = Checksum.Finish(Checksum.Add(sum, b, offset, length));
            if (checksum == 0)
            {
                checksum = 0xFFFF;
            }
            BigEndian.WriteUInt16(b, offset + 6, checksum);
        }
    }
}
