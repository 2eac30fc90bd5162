namespace Firmware.Net.Transport
{
    /// <summary>
    /// Initial sequence numbers per RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey),
    /// M a 4 µs clock (nowMs × 250) and F SipHash-2-4 (a keyed PRF, truncated to 32 bits) under a 128-bit key drawn
    /// from the random source once at start. No allocation per ISN.
    /// </summary>
    public class TcpIsnGenerator
    {
        private readonly ulong _k0;
        private readonly ulong _k1;

        /// <summary>Draws the key.</summary>
        public TcpIsnGenerator(IRandomSource random)
        {
            _k0 = ((ulong)random.NextUInt32() << 32) | random.NextUInt32();
            _k1 = ((ulong)random.NextUInt32() << 32) | random.NextUInt32();
        }

        /// <summary>The ISN for this 4-tuple at <paramref name="nowMs"/>.</summary>
        public uint Next(uint localAddress, int localPort, uint remoteAddress, int remotePort, long nowMs)
        {
            ulong m0 = ((ulong)localAddress << 32) | remoteAddress;
            ulong m1 = ((ulong)(uint)localPort << 16) | (uint)remotePort;
            ulong hash = SipHash24(_k0, _k1, m0, m1);
            return (uint)hash + (uint)(nowMs * 250);
        }

        /// <summary>SipHash-2-4 of a 16-byte message given as two little-endian 64-bit words.</summary>
        public static ulong SipHash24(ulong k0, ulong k1, ulong m0, ulong m1)
        {
            ulong v0 = k0 ^ 0x736f6d6570736575UL;
            ulong v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL;
            ulong v3 = k1 ^ 0x7465646279746573UL;
            // Two message words, then the final block holding the length (16) in its top byte.
            ulong b = 16UL << 56;

            v3 ^= m0;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m0;

            v3 ^= m1;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m1;

            v3 ^= b;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= b;

            v2 ^= 0xff;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
        {
            v0 += v1; v1 = Rotl(v1, 13); v1 ^= v0; v0 = Rotl(v0, 32);
            v2 += v3; v3 = Rotl(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Rotl(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Rotl(v1, 17); v1 ^= v2; v2 = Rotl(v2, 32);
        }

        private static ulong Rotl(ulong x, int b)
        {
            return (x << b) | (x >> (64 - b));
        }
    }
}
