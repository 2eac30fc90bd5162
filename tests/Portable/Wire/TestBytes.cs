namespace Firmware.Tests.Wire
{
    /// <summary>Hex strings to bytes for test vectors (nanoFramework has no Convert.FromHexString).</summary>
    public static class TestBytes
    {
        /// <summary>Parses an even-length string of hex digits.</summary>
        public static byte[] FromHex(string hex)
        {
            byte[] b = new byte[hex.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)((Digit(hex[2 * i]) << 4) | Digit(hex[2 * i + 1]));
            }
            return b;
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            return c - 'A' + 10;
        }

        /// <summary>
        /// Frames the Linux kernel sent, captured from a TAP device in a throwaway network namespace (a script read
        /// the TAP fd; kernel side 10.0.0.1/24, MAC 02:00:00:00:00:01).
        /// </summary>
        public const string LinuxArpRequest = "ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002";

        /// <summary>Linux: UDP "hello" from 10.0.0.1:40000 to 10.0.0.2:7.</summary>
        public const string LinuxUdpHello = "0200000000020200000000010800450000215f6640004011c7630a0000010a0000029c400007000d0bb868656c6c6f";

        /// <summary>Linux: `ping -s 56 -p 00 10.0.0.2`, id 0x379b, seq 1.</summary>
        public const string LinuxPing = "0200000000020200000000010800450000542c7440004001fa320a0000010a00000208009372379b0001820f046b00000000a17605000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
    }
}
