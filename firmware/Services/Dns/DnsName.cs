namespace Firmware.Services.Dns
{
    /// <summary>
    /// Domain names (RFC 1035 §3.1, §4.1.4) in two forms: inside a message (labels that may end in a compression pointer)
    /// and uncompressed wire form in a buffer of the caller's (length-prefixed labels ending in a zero byte, at most 255
    /// bytes). Every read checks as it goes: a label over 63 bytes or a reserved label type, a name over 255 bytes, a label
    /// or pointer that runs past the message, and a pointer that does not go strictly back before the part of the name
    /// already read (which rules out loops and forward pointers) make the name malformed (-1 / false). Comparisons ignore
    /// ASCII case (RFC 4343). Nothing here allocates, except <see cref="ToDotted"/> (for people).
    /// </summary>
    public static class DnsName
    {
        /// <summary>Longest label (RFC 1035 §2.3.4).</summary>
        public const int MaxLabelBytes = 63;

        /// <summary>Longest name in wire form, length bytes and the final zero included (RFC 1035 §2.3.4).</summary>
        public const int MaxNameBytes = 255;

        /// <summary>
        /// Checks the name at <paramref name="offset"/> of the message (its first <paramref name="messageLength"/> bytes)
        /// and returns where the data after it starts (after its zero byte or its pointer), or -1 when it is malformed.
        /// </summary>
        public static int Skip(byte[] message, int messageLength, int offset)
        {
            int end;
            return Read(message, messageLength, offset, null, 0, 0, out end) < 0 ? -1 : end;
        }

        /// <summary>
        /// Decompresses the name at <paramref name="offset"/> into <paramref name="name"/> at <paramref name="nameOffset"/>
        /// (uncompressed wire form, case kept; <paramref name="name"/> null only checks). Returns its length in bytes, or -1
        /// when malformed or longer than <paramref name="nameCapacity"/>; <paramref name="end"/> is where the data after
        /// the name starts in the message.
        /// </summary>
        public static int Read(byte[] message, int messageLength, int offset, byte[] name, int nameOffset, int nameCapacity, out int end)
        {
            end = -1;
            if (message == null || messageLength > message.Length || offset < 0 || offset >= messageLength)
            {
                return -1;
            }
            int at = offset;
            // Pointers must land strictly before the earliest byte of this name read so far: each jump moves that bound
            // back, so a walk ends whatever the bytes are.
            int lowest = offset;
            int length = 0;
            while (true)
            {
                if (at >= messageLength)
                {
                    return -1;
                }
                int b = message[at];
                if (b == 0)
                {
                    length++;
                    if (length > MaxNameBytes)
                    {
                        return -1;
                    }
                    if (name != null)
                    {
                        if (length > nameCapacity)
                        {
                            return -1;
                        }
                        name[nameOffset + length - 1] = 0;
                    }
                    if (end < 0)
                    {
                        end = at + 1;
                    }
                    return length;
                }
                int kind = b & 0xC0;
                if (kind == 0xC0)
                {
                    if (at + 1 >= messageLength)
                    {
                        return -1;
                    }
                    int target = ((b & 0x3F) << 8) | message[at + 1];
                    if (target >= lowest || target < DnsHeader.Length)
                    {
                        return -1;
                    }
                    if (end < 0)
                    {
                        end = at + 2;
                    }
                    lowest = target;
                    at = target;
                    continue;
                }
                if (kind != 0)
                {
                    // 0x40 and 0x80: extended and reserved label types (RFC 6891 §5 retired the binary labels).
                    return -1;
                }
                int labelEnd = at + 1 + b;
                if (labelEnd > messageLength || length + 1 + b + 1 > MaxNameBytes)
                {
                    return -1;
                }
                if (name != null)
                {
                    if (length + 1 + b > nameCapacity)
                    {
                        return -1;
                    }
                    System.Array.Copy(message, at, name, nameOffset + length, 1 + b);
                }
                length += 1 + b;
                at = labelEnd;
            }
        }

        /// <summary>
        /// True when the (possibly compressed) name at <paramref name="offset"/> of the message equals the uncompressed
        /// name at <paramref name="nameOffset"/> of <paramref name="name"/>, ignoring ASCII case. False when either is malformed.
        /// </summary>
        public static bool EqualsInMessage(byte[] message, int messageLength, int offset, byte[] name, int nameOffset)
        {
            if (message == null || name == null || messageLength > message.Length || offset < 0 || offset >= messageLength)
            {
                return false;
            }
            int at = offset;
            int lowest = offset;
            int n = nameOffset;
            int length = 0;
            while (true)
            {
                if (at >= messageLength || n >= name.Length)
                {
                    return false;
                }
                int b = message[at];
                if ((b & 0xC0) == 0xC0)
                {
                    if (at + 1 >= messageLength)
                    {
                        return false;
                    }
                    int target = ((b & 0x3F) << 8) | message[at + 1];
                    if (target >= lowest || target < DnsHeader.Length)
                    {
                        return false;
                    }
                    lowest = target;
                    at = target;
                    continue;
                }
                if ((b & 0xC0) != 0 || name[n] != b)
                {
                    return false;
                }
                if (b == 0)
                {
                    return true;
                }
                length += 1 + b;
                if (at + 1 + b > messageLength || n + 1 + b > name.Length || length >= MaxNameBytes)
                {
                    return false;
                }
                for (int i = 1; i <= b; i++)
                {
                    if (Lower(message[at + i]) != Lower(name[n + i]))
                    {
                        return false;
                    }
                }
                at += 1 + b;
                n += 1 + b;
            }
        }

        /// <summary>True when two uncompressed names are equal ignoring ASCII case (both must be well formed).</summary>
        public static bool NamesEqual(byte[] a, int aOffset, byte[] b, int bOffset)
        {
            int length = Length(a, aOffset);
            if (length < 0 || length != Length(b, bOffset))
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (Lower(a[aOffset + i]) != Lower(b[bOffset + i]))
                {
                    // Length bytes are below 64, so lowering leaves them alone and they compare exactly.
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// True when the uncompressed <paramref name="name"/> is <paramref name="zone"/> or a name below it (its labels end
        /// with the zone's labels, ASCII case ignored): "www.Lan" is at or below "lan", "xlan" is not. Both must be well formed.
        /// </summary>
        public static bool IsAtOrBelow(byte[] name, int nameOffset, byte[] zone, int zoneOffset)
        {
            int nameLength = Length(name, nameOffset);
            int zoneLength = Length(zone, zoneOffset);
            if (nameLength < 0 || zoneLength < 0)
            {
                return false;
            }
            int at = nameOffset;
            while (true)
            {
                int left = nameLength - (at - nameOffset);
                if (left == zoneLength)
                {
                    return NamesEqual(name, at, zone, zoneOffset);
                }
                if (left < zoneLength)
                {
                    return false;
                }
                // Label by label, so a suffix that starts inside a label never matches.
                at += 1 + name[at];
            }
        }

        /// <summary>The length of the uncompressed name at <paramref name="offset"/> (zero byte included), or -1 when malformed.</summary>
        public static int Length(byte[] name, int offset)
        {
            if (name == null || offset < 0)
            {
                return -1;
            }
            int at = offset;
            while (at < name.Length)
            {
                int b = name[at];
                if (b == 0)
                {
                    int length = at - offset + 1;
                    return length <= MaxNameBytes ? length : -1;
                }
                if (b > MaxLabelBytes)
                {
                    return -1;
                }
                at += 1 + b;
                if (at - offset + 1 > MaxNameBytes)
                {
                    return -1;
                }
            }
            return -1;
        }

        /// <summary>
        /// Encodes dotted text ("api.example.com", a trailing dot allowed; "" or "." is the root) into uncompressed wire
        /// form at <paramref name="offset"/>; returns its length, or -1 for an empty label, a label over 63 bytes, a name
        /// over 255 bytes or too little room. Characters are taken as bytes (ASCII host names).
        /// </summary>
        public static int FromDotted(string text, byte[] name, int offset, int capacity)
        {
            if (text == null)
            {
                return -1;
            }
            int textLength = text.Length;
            if (textLength == 1 && text[0] == '.')
            {
                textLength = 0;
            }
            else if (textLength > 0 && text[textLength - 1] == '.')
            {
                textLength--;
            }
            int needed = textLength == 0 ? 1 : textLength + 2;
            if (needed > MaxNameBytes || needed > capacity || name == null || offset < 0 || offset + needed > name.Length)
            {
                return -1;
            }
            int labelStart = offset;
            int at = offset + 1;
            for (int i = 0; i < textLength; i++)
            {
                char c = text[i];
                if (c == '.')
                {
                    int labelLength = at - labelStart - 1;
                    if (labelLength == 0 || labelLength > MaxLabelBytes)
                    {
                        return -1;
                    }
                    name[labelStart] = (byte)labelLength;
                    labelStart = at;
                    at++;
                    continue;
                }
                if (c > 0xFF)
                {
                    return -1;
                }
                name[at++] = (byte)c;
            }
            if (textLength > 0)
            {
                int last = at - labelStart - 1;
                if (last == 0 || last > MaxLabelBytes)
                {
                    return -1;
                }
                name[labelStart] = (byte)last;
                name[at++] = 0;
            }
            else
            {
                name[offset] = 0;
                at = offset + 1;
            }
            return at - offset;
        }

        /// <summary>
        /// Writes the uncompressed name at <paramref name="offset"/> as dotted text bytes (no trailing dot; the root is
        /// "."), returning the bytes written or -1 when malformed or out of room.
        /// </summary>
        public static int WriteDotted(byte[] name, int offset, byte[] text, int textOffset, int textCapacity)
        {
            if (Length(name, offset) < 0)
            {
                return -1;
            }
            int at = offset;
            int written = 0;
            if (name[at] == 0)
            {
                if (textCapacity < 1)
                {
                    return -1;
                }
                text[textOffset] = (byte)'.';
                return 1;
            }
            while (name[at] != 0)
            {
                int b = name[at];
                int needed = b + (written > 0 ? 1 : 0);
                if (written + needed > textCapacity)
                {
                    return -1;
                }
                if (written > 0)
                {
                    text[textOffset + written++] = (byte)'.';
                }
                System.Array.Copy(name, at + 1, text, textOffset + written, b);
                written += b;
                at += 1 + b;
            }
            return written;
        }

        /// <summary>The uncompressed name as dotted text (allocates: for people and logs).</summary>
        public static string ToDotted(byte[] name, int offset)
        {
            int length = Length(name, offset);
            if (length < 0)
            {
                return "(malformed)";
            }
            if (length == 1)
            {
                return ".";
            }
            char[] chars = new char[length - 2];
            int at = offset;
            int written = 0;
            while (name[at] != 0)
            {
                int b = name[at];
                if (written > 0)
                {
                    chars[written++] = '.';
                }
                for (int i = 1; i <= b; i++)
                {
                    chars[written++] = (char)name[at + i];
                }
                at += 1 + b;
            }
            return new string(chars, 0, written);
        }

        /// <summary>ASCII lower case of one byte (RFC 4343: only A–Z fold).</summary>
        public static byte Lower(byte b)
        {
            return b >= (byte)'A' && b <= (byte)'Z' ? (byte)(b + 32) : b;
        }
    }
}
