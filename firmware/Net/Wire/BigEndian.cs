namespace Firmware.Net.Wire
{
    /// <summary>
    /// Network byte order (big-endian) reads and writes at an offset in a byte array: the one place every
    /// header field is read or written. Callers check the buffer length first; these do no bounds checks of
    /// their own beyond the runtime's.
    /// </summary>
    public static class BigEndian
    {
        /// <summary>Reads the 16-bit big-endian value at <paramref name="offset"/>.</summary>
        public static ushort ReadUInt16(byte[] b, int offset)
        {
            return (ushort)((b[offset] << 8) | b[offset + 1]);
        }

        /// <summary>Reads the 32-bit big-endian value at <paramref name="offset"/>.</summary>
        public static uint ReadUInt32(byte[] b, int offset)
        {
            return ((uint)b[offset] << 24) | ((uint)b[offset + 1] << 16) | ((uint)b[offset + 2] << 8) | b[offset + 3];
        }

        /// <summary>Writes the low 16 bits of <paramref name="value"/> big-endian at <paramref name="offset"/>.</summary>
        public static void WriteUInt16(byte[] b, int offset, int value)
        {
            b[offset] = (byte)(value >> 8);
            b[offset + 1] = (byte)value;
        }

        /// <summary>Writes <paramref name="value"/> big-endian at <paramref name="offset"/>.</summary>
        public static void WriteUInt32(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)(value >> 24);
            b[offset + 1] = (byte)(value >> 16);
            b[offset + 2] = (byte)(value >> 8);
            b[offset + 3] = (byte)value;
        }
    }
}
