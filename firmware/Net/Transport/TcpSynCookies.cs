namespace Firmware.Net.Transport
{
    /// <summary>
    /// SYN cookies (RFC 4987 §3.6): the ISN of a SYN-ACK sent without keeping any state, from which the returning
    /// ACK proves itself. Layout of the 32-bit cookie: bit 31 the parity of the time counter (nowMs / PeriodMs),
    /// bits 30-28 an index into a small MSS table, bits 27-0 a SipHash-2-4 MAC of the 4-tuple, the peer's ISN, the
    /// counter and the MSS index under a 128-bit secret. Each counter value has its own secret, drawn from the
    /// random source when first needed; a secret is kept for its own period and the next, so a cookie is accepted
    /// for one to two periods after it was made and never after. No allocation per cookie.
    /// </summary>
    public class TcpSynCookies
    {
        /// <summary>Length of one time-counter period; a cookie lives one to two of them. 64 s.</summary>
        public const int PeriodMs = 64000;

        private const int MacBits = 28;
        private const uint MacMask = (1u << MacBits) - 1;

        // The MSS values a cookie can carry (3 bits): the largest not above the peer's is chosen, so we never send
        // more than it announced. 536 is the RFC 9293 §3.7.1 default; 1460 Ethernet's; the others common tunnels'.
        private static readonly int[] MssTable = { 64, 256, 536, 1024, 1220, 1360, 1440, 1460 };

        private readonly IRandomSource _random;
        private readonly ulong[] _k0 = new ulong[2];
        private readonly ulong[] _k1 = new ulong[2];
        private readonly long[] _keyPeriod = new long[2];

        /// <summary>Keeps the random source; secrets are drawn as periods begin.</summary>
        public TcpSynCookies(IRandomSource random)
        {
            _random = random;
            _keyPeriod[0] = -1;
            _keyPeriod[1] = -1;
        }

        /// <summary>The MSS a cookie for a peer that announced <paramref name="peerMss"/> (0: none) will restore.</summary>
        public static int EncodableMss(int peerMss)
        {
            return MssTable[MssIndex(peerMss)];
        }

        /// <summary>The cookie (our ISN) for a SYN from remote:remotePort to localPort with ISN <paramref name="peerIsn"/>.</summary>
        public uint Make(uint remoteAddress, ushort localPort, ushort remotePort, uint peerIsn, int peerMss, long nowMs)
        {
            long period = nowMs / PeriodMs;
            int slot = (int)(period & 1);
            if (_keyPeriod[slot] != period)
            {
                // A new period: its secret replaces the one of two periods ago, whose cookies expire with it.
                _k0[slot] = ((ulong)_random.NextUInt32() << 32) | _random.NextUInt32();
                _k1[slot] = ((ulong)_random.NextUInt32() << 32) | _random.NextUInt32();
                _keyPeriod[slot] = period;
            }
            int index = MssIndex(peerMss);
            return (uint)slot << 31 | (uint)index << MacBits | Mac(slot, period, remoteAddress, localPort, remotePort, peerIsn, index);
        }

        /// <summary>
        /// Checks the cookie an ACK returns (its SEG.ACK − 1) against the same tuple and the peer's ISN (its SEG.SEQ − 1):
        /// the MSS the cookie carries, or −1 when it is forged, altered or expired.
        /// </summary>
        public int Check(uint remoteAddress, ushort localPort, ushort remotePort, uint peerIsn, uint cookie, long nowMs)
        {
            long now = nowMs / PeriodMs;
            int slot = (int)(cookie >> 31);
            // The cookie's period is now or the one before: the one with the cookie's parity.
            long period = (now & 1) == slot ? now : now - 1;
            if (period < 0 || _keyPeriod[slot] != period)
            {
                return -1;
            }
            int index = (int)((cookie >> MacBits) & 7);
            if ((cookie & MacMask) != Mac(slot, period, remoteAddress, localPort, remotePort, peerIsn, index))
            {
                return -1;
            }
            return MssTable[index];
        }

        private uint Mac(int slot, long period, uint remoteAddress, ushort localPort, ushort remotePort, uint peerIsn, int index)
        {
            ulong m0 = ((ulong)remoteAddress << 32) | ((ulong)localPort << 16) | remotePort;
            ulong m1 = ((ulong)peerIsn << 32) | (((ulong)period & 0xFFFFFF) << 8) | (uint)index;
            return (uint)TcpIsnGenerator.SipHash24(_k0[slot], _k1[slot], m0, m1) & MacMask;
        }

        private static int MssIndex(int peerMss)
        {
            // RFC 9293 §3.7.1: no option means 536.
            int mss = peerMss > 0 ? peerMss : 536;
            int index = 0;
            for (int i = 1; i < MssTable.Length; i++)
            {
                if (MssTable[i] <= mss)
                {
                    index = i;
                }
            }
            return index;
        }
    }
}
