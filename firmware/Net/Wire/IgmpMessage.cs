namespace Firmware.Net.Wire
{
    /// <summary>
    /// The 8-byte IGMPv2 message (RFC 2236 §2): type, max response time (tenths of a second), checksum, group address.
    /// IGMPv3 queries (RFC 3376 §4.1) are longer; their first 8 bytes read the same, which is how a v2 host answers them.
    /// </summary>
    public static class IgmpMessage
    {
        /// <summary>Bytes of an IGMPv2 message.</summary>
        public const int Length = 8;

        /// <summary>Membership Query (general: group 0; group-specific: the group).</summary>
        public const int TypeQuery = 0x11;

        /// <summary>Version 1 Membership Report (RFC 1112).</summary>
        public const int TypeV1Report = 0x12;

        /// <summary>Version 2 Membership Report.</summary>
        public const int TypeV2Report = 0x16;

        /// <summary>Leave Group.</summary>
        public const int TypeLeave = 0x17;

        /// <summary>Version 3 Membership Report (RFC 3376), heard from other hosts.</summary>
        public const int TypeV3Report = 0x22;

        /// <summary>Protocol number of IGMP in the IPv4 header.</summary>
        public const byte Protocol = 2;

        /// <summary>True when <paramref name="length"/> bytes at <paramref name="offset"/> hold at least a message and the checksum over all of them holds (RFC 2236 §2.3).</summary>
        public static bool Check(byte[] b, int offset, int length)
        {
            return length >= Length && offset >= 0 && offset + length <= b.Length && Checksum.Compute(b, offset, length) == 0;
        }

        /// <summary>The type.</summary>
        public static int GetType(byte[] b, int offset) { return b[offset]; }

        /// <summary>Max Response Time in tenths of a second (queries only).</summary>
        public static int GetMaxResponseTenths(byte[] b, int offset) { return b[offset + 1]; }

        /// <summary>The group address (host order).</summary>
        public static uint GetGroup(byte[] b, int offset) { return BigEndian.ReadUInt32(b, offset + 4); }

        /// <summary>Writes a message with its checksum.</summary>
        public static void Emit(byte[] b, int offset, int type, int maxResponseTenths, uint group)
        {
            b[offset] = (byte)type;
            b[offset + 1] = (byte)maxResponseTenths;
            b[offset + 2] = 0;
            b[offset + 3] = 0;
            BigEndian.WriteUInt32(b, offset + 4, group);
            BigEndian.WriteUInt16(b, offset + 2, Checksum.Compute(b, offset, Length));
        }
    }
}
