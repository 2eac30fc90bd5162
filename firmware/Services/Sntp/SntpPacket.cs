using Firmware.Net.Wire;

namespace Firmware.Services.Sntp
{
    /// <summary>
    /// The 48-byte NTP/SNTP header (RFC 4330 §4) read and written in place, and NTP timestamps (seconds since 1900 and a
    /// 32-bit fraction) converted to Unix milliseconds, across the 2036 era boundary (§3).
    /// </summary>
    public static class SntpPacket
    {
        /// <summary>Bytes of the header (no extension fields, no authenticator).</summary>
        public const int Length = 48;

        /// <summary>The server's port.</summary>
        public const int Port = 123;

        /// <summary>Mode 3: client.</summary>
        public const int ModeClient = 3;

        /// <summary>Mode 4: server.</summary>
        public const int ModeServer = 4;

        /// <summary>LI 3: alarm, the server's clock is not synchronized.</summary>
        public const int LeapAlarm = 3;

        /// <summary>Offset of the root delay (NTP short format: 16.16 s).</summary>
        public const int RootDelayOffset = 4;

        /// <summary>Offset of the root dispersion (16.16 s).</summary>
        public const int RootDispersionOffset = 8;

        /// <summary>Offset of the reference identifier (a kiss code for stratum 0).</summary>
        public const int ReferenceIdOffset = 12;

        /// <summary>Offset of the originate timestamp.</summary>
        public const int OriginateOffset = 24;

        /// <summary>Offset of the receive timestamp.</summary>
        public const int ReceiveOffset = 32;

        /// <summary>Offset of the transmit timestamp.</summary>
        public const int TransmitOffset = 40;

        /// <summary>Seconds from 1900-01-01 (NTP's era 0) to 1970-01-01 (Unix).</summary>
        public const long UnixEpochSeconds = 2208988800;

        /// <summary>Kiss code "RATE": the client polls too often.</summary>
        public const uint KissRate = 0x52415445;

        /// <summary>Kiss code "DENY": access denied.</summary>
        public const uint KissDeny = 0x44454E59;

        /// <summary>Kiss code "RSTR": access restricted.</summary>
        public const uint KissRestricted = 0x52535452;

        /// <summary>Leap indicator (2 bits).</summary>
        public static int GetLeap(byte[] b) { return b[0] >> 6; }

        /// <summary>Version number (3 bits).</summary>
        public static int GetVersion(byte[] b) { return (b[0] >> 3) & 7; }

        /// <summary>Mode (3 bits).</summary>
        public static int GetMode(byte[] b) { return b[0] & 7; }

        /// <summary>Stratum (0: kiss-o'-death).</summary>
        public static int GetStratum(byte[] b) { return b[1]; }

        /// <summary>A 16.16 short-format field in ms (root delay, root dispersion).</summary>
        public static long GetShortMs(byte[] b, int offset)
        {
            return ((long)BigEndian.ReadUInt32(b, offset) * 1000) >> 16;
        }

        /// <summary>
        /// The timestamp at <paramref name="offset"/> as Unix ms; -1 for the zero timestamp (none). Seconds with the top bit
        /// clear are taken as era 1 (from 2036-02-07), as RFC 4330 §3 suggests.
        /// </summary>
        public static long ToUnixMs(byte[] b, int offset)
        {
            uint seconds = BigEndian.ReadUInt32(b, offset);
            uint fraction = BigEndian.ReadUInt32(b, offset + 4);
            if (seconds == 0 && fraction == 0)
            {
                return -1;
            }
            long ntpSeconds = (seconds & 0x80000000) != 0 ? seconds : seconds + 0x100000000L;
            return (ntpSeconds - UnixEpochSeconds) * 1000 + (long)(((ulong)fraction * 1000) >> 32);
        }

        /// <summary>Writes Unix ms as an NTP timestamp (era 0 before 2036, era 1 after).</summary>
        public static void WriteUnixMs(byte[] b, int offset, long unixMs)
        {
            long ntpSeconds = unixMs / 1000 + UnixEpochSeconds;
            BigEndian.WriteUInt32(b, offset, (uint)ntpSeconds);
            BigEndian.WriteUInt32(b, offset + 4, (uint)((((ulong)(unixMs % 1000)) << 32) / 1000));
        }

        /// <summary>
        /// Writes a client request (LI 0, version 4, mode 3, everything else zero) whose transmit timestamp is the 64-bit
        /// nonce <paramref name="high"/>:<paramref name="low"/>, which the server returns as the originate timestamp.
        /// </summary>
        public static void WriteRequest(byte[] b, uint high, uint low)
        {
            System.Array.Clear(b, 0, Length);
            b[0] = (4 << 3) | ModeClient;
            BigEndian.WriteUInt32(b, TransmitOffset, high);
            BigEndian.WriteUInt32(b, TransmitOffset + 4, low);
        }
    }
}
