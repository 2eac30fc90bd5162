using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// The 12-byte DNS message header (RFC 1035 §4.1.1), read and written in place at the start of a message.
    /// Messages always start at index 0 of their buffer (compression pointers count from there).
    /// </summary>
    public static class DnsHeader
    {
        /// <summary>Bytes of the header.</summary>
        public const int Length = 12;

        /// <summary>QR: the message is a response.</summary>
        public const int FlagResponse = 0x8000;

        /// <summary>AA: authoritative answer.</summary>
        public const int FlagAuthoritative = 0x0400;

        /// <summary>TC: truncated.</summary>
        public const int FlagTruncated = 0x0200;

        /// <summary>RD: recursion desired.</summary>
        public const int FlagRecursionDesired = 0x0100;

        /// <summary>RA: recursion available.</summary>
        public const int FlagRecursionAvailable = 0x0080;

        /// <summary>OPCODE 0, a standard query.</summary>
        public const int OpcodeQuery = 0;

        /// <summary>RCODE 0: no error.</summary>
        public const int RcodeNoError = 0;

        /// <summary>RCODE 1: format error.</summary>
        public const int RcodeFormatError = 1;

        /// <summary>RCODE 2: server failure.</summary>
        public const int RcodeServerFailure = 2;

        /// <summary>RCODE 3: name error (NXDOMAIN).</summary>
        public const int RcodeNameError = 3;

        /// <summary>RCODE 4: not implemented.</summary>
        public const int RcodeNotImplemented = 4;

        /// <summary>RCODE 5: refused.</summary>
        public const int RcodeRefused = 5;

        /// <summary>The message ID.</summary>
        public static int GetId(byte[] message) { return BigEndian.ReadUInt16(message, 0); }

        /// <summary>The 16 flag bits (QR, OPCODE, AA, TC, RD, RA, Z, RCODE).</summary>
        public static int GetFlags(byte[] message) { return BigEndian.ReadUInt16(message, 2); }

        /// <summary>True for a response (QR set).</summary>
        public static bool IsResponse(byte[] message) { return (message[2] & 0x80) != 0; }

        /// <summary>The OPCODE (0 = QUERY).</summary>
        public static int GetOpcode(byte[] message) { return (message[2] >> 3) & 0x0F; }

        /// <summary>The RCODE (the low four bits; EDNS0 extends it through the OPT record).</summary>
        public static int GetRcode(byte[] message) { return message[3] & 0x0F; }

        /// <summary>True when TC is set.</summary>
        public static bool IsTruncated(byte[] message) { return (message[2] & 0x02) != 0; }

        /// <summary>QDCOUNT.</summary>
        public static int GetQuestionCount(byte[] message) { return BigEndian.ReadUInt16(message, 4); }

        /// <summary>ANCOUNT.</summary>
        public static int GetAnswerCount(byte[] message) { return BigEndian.ReadUInt16(message, 6); }

        /// <summary>NSCOUNT.</summary>
        public static int GetAuthorityCount(byte[] message) { return BigEndian.ReadUInt16(message, 8); }

        /// <summary>ARCOUNT.</summary>
        public static int GetAdditionalCount(byte[] message) { return BigEndian.ReadUInt16(message, 10); }

        /// <summary>Makes the flags word from its parts.</summary>
        public static int MakeFlags(bool response, int opcode, int flagBits, int rcode)
        {
            return (response ? FlagResponse : 0) | ((opcode & 0x0F) << 11) | (flagBits & 0x0780) | (rcode & 0x0F);
        }

        /// <summary>Writes a header with the given ID, flags and section counts.</summary>
        public static void Write(byte[] message, int id, int flags, int questions, int answers, int authority, int additional)
        {
            BigEndian.WriteUInt16(message, 0, id);
            BigEndian.WriteUInt16(message, 2, flags);
            BigEndian.WriteUInt16(message, 4, questions);
            BigEndian.WriteUInt16(message, 6, answers);
            BigEndian.WriteUInt16(message, 8, authority);
            BigEndian.WriteUInt16(message, 10, additional);
        }
    }
}
