using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// The packet log's line for DNS and mDNS datagrams (port 53 or 5353 on either side), in tcpdump's words: a query
    /// is <c>4096+ [1au] A? device.lan. (39)</c> (ID, + for RD, additional records, the question, the length); an answer
    /// is <c>4096*- 1/0/1 A 10.0.0.2 (55)</c> (ID, RCODE when not NOERROR, * for AA, - when RA is clear, | for TC, the
    /// section counts, the answers). What does not parse ends in <c>[|domain]</c>. For people: it allocates.
    /// </summary>
    public static class DnsLineFormatter
    {
        /// <summary>Makes the stack's packet formatter describe DNS datagrams with this class.</summary>
        public static void Install()
        {
            PacketFormatter.UdpPayload = Format;
        }

        /// <summary>The line for a UDP payload, or null when neither port is 53 or 5353.</summary>
        public static string Format(int sourcePort, int destinationPort, byte[] buffer, int offset, int length)
        {
            if (sourcePort != 53 && destinationPort != 53 && sourcePort != 5353 && destinationPort != 5353)
            {
                return null;
            }
            // Compression pointers count from the message's first byte: read a copy that starts at index 0.
            byte[] message = new byte[length];
            System.Array.Copy(buffer, offset, message, 0, length);
            return FormatMessage(message, length);
        }

        /// <summary>The line for a DNS message at index 0 of <paramref name="message"/>.</summary>
        public static string FormatMessage(byte[] message, int length)
        {
            string tail = " (" + length.ToString() + ")";
            if (length < DnsHeader.Length)
            {
                return "[|domain]" + tail;
            }
            int flags = DnsHeader.GetFlags(message);
            int opcode = DnsHeader.GetOpcode(message);
            string line = DnsHeader.GetId(message).ToString() + OpcodeName(opcode);
            DnsReader reader = new DnsReader();
            reader.Begin(message, length);
            byte[] name = new byte[DnsName.MaxNameBytes];
            int end;
            if (!DnsHeader.IsResponse(message))
            {
                line += (flags & DnsHeader.FlagRecursionDesired) != 0 ? "+" : "";
                int questions = DnsHeader.GetQuestionCount(message);
                if (questions != 1)
                {
                    line += " [" + questions.ToString() + "q]";
                }
                int additional = DnsHeader.GetAdditionalCount(message);
                if (additional != 0)
                {
                    line += " [" + additional.ToString() + "au]";
                }
                while (reader.Next() && reader.Section == DnsSection.Question)
                {
                    DnsName.Read(message, length, reader.NameOffset, name, 0, name.Length, out end);
                    line += " " + TypeName(reader.Type) + "? " + Dotted(name) + (reader.Class == DnsType.ClassIn ? "" : " class " + reader.Class.ToString());
                }
                return line + (reader.Malformed ? " [|domain]" : "") + tail;
            }
            line += RcodeName(DnsHeader.GetRcode(message))
                + ((flags & DnsHeader.FlagAuthoritative) != 0 ? "*" : "")
                + ((flags & DnsHeader.FlagRecursionAvailable) != 0 ? "" : "-")
                + ((flags & DnsHeader.FlagTruncated) != 0 ? "|" : "")
                + " " + DnsHeader.GetAnswerCount(message).ToString() + "/" + DnsHeader.GetAuthorityCount(message).ToString()
                + "/" + DnsHeader.GetAdditionalCount(message).ToString();
            bool first = true;
            while (reader.Next())
            {
                if (reader.Section != DnsSection.Answer)
                {
                    continue;
                }
                line += (first ? " " : ", ") + TypeName(reader.Type) + RecordData(reader, name);
                first = false;
            }
            return line + (reader.Malformed ? " [|domain]" : "") + tail;
        }

        private static string RecordData(DnsReader reader, byte[] name)
        {
            byte[] m = reader.Message;
            int at = reader.DataOffset;
            int end;
            if (reader.Type == DnsType.A && reader.DataLength == 4)
            {
                return " " + PacketFormatter.FormatIp(BigEndian.ReadUInt32(m, at));
            }
            if (reader.Type == DnsType.CNAME || reader.Type == DnsType.PTR || reader.Type == DnsType.NS)
            {
                return DnsName.Read(m, reader.MessageLength, at, name, 0, name.Length, out end) < 0 ? " [|domain]" : " " + Dotted(name);
            }
            if (reader.Type == DnsType.SRV && reader.DataLength > 6)
            {
                if (DnsName.Read(m, reader.MessageLength, at + 6, name, 0, name.Length, out end) < 0)
                {
                    return " [|domain]";
                }
                return " " + Dotted(name) + ":" + BigEndian.ReadUInt16(m, at + 4).ToString() + " " + BigEndian.ReadUInt16(m, at).ToString()
                    + " " + BigEndian.ReadUInt16(m, at + 2).ToString();
            }
            if (reader.Type == DnsType.TXT && reader.DataLength > 0)
            {
                int stringLength = m[at];
                if (stringLength + 1 > reader.DataLength)
                {
                    return " [|domain]";
                }
                char[] text = new char[stringLength];
                for (int i = 0; i < stringLength; i++)
                {
                    text[i] = (char)m[at + 1 + i];
                }
                return " \"" + new string(text) + "\"";
            }
            return "";
        }

        private static string Dotted(byte[] name)
        {
            string dotted = DnsName.ToDotted(name, 0);
            return dotted == "." ? dotted : dotted + ".";
        }

        /// <summary>The mnemonic of a TYPE (RFC 1035 §3.2.2 and later), or "Type" and its number.</summary>
        public static string TypeName(int type)
        {
            switch (type)
            {
                case DnsType.A: return "A";
                case DnsType.NS: return "NS";
                case DnsType.CNAME: return "CNAME";
                case DnsType.SOA: return "SOA";
                case DnsType.PTR: return "PTR";
                case DnsType.MX: return "MX";
                case DnsType.TXT: return "TXT";
                case DnsType.AAAA: return "AAAA";
                case DnsType.SRV: return "SRV";
                case DnsType.OPT: return "OPT";
                case 251: return "IXFR";
                case 252: return "AXFR";
                case DnsType.ANY: return "ANY";
                default: return "Type" + type.ToString();
            }
        }

        private static string OpcodeName(int opcode)
        {
            switch (opcode)
            {
                case 0: return "";
                case 1: return " inv_q";
                case 2: return " stat";
                case 4: return " notify";
                case 5: return " update";
                default: return " op" + opcode.ToString();
            }
        }

        private static string RcodeName(int rcode)
        {
            switch (rcode)
            {
                case DnsHeader.RcodeNoError: return "";
                case DnsHeader.RcodeFormatError: return " FormErr";
                case DnsHeader.RcodeServerFailure: return " ServFail";
                case DnsHeader.RcodeNameError: return " NXDomain";
                case DnsHeader.RcodeNotImplemented: return " NotImp";
                case DnsHeader.RcodeRefused: return " Refused";
                default: return " Resp" + rcode.ToString();
            }
        }
    }
}
