namespace Firmware.Services.Http
{
    /// <summary>
    /// The request target's pieces (RFC 3986): percent-decoding of the path in place, and query parameters
    /// (application/x-www-form-urlencoded) looked up by name and decoded into the caller's buffer. Allocation-free.
    /// </summary>
    public static class HttpUrl
    {
        /// <summary>
        /// Decodes the %XX escapes of <paramref name="buffer"/>[offset, offset+length) in place (RFC 3986 §2.1);
        /// returns the decoded length, or -1 for a malformed escape or one that decodes to NUL.
        /// </summary>
        public static int DecodeInPlace(byte[] buffer, int offset, int length)
        {
            int write = offset;
            int end = offset + length;
            for (int read = offset; read < end; read++)
            {
                byte b = buffer[read];
                if (b == '%')
                {
                    int value = read + 2 < end ? Hex2(buffer, read + 1) : -1;
                    if (value <= 0)
                    {
                        return -1;
                    }
                    b = (byte)value;
                    read += 2;
                }
                buffer[write++] = b;
            }
            return write - offset;
        }

        /// <summary>
        /// Finds parameter <paramref name="name"/> in the query <paramref name="buffer"/>[offset, offset+length)
        /// ('&amp;'-separated name=value pairs; '+' is a space; %XX escapes; names compared after decoding, exactly)
        /// and decodes its value into <paramref name="destination"/>. False when absent, malformed or too long.
        /// </summary>
        public static bool TryGetParameter(byte[] buffer, int offset, int length, string name, byte[] destination, int destinationOffset, int capacity, out int valueLength)
        {
            valueLength = 0;
            int end = offset + length;
            int pair = offset;
            while (pair < end)
            {
                int pairEnd = pair;
                while (pairEnd < end && buffer[pairEnd] != '&') { pairEnd++; }
                int equals = pair;
                while (equals < pairEnd && buffer[equals] != '=') { equals++; }
                if (NameMatches(buffer, pair, equals, name))
                {
                    int valueStart = equals < pairEnd ? equals + 1 : pairEnd;
                    return DecodeForm(buffer, valueStart, pairEnd, destination, destinationOffset, capacity, out valueLength);
                }
                pair = pairEnd + 1;
            }
            return false;
        }

        private static bool NameMatches(byte[] buffer, int start, int end, string name)
        {
            int j = 0;
            int n = name.Length;
            for (int i = start; i < end; i++)
            {
                int b = NextFormByte(buffer, ref i, end);
                if (b < 0 || j >= n || name[j] != b)
                {
                    return false;
                }
                j++;
            }
            return j == n;
        }

        private static bool DecodeForm(byte[] buffer, int start, int end, byte[] destination, int offset, int capacity, out int length)
        {
            length = 0;
            for (int i = start; i < end; i++)
            {
                int b = NextFormByte(buffer, ref i, end);
                if (b < 0 || length == capacity)
                {
                    return false;
                }
                destination[offset + length++] = (byte)b;
            }
            return true;
        }

        /// <summary>The form-decoded byte at <paramref name="i"/> ('+' is a space, %XX an escape: <paramref name="i"/> moves past it); -1 for a bad escape.</summary>
        private static int NextFormByte(byte[] buffer, ref int i, int end)
        {
            int b = buffer[i];
            if (b == '+')
            {
                return ' ';
            }
            if (b != '%')
            {
                return b;
            }
            if (i + 2 >= end)
            {
                return -1;
            }
            b = Hex2(buffer, i + 1);
            i += 2;
            return b;
        }

        private static int Hex2(byte[] buffer, int at)
        {
            int hi = HttpAscii.HexValue(buffer[at]);
            int lo = HttpAscii.HexValue(buffer[at + 1]);
            return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
        }
    }
}
