using System;

namespace Firmware.Services.Http
{
    /// <summary>
    /// Byte-level text helpers for HTTP's ASCII grammar (RFC 9110 §5.6): token characters, case-insensitive
    /// comparison, decimal and hex digits. Nothing here allocates except <see cref="Encode"/>, which is for start-up.
    /// </summary>
    public static class HttpAscii
    {
        /// <summary>Carriage return.</summary>
        public const byte Cr = 13;

        /// <summary>Line feed.</summary>
        public const byte Lf = 10;

        /// <summary>The bytes of an ASCII string (start-up only: allocates). Characters above 0x7E become '?'.</summary>
        public static byte[] Encode(string text)
        {
            char[] chars = text.ToCharArray();
            byte[] bytes = new byte[chars.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                bytes[i] = c < 0x7F ? (byte)c : (byte)'?';
            }
            return bytes;
        }

        /// <summary>tchar of RFC 9110 §5.6.2: the characters of a method, a field name or a token.</summary>
        public static bool IsTokenChar(byte b)
        {
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'))
            {
                return true;
            }
            switch (b)
            {
                case (byte)'!': case (byte)'#': case (byte)'$': case (byte)'%': case (byte)'&': case (byte)'\'':
                case (byte)'*': case (byte)'+': case (byte)'-': case (byte)'.': case (byte)'^': case (byte)'_':
                case (byte)'`': case (byte)'|': case (byte)'~':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The lower-case form of an ASCII letter; other bytes unchanged.</summary>
        public static byte ToLower(byte b)
        {
            return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
        }

        /// <summary>The value of a hex digit, -1 for any other byte.</summary>
        public static int HexValue(byte b)
        {
            if (b >= '0' && b <= '9') { return b - '0'; }
            if (b >= 'a' && b <= 'f') { return b - 'a' + 10; }
            if (b >= 'A' && b <= 'F') { return b - 'A' + 10; }
            return -1;
        }

        /// <summary>True when <paramref name="buffer"/>[offset, offset+length) equals <paramref name="lower"/> ignoring ASCII case (<paramref name="lower"/> is lower case).</summary>
        public static bool EqualsIgnoreCase(byte[] buffer, int offset, int length, byte[] lower)
        {
            if (length != lower.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (ToLower(buffer[offset + i]) != lower[i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>True when <paramref name="buffer"/>[offset, offset+length) equals <paramref name="other"/> byte for byte.</summary>
        public static bool Equals(byte[] buffer, int offset, int length, byte[] other)
        {
            if (length != other.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != other[i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// True when <paramref name="buffer"/>[offset, offset+length) equals the ASCII string <paramref name="text"/>
        /// (allocation-free; on the device a byte[] comparison is cheaper, since indexing a string walks its UTF-8).
        /// </summary>
        public static bool Equals(byte[] buffer, int offset, int length, string text)
        {
            if (text == null || length != text.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != text[i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Parses an optionally signed decimal integer filling the whole range; false on anything else or overflow.
        /// </summary>
        public static bool TryParseInt(byte[] buffer, int offset, int length, out int value)
        {
            value = 0;
            if (length <= 0)
            {
                return false;
            }
            bool negative = buffer[offset] == '-';
            int i = negative ? 1 : 0;
            if (i == length)
            {
                return false;
            }
            long v = 0;
            for (; i < length; i++)
            {
                byte b = buffer[offset + i];
                if (b < '0' || b > '9')
                {
                    return false;
                }
                v = v * 10 + (b - '0');
                if (v > 2147483648L)
                {
                    return false;
                }
            }
            if (negative) { v = -v; }
            if (v > int.MaxValue)
            {
                return false;
            }
            value = (int)v;
            return true;
        }

        /// <summary>Bytes that <paramref name="value"/> takes in decimal (with its sign).</summary>
        public static int DecimalLength(long value)
        {
            if (value < 0)
            {
                // Sign, last digit, and the digits before it (long.MinValue has no positive counterpart).
                long rest = -(value / 10);
                return rest == 0 ? 2 : 2 + DecimalLength(rest);
            }
            int n = 1;
            while (value >= 10)
            {
                value /= 10;
                n++;
            }
            return n;
        }

        /// <summary>Writes <paramref name="value"/> in decimal at <paramref name="offset"/> (room checked by the caller); returns the bytes written.</summary>
        public static int WriteDecimal(byte[] buffer, int offset, long value)
        {
            int length = DecimalLength(value);
            int end = offset + length;
            if (value < 0)
            {
                buffer[offset] = (byte)'-';
                // Negate digit by digit so long.MinValue works.
                for (int i = end - 1; i > offset; i--)
                {
                    long q = value / 10;
                    buffer[i] = (byte)('0' + (int)(q * 10 - value));
                    value = q;
                }
                return length;
            }
            for (int i = end - 1; i >= offset; i--)
            {
                buffer[i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            return length;
        }

        /// <summary>Hex digits <paramref name="value"/> takes (no leading zeros; 1 for 0).</summary>
        public static int HexLength(int value)
        {
            int n = 1;
            while ((value >>= 4) != 0)
            {
                n++;
            }
            return n;
        }

        /// <summary>Writes <paramref name="value"/> (≥ 0) in upper-case hex at <paramref name="offset"/>; returns the bytes written.</summary>
        public static int WriteHex(byte[] buffer, int offset, int value)
        {
            int length = HexLength(value);
            for (int i = offset + length - 1; i >= offset; i--)
            {
                int d = value & 0xF;
                buffer[i] = (byte)(d < 10 ? '0' + d : 'A' + d - 10);
                value >>= 4;
            }
            return length;
        }

        /// <summary>Moves <paramref name="count"/> bytes within one array (regions may overlap: Array.Copy is a memmove on .NET and nanoCLR).</summary>
        public static void Move(byte[] buffer, int from, int to, int count)
        {
            if (count > 0 && from != to)
            {
                Array.Copy(buffer, from, buffer, to, count);
            }
        }
    }
}
