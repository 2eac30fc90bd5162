namespace Firmware.Net.Wire
{
    /// <summary>
    /// The IPv4 header (RFC 791 §3.1): checked once with <see cref="Check"/>, then read with plain accessors;
    /// written with <see cref="Emit"/>. Options are not interpreted: IHL skips them.
    /// </summary>
    public static class Ipv4Header
    {
        /// <summary>A header without options.</summary>
        public const int MinLength = 20;

        /// <summary>IHL 15: the longest header with options.</summary>
        public const int MaxLength = 60;

        /// <summary>Flags bit: Don't Fragment (RFC 791 §3.1).</summary>
        public const int FlagDontFragment = 0x4000;

        /// <summary>Flags bit: More Fragments (RFC 791 §3.1).</summary>
        public const int FlagMoreFragments = 0x2000;

        /// <summary>Protocol number of ICMP.</summary>
        public const byte ProtocolIcmp = 1;

        /// <summary>Protocol number of TCP.</summary>
        public const byte ProtocolTcp = 6;

        /// <summary>Protocol number of UDP.</summary>
        public const byte ProtocolUdp = 17;

        /// <summary><see cref="Check"/>: the header is sound.</summary>
        public const int CheckOk = 0;

        /// <summary><see cref="Check"/>: fewer bytes than a minimal header, or than IHL says.</summary>
        public const int CheckTruncated = 1;

        /// <summary><see cref="Check"/>: version is not 4.</summary>
        public const int CheckBadVersion = 2;

        /// <summary><see cref="Check"/>: IHL below 5.</summary>
        public const int CheckBadHeaderLength = 3;

        /// <summary><see cref="Check"/>: the total length is below the header length or beyond the bytes received.</summary>
        public const int CheckBadTotalLength = 4;

        /// <summary><see cref="Check"/>: the header checksum does not verify.</summary>
        public const int CheckBadChecksum = 5;

        /// <summary>
        /// Validates the header at <paramref name="offset"/> against the <paramref name="length"/> bytes available:
        /// version, IHL, total length (≤ available: link padding may follow), header checksum. Returns a Check* code.
        /// </summary>
        public static int Check(byte[] b, int offset, int length)
        {
            if (offset < 0 || length < MinLength || offset + length > b.Length)
            {
                return CheckTruncated;
            }
            if ((b[offset] >> 4) != 4)
            {
                return CheckBadVersion;
            }
            int headerLength = (b[offset] & 0x0F) * 4;
            if (headerLength < MinLength)
            {
                return CheckBadHeaderLength;
            }
            if (headerLength > length)
            {
                return CheckTruncated;
            }
            int totalLength = BigEndian.ReadUInt16(b, offset + 2);
            if (totalLength < headerLength || totalLength > length)
            {
                return CheckBadTotalLength;
            }
            if (Checksum.Compute(b, offset, headerLength) != 0)
            {
                return CheckBadChecksum;
            }
            return CheckOk;
        }

        /// <summary>Header length in bytes (IHL × 4).</summary>
        public static int GetHeaderLength(byte[] b, int offset)
        {
            return (b[offset] & 0x0F) * 4;
        }

        /// <summary>Total length in bytes (header + payload).</summary>
        public static int GetTotalLength(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset + 2);
        }

        /// <summary>The identification field.</summary>
        public static int GetIdentification(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset + 4);
        }

        /// <summary>True when MF is set.</summary>
        public static bool GetMoreFragments(byte[] b, int offset)
        {
            return (BigEndian.ReadUInt16(b, offset + 6) & FlagMoreFragments) != 0;
        }

        /// <summary>True when DF is set.</summary>
        public static bool GetDontFragment(byte[] b, int offset)
        {
            return (BigEndian.ReadUInt16(b, offset + 6) & FlagDontFragment) != 0;
        }

        /// <summary>The fragment offset in bytes (the field counts 8-byte units).</summary>
        public static int GetFragmentOffsetBytes(byte[] b, int offset)
        {
            return (BigEndian.ReadUInt16(b, offset + 6) & 0x1FFF) * 8;
        }

        /// <summary>Time to live.</summary>
        public static int GetTtl(byte[] b, int offset)
        {
            return b[offset + 8];
        }

        /// <summary>The protocol of the payload.</summary>
        public static byte GetProtocol(byte[] b, int offset)
        {
            return b[offset + 9];
        }

        /// <summary>Source address, host order.</summary>
        public static uint GetSource(byte[] b, int offset)
        {
            return BigEndian.ReadUInt32(b, offset + 12);
        }

        /// <summary>Destination address, host order.</summary>
        public static uint GetDestination(byte[] b, int offset)
        {
            return BigEndian.ReadUInt32(b, offset + 16);
        }

        /// <summary>
        /// Writes a 20-byte header (no options) with its checksum. <paramref name="fragmentOffsetBytes"/> must be a
        /// multiple of 8; <paramref name="moreFragments"/> sets MF.
        /// </summary>
        public static void Emit(byte[] b, int offset, int totalLength, int identification, bool dontFragment, bool moreFragments,
            int fragmentOffsetBytes, int ttl, byte protocol, uint source, uint destination)
        {
            b[offset] = 0x45;
            b[offset + 1] = 0;
            BigEndian.WriteUInt16(b, offset + 2, totalLength);
            BigEndian.WriteUInt16(b, offset + 4, identification);
            int flags = (fragmentOffsetBytes >> 3) & 0x1FFF;
            if (dontFragment)
            {
                flags |= FlagDontFragment;
            }
            if (moreFragments)
            {
                flags |= FlagMoreFragments;
            }
            BigEndian.WriteUInt16(b, offset + 6, flags);
            b[offset + 8] = (byte)ttl;
            b[offset + 9] = protocol;
            b[offset + 10] = 0;
            b[offset + 11] = 0;
            BigEndian.WriteUInt32(b, offset + 12, source);
            BigEndian.WriteUInt32(b, offset + 16, destination);
            BigEndian.WriteUInt16(b, offset + 10, Checksum.Compute(b, offset, MinLength));
        }
    }
}
