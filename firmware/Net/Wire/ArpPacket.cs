namespace Firmware.Net.Wire
{
    /// <summary>
    /// An ARP packet for Ethernet and IPv4 (RFC 826): hardware type 1, protocol type 0x0800, lengths 6 and 4,
    /// operation, sender MAC and IPv4, target MAC and IPv4. 28 bytes.
    /// </summary>
    public static class ArpPacket
    {
        /// <summary>The length of an Ethernet/IPv4 ARP packet.</summary>
        public const int Length = 28;

        /// <summary>Operation: request (RFC 826).</summary>
        public const int OperationRequest = 1;

        /// <summary>Operation: reply (RFC 826).</summary>
        public const int OperationReply = 2;

        /// <summary>Offset of the sender hardware address.</summary>
        public const int SenderMacOffset = 8;

        /// <summary>Offset of the sender protocol address.</summary>
        public const int SenderIpOffset = 14;

        /// <summary>Offset of the target hardware address.</summary>
        public const int TargetMacOffset = 18;

        /// <summary>Offset of the target protocol address.</summary>
        public const int TargetIpOffset = 24;

        /// <summary>
        /// True when <paramref name="length"/> bytes at <paramref name="offset"/> hold an Ethernet/IPv4 ARP request
        /// or reply; after that the accessors are safe.
        /// </summary>
        public static bool Check(byte[] b, int offset, int length)
        {
            if (length < Length || offset < 0 || offset + Length > b.Length)
            {
                return false;
            }
            int operation = BigEndian.ReadUInt16(b, offset + 6);
            return BigEndian.ReadUInt16(b, offset) == 1
                && BigEndian.ReadUInt16(b, offset + 2) == EthernetFrame.TypeIpv4
                && b[offset + 4] == 6 && b[offset + 5] == 4
                && (operation == OperationRequest || operation == OperationReply);
        }

        /// <summary>The operation (1 request, 2 reply).</summary>
        public static int GetOperation(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset + 6);
        }

        /// <summary>The sender's IPv4 address.</summary>
        public static uint GetSenderIp(byte[] b, int offset)
        {
            return BigEndian.ReadUInt32(b, offset + SenderIpOffset);
        }

        /// <summary>The target's IPv4 address.</summary>
        public static uint GetTargetIp(byte[] b, int offset)
        {
            return BigEndian.ReadUInt32(b, offset + TargetIpOffset);
        }

        /// <summary>Writes a 28-byte packet. <paramref name="targetMac"/> null writes zeros (a request's unknown target).</summary>
        public static void Emit(byte[] b, int offset, int operation, byte[] senderMac, uint senderIp, byte[] targetMac, int targetMacOffset, uint targetIp)
        {
            BigEndian.WriteUInt16(b, offset, 1);
            BigEndian.WriteUInt16(b, offset + 2, EthernetFrame.TypeIpv4);
            b[offset + 4] = 6;
            b[offset + 5] = 4;
            BigEndian.WriteUInt16(b, offset + 6, operation);
            System.Array.Copy(senderMac, 0, b, offset + SenderMacOffset, 6);
            BigEndian.WriteUInt32(b, offset + SenderIpOffset, senderIp);
            if (targetMac == null)
            {
                System.Array.Clear(b, offset + TargetMacOffset, 6);
            }
            else
            {
                System.Array.Copy(targetMac, targetMacOffset, b, offset + TargetMacOffset, 6);
            }
            BigEndian.WriteUInt32(b, offset + TargetIpOffset, targetIp);
        }
    }
}
