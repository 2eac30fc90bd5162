namespace Firmware.Net.Wire
{
    /// <summary>
    /// ICMP for IPv4 (RFC 792): type, code, checksum over the whole message, then 4 type-specific bytes
    /// (echo: identifier and sequence number; errors: unused) and the data.
    /// </summary>
    public static class IcmpMessage
    {
        /// <summary>Type, code, checksum, 4 more bytes.</summary>
        public const int HeaderLength = 8;

        /// <summary>Echo reply (RFC 792).</summary>
        public const int TypeEchoReply = 0;

        /// <summary>Destination unreachable (RFC 792).</summary>
        public const int TypeDestinationUnreachable = 3;

        /// <summary>Echo request (RFC 792).</summary>
        public const int TypeEchoRequest = 8;

        /// <summary>Time exceeded (RFC 792).</summary>
        public const int TypeTimeExceeded = 11;

        /// <summary>Destination unreachable code: protocol unreachable.</summary>
        public const int CodeProtocolUnreachable = 2;

        /// <summary>Destination unreachable code: port unreachable.</summary>
        public const int CodePortUnreachable = 3;

        /// <summary>Time exceeded code: fragment reassembly time exceeded.</summary>
        public const int CodeReassemblyTimeExceeded = 1;

        /// <summary>True when the message is at least a header long and its checksum verifies.</summary>
        public static bool Check(byte[] b, int offset, int length)
        {
            return offset >= 0 && length >= HeaderLength && offset + length <= b.Length && Checksum.Compute(b, offset, length) == 0;
        }

        /// <summary>The type.</summary>
        public static int GetType(byte[] b, int offset)
        {
            return b[offset];
        }

        /// <summary>The code.</summary>
        public static int GetCode(byte[] b, int offset)
        {
            return b[offset + 1];
        }

        /// <summary>Echo identifier.</summary>
        public static ushort GetIdentifier(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset + 4);
        }

        /// <summary>Echo sequence number.</summary>
        public static ushort GetSequence(byte[] b, int offset)
        {
            return BigEndian.ReadUInt16(b, offset + 6);
        }

        /// <summary>True for the error types (RFC 1122 §3.2.2: never answer these with an error).</summary>
        public static bool IsError(int type)
        {
            return type == TypeDestinationUnreachable || type == TypeTimeExceeded || type == 4 || type == 5 || type == 12;
        }

        /// <summary>
        /// Writes the 8-byte header (type, code, the 4 bytes <paramref name="rest"/>) and the checksum over the
        /// header and the <paramref name="dataLength"/> data bytes that already follow it.
        /// </summary>
        public static void Emit(byte[] b, int offset, int type, int code, uint rest, int dataLength)
        {
            b[offset] = (byte)type;
            b[offset + 1] = (byte)code;
            b[offset + 2] = 0;
            b[offset + 3] = 0;
            BigEndian.WriteUInt32(b, offset + 4, rest);
            BigEndian.WriteUInt16(b, offset + 2, Checksum.Compute(b, offset, HeaderLength + dataLength));
        }
    }
}
