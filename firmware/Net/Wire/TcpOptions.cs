namespace Firmware.Net.Wire
{
    /// <summary>
    /// The TCP options of one segment (RFC 9293 §3.2, RFC 7323, RFC 2018), parsed into fields. One instance is
    /// allocated once and refilled by <see cref="Parse"/> for each segment. Unknown options are skipped by their
    /// length; a length that is malformed rejects the segment.
    /// </summary>
    public class TcpOptions
    {
        /// <summary>End of option list.</summary>
        public const byte KindEnd = 0;

        /// <summary>No-operation (padding).</summary>
        public const byte KindNop = 1;

        /// <summary>Maximum segment size (RFC 9293 §3.7.1).</summary>
        public const byte KindMss = 2;

        /// <summary>Window scale (RFC 7323 §2).</summary>
        public const byte KindWindowScale = 3;

        /// <summary>SACK permitted (RFC 2018).</summary>
        public const byte KindSackPermitted = 4;

        /// <summary>SACK blocks (RFC 2018).</summary>
        public const byte KindSack = 5;

        /// <summary>Timestamps (RFC 7323 §3).</summary>
        public const byte KindTimestamps = 8;

        /// <summary>The peer's MSS, 0 when the option was absent.</summary>
        public int Mss;

        /// <summary>The window scale shift, −1 when the option was absent (capped at 14, RFC 7323 §2.3).</summary>
        public int WindowScale;

        /// <summary>True when SACK-permitted was present (parsed, not used).</summary>
        public bool SackPermitted;

        /// <summary>True when the timestamps option was present (parsed, not used).</summary>
        public bool HasTimestamps;

        /// <summary>TSval of the timestamps option.</summary>
        public uint TimestampValue;

        /// <summary>TSecr of the timestamps option.</summary>
        public uint TimestampEcho;

        /// <summary>Clears every field to "absent".</summary>
        public void Clear()
        {
            Mss = 0;
            WindowScale = -1;
            SackPermitted = false;
            HasTimestamps = false;
            TimestampValue = 0;
            TimestampEcho = 0;
        }

        /// <summary>
        /// Parses the option bytes (<paramref name="length"/> bytes at <paramref name="offset"/>: the header
        /// after its 20 fixed bytes). False when an option's length runs past the end, is below 2, or a known
        /// option has the wrong length.
        /// </summary>
        public bool Parse(byte[] b, int offset, int length)
        {
            Clear();
            int i = offset;
            int end = offset + length;
            while (i < end)
            {
                byte kind = b[i];
                if (kind == KindEnd)
                {
                    return true;
                }
                if (kind == KindNop)
                {
                    i++;
                    continue;
                }
                if (i + 1 >= end)
                {
                    return false;
                }
                int optionLength = b[i + 1];
                if (optionLength < 2 || i + optionLength > end)
                {
                    return false;
                }
                if (kind == KindMss)
                {
                    if (optionLength != 4)
                    {
                        return false;
                    }
                    Mss = BigEndian.ReadUInt16(b, i + 2);
                }
                else if (kind == KindWindowScale)
                {
                    if (optionLength != 3)
                    {
                        return false;
                    }
                    // RFC 7323 §2.3: a shift above 14 is treated as 14.
                    int shift = b[i + 2];
                    WindowScale = shift > 14 ? 14 : shift;
                }
                else if (kind == KindSackPermitted)
                {
                    if (optionLength != 2)
                    {
                        return false;
                    }
                    SackPermitted = true;
                }
                else if (kind == KindTimestamps)
                {
                    if (optionLength != 10)
                    {
                        return false;
                    }
                    HasTimestamps = true;
                    TimestampValue = BigEndian.ReadUInt32(b, i + 2);
                    TimestampEcho = BigEndian.ReadUInt32(b, i + 6);
                }
                i += optionLength;
            }
            return true;
        }

        /// <summary>Writes an MSS option (4 bytes) at <paramref name="offset"/>; returns the bytes written.</summary>
        public static int WriteMss(byte[] b, int offset, int mss)
        {
            b[offset] = KindMss;
            b[offset + 1] = 4;
            BigEndian.WriteUInt16(b, offset + 2, mss);
            return 4;
        }

        /// <summary>Writes NOP + window scale (4 bytes, keeps alignment) at <paramref name="offset"/>; returns the bytes written.</summary>
        public static int WriteWindowScale(byte[] b, int offset, int shift)
        {
            b[offset] = KindNop;
            b[offset + 1] = KindWindowScale;
            b[offset + 2] = 3;
            b[offset + 3] = (byte)shift;
            return 4;
        }
    }
}
