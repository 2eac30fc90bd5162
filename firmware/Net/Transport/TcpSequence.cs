namespace Firmware.Net.Transport
{
    /// <summary>Sequence number comparisons modulo 2^32 (RFC 9293 §3.4): a is "before" b when (int)(a − b) &lt; 0.</summary>
    public static class TcpSequence
    {
        /// <summary>a &lt; b in sequence space.</summary>
        public static bool Lt(uint a, uint b) { return (int)(a - b) < 0; }

        /// <summary>a ≤ b in sequence space.</summary>
        public static bool Le(uint a, uint b) { return (int)(a - b) <= 0; }

        /// <summary>a &gt; b in sequence space.</summary>
        public static bool Gt(uint a, uint b) { return (int)(a - b) > 0; }

        /// <summary>a ≥ b in sequence space.</summary>
        public static bool Ge(uint a, uint b) { return (int)(a - b) >= 0; }

        /// <summary>The later of a and b.</summary>
        public static uint Max(uint a, uint b) { return Gt(a, b) ? a : b; }
    }
}
