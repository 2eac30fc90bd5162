using System;

namespace Firmware.Drivers.Tests
{
    /// <summary>Ethernet frames with a recognisable payload, and the addresses the tests use.</summary>
    internal static class TestFrames
    {
        public static readonly byte[] DeviceMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
        public static readonly byte[] PeerMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
        public static readonly byte[] OtherMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x03 };
        public static readonly byte[] Broadcast = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

        /// <summary>A frame of <paramref name="length"/> bytes from the peer to <paramref name="destination"/>, payload bytes derived from <paramref name="seed"/>.</summary>
        public static byte[] Make(byte[] destination, int length, int seed)
        {
            byte[] frame = new byte[length];
            Fill(frame, destination, PeerMac, length, seed);
            return frame;
        }

        public static void Fill(byte[] frame, byte[] destination, byte[] source, int length, int seed)
        {
            Array.Copy(destination, 0, frame, 0, 6);
            Array.Copy(source, 0, frame, 6, 6);
            frame[12] = 0x88;
            frame[13] = 0xB5; // IEEE 802 local experimental EtherType
            for (int i = 14; i < length; i++)
            {
                frame[i] = (byte)(seed * 31 + i * 7);
            }
        }

        public static void AssertSame(byte[] expected, int expectedLength, byte[] actual, int actualLength)
        {
            Xunit.Assert.Equal(expectedLength, actualLength);
            for (int i = 0; i < expectedLength; i++)
            {
                if (expected[i] != actual[i])
                {
                    Xunit.Assert.Fail($"byte {i} differs: expected 0x{expected[i]:X2}, got 0x{actual[i]:X2}");
                }
            }
        }
    }
}
