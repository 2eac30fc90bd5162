namespace Firmware.Net.Wire
{
    /// <summary>
    /// Ethernet II framing (IEEE 802.3 with an EtherType ≥ 0x0600): destination MAC, source MAC, EtherType,
    /// payload. No FCS: the MAC adds and checks it.
    /// </summary>
    public static class EthernetFrame
    {
        /// <summary>Destination 6 + source 6 + EtherType 2.</summary>
        public const int HeaderLength = 14;

        /// <summary>The largest frame we send or accept without FCS: 14 + 1500.</summary>
        public const int MaxFrameLength = 1514;

        /// <summary>Offset of the destination MAC.</summary>
        public const int DestinationOffset = 0;

        /// <summary>Offset of the source MAC.</summary>
        public const int SourceOffset = 6;

        /// <summary>Offset of the EtherType.</summary>
        public const int TypeOffset = 12;

        /// <summary>EtherType of IPv4 (RFC 894).</summary>
        public const int TypeIpv4 = 0x0800;

        /// <summary>EtherType of ARP (RFC 826).</summary>
        public const int TypeArp = 0x0806;

        /// <summary>EtherType of an IEEE 802.1Q VLAN tag: we do not do VLANs, such frames are dropped and counted.</summary>
        public const int TypeVlan = 0x8100;

        /// <summary>EtherType of IPv6 (RFC 8200), which this stack does not handle.</summary>
        public const int TypeIpv6 = 0x86DD;

        /// <summary>The EtherType of a frame whose length the caller checked is at least <see cref="HeaderLength"/>.</summary>
        public static int GetType(byte[] frame, int offset)
        {
            return BigEndian.ReadUInt16(frame, offset + TypeOffset);
        }

        /// <summary>Writes the 14-byte header: destination, source (6 bytes each from their arrays) and EtherType.</summary>
        public static void EmitHeader(byte[] frame, int offset, byte[] destination, int destinationOffset, byte[] source, int type)
        {
            System.Array.Copy(destination, destinationOffset, frame, offset + DestinationOffset, 6);
            System.Array.Copy(source, 0, frame, offset + SourceOffset, 6);
            BigEndian.WriteUInt16(frame, offset + TypeOffset, type);
        }

        /// <summary>True when the 6 bytes at <paramref name="offset"/> are ff:ff:ff:ff:ff:ff.</summary>
        public static bool IsBroadcast(byte[] b, int offset)
        {
            return b[offset] == 0xFF && b[offset + 1] == 0xFF && b[offset + 2] == 0xFF
                && b[offset + 3] == 0xFF && b[offset + 4] == 0xFF && b[offset + 5] == 0xFF;
        }

        /// <summary>True when the 6 bytes at <paramref name="offset"/> equal <paramref name="mac"/>.</summary>
        public static bool MacEquals(byte[] b, int offset, byte[] mac, int macOffset)
        {
            return b[offset] == mac[macOffset] && b[offset + 1] == mac[macOffset + 1] && b[offset + 2] == mac[macOffset + 2]
                && b[offset + 3] == mac[macOffset + 3] && b[offset + 4] == mac[macOffset + 4] && b[offset + 5] == mac[macOffset + 5];
        }
    }
}
