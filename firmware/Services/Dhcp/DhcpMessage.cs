using Firmware.Net.Wire;

namespace Firmware.Services.Dhcp
{
    /// <summary>
    /// The DHCP message (RFC 2131 §2, the BOOTP layout of RFC 951) read and written in place: the fixed fields, the magic
    /// cookie and the options (RFC 2132). Reading checks before it trusts: <see cref="CheckReply"/> for the fixed part,
    /// <see cref="FindOption"/> for each option (bounded by the message, pad and end honoured, the sname and file fields
    /// searched when option 52 says they carry options). Nothing here allocates.
    /// </summary>
    public static class DhcpMessage
    {
        /// <summary>Bytes before the options: the fixed fields and the magic cookie.</summary>
        public const int OptionsOffset = 240;

        /// <summary>BOOTP's minimum message (RFC 951, RFC 1542 §3.2: some relays drop shorter ones); we pad to it.</summary>
        public const int MinimumLength = 300;

        /// <summary>The client's port.</summary>
        public const int ClientPort = 68;

        /// <summary>The server's port.</summary>
        public const int ServerPort = 67;

        /// <summary>op: BOOTREQUEST.</summary>
        public const int OpRequest = 1;

        /// <summary>op: BOOTREPLY.</summary>
        public const int OpReply = 2;

        /// <summary>Offset of xid.</summary>
        public const int XidOffset = 4;

        /// <summary>Offset of secs.</summary>
        public const int SecsOffset = 8;

        /// <summary>Offset of flags (bit 15: BROADCAST).</summary>
        public const int FlagsOffset = 10;

        /// <summary>Offset of ciaddr.</summary>
        public const int CiaddrOffset = 12;

        /// <summary>Offset of yiaddr.</summary>
        public const int YiaddrOffset = 16;

        /// <summary>Offset of siaddr.</summary>
        public const int SiaddrOffset = 20;

        /// <summary>Offset of giaddr.</summary>
        public const int GiaddrOffset = 24;

        /// <summary>Offset of chaddr (16 bytes; the MAC in the first 6).</summary>
        public const int ChaddrOffset = 28;

        /// <summary>Offset of sname (64 bytes).</summary>
        public const int SnameOffset = 44;

        /// <summary>Offset of file (128 bytes).</summary>
        public const int FileOffset = 108;

        /// <summary>Offset of the magic cookie 99.130.83.99.</summary>
        public const int CookieOffset = 236;

        /// <summary>The magic cookie (RFC 2131 §3).</summary>
        public const uint MagicCookie = 0x63825363;

        /// <summary>DHCPDISCOVER.</summary>
        public const int Discover = 1;
        /// <summary>DHCPOFFER.</summary>
        public const int Offer = 2;
        /// <summary>DHCPREQUEST.</summary>
        public const int Request = 3;
        /// <summary>DHCPDECLINE.</summary>
        public const int Decline = 4;
        /// <summary>DHCPACK.</summary>
        public const int Ack = 5;
        /// <summary>DHCPNAK.</summary>
        public const int Nak = 6;
        /// <summary>DHCPRELEASE.</summary>
        public const int Release = 7;
        /// <summary>DHCPINFORM.</summary>
        public const int Inform = 8;

        /// <summary>Option 0: pad.</summary>
        public const int OptionPad = 0;
        /// <summary>Option 1: subnet mask.</summary>
        public const int OptionSubnetMask = 1;
        /// <summary>Option 3: routers.</summary>
        public const int OptionRouter = 3;
        /// <summary>Option 6: DNS servers.</summary>
        public const int OptionDnsServers = 6;
        /// <summary>Option 12: host name.</summary>
        public const int OptionHostName = 12;
        /// <summary>Option 15: domain name.</summary>
        public const int OptionDomainName = 15;
        /// <summary>Option 42: NTP servers.</summary>
        public const int OptionNtpServers = 42;
        /// <summary>Option 50: requested IP address.</summary>
        public const int OptionRequestedAddress = 50;
        /// <summary>Option 51: lease time, seconds.</summary>
        public const int OptionLeaseTime = 51;
        /// <summary>Option 52: option overload (1 file, 2 sname, 3 both).</summary>
        public const int OptionOverload = 52;
        /// <summary>Option 53: message type.</summary>
        public const int OptionMessageType = 53;
        /// <summary>Option 54: server identifier.</summary>
        public const int OptionServerId = 54;
        /// <summary>Option 55: parameter request list.</summary>
        public const int OptionParameterList = 55;
        /// <summary>Option 56: message (text, e.g. why a NAK).</summary>
        public const int OptionMessage = 56;
        /// <summary>Option 57: maximum DHCP message size.</summary>
        public const int OptionMaxMessageSize = 57;
        /// <summary>Option 58: renewal time T1, seconds.</summary>
        public const int OptionRenewalTime = 58;
        /// <summary>Option 59: rebinding time T2, seconds.</summary>
        public const int OptionRebindingTime = 59;
        /// <summary>Option 61: client identifier.</summary>
        public const int OptionClientId = 61;
        /// <summary>Option 255: end.</summary>
        public const int OptionEnd = 255;

        /// <summary>
        /// True when the <paramref name="length"/> bytes are a well-formed BOOTREPLY for Ethernet: op 2, htype 1, hlen 6,
        /// the fixed part and the cookie present.
        /// </summary>
        public static bool CheckReply(byte[] b, int length)
        {
            return b != null && length >= OptionsOffset && length <= b.Length && b[0] == OpReply && b[1] == 1 && b[2] == 6
                && BigEndian.ReadUInt32(b, CookieOffset) == MagicCookie;
        }

        /// <summary>
        /// Finds option <paramref name="code"/> in the message (the options field, then file and sname when option 52 says
        /// so, RFC 2132 §9.3); returns its data length and sets <paramref name="dataOffset"/>, or -1 when absent or when
        /// an option runs past its field (the rest of that field is then ignored).
        /// </summary>
        public static int FindOption(byte[] b, int length, int code, out int dataOffset)
        {
            int found = Scan(b, OptionsOffset, length, code, out dataOffset);
            if (found >= 0 || code == OptionOverload)
            {
                return found;
            }
            int overloadAt;
            if (Scan(b, OptionsOffset, length, OptionOverload, out overloadAt) != 1)
            {
                return -1;
            }
            int overload = b[overloadAt];
            if ((overload & 1) != 0)
            {
                found = Scan(b, FileOffset, FileOffset + 128, code, out dataOffset);
                if (found >= 0)
                {
                    return found;
                }
            }
            if ((overload & 2) != 0)
            {
                return Scan(b, SnameOffset, SnameOffset + 64, code, out dataOffset);
            }
            return -1;
        }

        /// <summary>The message type (option 53), or 0 when absent or not one byte.</summary>
        public static int GetMessageType(byte[] b, int length)
        {
            int at;
            return FindOption(b, length, OptionMessageType, out at) == 1 ? b[at] : 0;
        }

        /// <summary>An option of one or more IPv4 addresses: the first (host order), or 0 when absent or malformed.</summary>
        public static uint GetAddressOption(byte[] b, int length, int code)
        {
            int at;
            int n = FindOption(b, length, code, out at);
            return n >= 4 && n % 4 == 0 ? BigEndian.ReadUInt32(b, at) : 0;
        }

        /// <summary>A 32-bit option (lease time, T1, T2), or <paramref name="absent"/> when missing or not 4 bytes.</summary>
        public static long GetUInt32Option(byte[] b, int length, int code, long absent)
        {
            int at;
            return FindOption(b, length, code, out at) == 4 ? (long)BigEndian.ReadUInt32(b, at) : absent;
        }

        /// <summary>
        /// Writes a BOOTREQUEST's fixed part and cookie at the start of <paramref name="b"/> (the rest zeroed up to
        /// <see cref="OptionsOffset"/>); returns where the options start.
        /// </summary>
        public static int WriteRequestHeader(byte[] b, uint xid, int secs, bool broadcast, uint ciaddr, byte[] mac)
        {
            System.Array.Clear(b, 0, OptionsOffset);
            b[0] = OpRequest;
            b[1] = 1;
            b[2] = 6;
            BigEndian.WriteUInt32(b, XidOffset, xid);
            BigEndian.WriteUInt16(b, SecsOffset, secs > 0xFFFF ? 0xFFFF : secs);
            BigEndian.WriteUInt16(b, FlagsOffset, broadcast ? 0x8000 : 0);
            BigEndian.WriteUInt32(b, CiaddrOffset, ciaddr);
            System.Array.Copy(mac, 0, b, ChaddrOffset, 6);
            BigEndian.WriteUInt32(b, CookieOffset, MagicCookie);
            return OptionsOffset;
        }

        /// <summary>Writes a one-byte option; returns the new end.</summary>
        public static int PutByte(byte[] b, int at, int code, int value)
        {
            b[at] = (byte)code;
            b[at + 1] = 1;
            b[at + 2] = (byte)value;
            return at + 3;
        }

        /// <summary>Writes a 16-bit option; returns the new end.</summary>
        public static int PutUInt16(byte[] b, int at, int code, int value)
        {
            b[at] = (byte)code;
            b[at + 1] = 2;
            BigEndian.WriteUInt16(b, at + 2, value);
            return at + 4;
        }

        /// <summary>Writes a 32-bit option (an address, host order); returns the new end.</summary>
        public static int PutUInt32(byte[] b, int at, int code, uint value)
        {
            b[at] = (byte)code;
            b[at + 1] = 4;
            BigEndian.WriteUInt32(b, at + 2, value);
            return at + 6;
        }

        /// <summary>Writes an option with <paramref name="count"/> data bytes; returns the new end.</summary>
        public static int PutBytes(byte[] b, int at, int code, byte[] data, int offset, int count)
        {
            b[at] = (byte)code;
            b[at + 1] = (byte)count;
            System.Array.Copy(data, offset, b, at + 2, count);
            return at + 2 + count;
        }

        /// <summary>Writes the end option and zero padding up to <see cref="MinimumLength"/>; returns the message length.</summary>
        public static int Finish(byte[] b, int at)
        {
            b[at++] = OptionEnd;
            if (at < MinimumLength)
            {
                System.Array.Clear(b, at, MinimumLength - at);
                at = MinimumLength;
            }
            return at;
        }

        private static int Scan(byte[] b, int start, int end, int code, out int dataOffset)
        {
            dataOffset = -1;
            if (end > b.Length)
            {
                end = b.Length;
            }
            int at = start;
            while (at < end)
            {
                int c = b[at];
                if (c == OptionPad)
                {
                    at++;
                    continue;
                }
                if (c == OptionEnd || at + 1 >= end)
                {
                    return -1;
                }
                int n = b[at + 1];
                if (at + 2 + n > end)
                {
                    return -1;
                }
                if (c == code)
                {
                    dataOffset = at + 2;
                    return n;
                }
                at += 2 + n;
            }
            return -1;
        }
    }
}
