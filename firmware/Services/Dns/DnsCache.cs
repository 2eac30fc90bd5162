namespace Firmware.Services.Dns
{
    /// <summary>
    /// A fixed table of answers by name: an IPv4 address, or "no such name / no address" (a negative entry, RFC 2308),
    /// each until its TTL runs out. Names are kept in wire form and matched ignoring case. A full table replaces the
    /// entry closest to expiry. Allocated once; lookups and inserts allocate nothing.
    /// </summary>
    public sealed class DnsCache
    {
        private readonly int _nameBytes;
        private readonly byte[] _names;
        private readonly uint[] _addresses;
        private readonly long[] _expiresMs;
        private readonly byte[] _flags;  // Used, Negative
        private const byte Used = 1;
        private const byte Negative = 2;

        /// <summary>A cache of <paramref name="entries"/> names of up to <paramref name="nameBytes"/> bytes each.</summary>
        public DnsCache(int entries, int nameBytes)
        {
            _nameBytes = nameBytes;
            _names = new byte[entries * nameBytes];
            _addresses = new uint[entries];
            _expiresMs = new long[entries];
            _flags = new byte[entries];
        }

        /// <summary>Entries in the table.</summary>
        public int Capacity { get { return _flags.Length; } }

        /// <summary>Unexpired entries at <paramref name="nowMs"/>.</summary>
        public int Count(long nowMs)
        {
            int n = 0;
            for (int i = 0; i < _flags.Length; i++)
            {
                if ((_flags[i] & Used) != 0 && _expiresMs[i] > nowMs)
                {
                    n++;
                }
            }
            return n;
        }

        /// <summary>
        /// Looks <paramref name="name"/> (wire form) up: the entry's index, or -1 when absent or expired (an expired entry
        /// is freed). Read the answer with <see cref="IsNegative"/>, <see cref="GetAddress"/>, <see cref="GetExpiresMs"/>.
        /// </summary>
        public int Find(byte[] name, int offset, long nowMs)
        {
            for (int i = 0; i < _flags.Length; i++)
            {
                if ((_flags[i] & Used) != 0 && DnsName.NamesEqual(_names, i * _nameBytes, name, offset))
                {
                    if (_expiresMs[i] <= nowMs)
                    {
                        _flags[i] = 0;
                        return -1;
                    }
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True for a negative entry.</summary>
        public bool IsNegative(int index) { return (_flags[index] & Negative) != 0; }

        /// <summary>The entry's address (host order).</summary>
        public uint GetAddress(int index) { return _addresses[index]; }

        /// <summary>When the entry expires (absolute ms).</summary>
        public long GetExpiresMs(int index) { return _expiresMs[index]; }

        /// <summary>
        /// Stores an answer for <paramref name="name"/> for <paramref name="ttlSeconds"/> (0: not stored, RFC 1035 §3.2.1).
        /// Names longer than an entry holds are not stored. Returns false when not stored.
        /// </summary>
        public bool Store(byte[] name, int offset, bool negative, uint address, long ttlSeconds, long nowMs)
        {
            int length = DnsName.Length(name, offset);
            if (ttlSeconds <= 0 || length < 0 || length > _nameBytes || _flags.Length == 0)
            {
                return false;
            }
            int slot = -1;
            for (int i = 0; i < _flags.Length; i++)
            {
                if ((_flags[i] & Used) != 0 && DnsName.NamesEqual(_names, i * _nameBytes, name, offset))
                {
                    slot = i;
                    break;
                }
            }
            if (slot < 0)
            {
                for (int i = 0; i < _flags.Length; i++)
                {
                    if ((_flags[i] & Used) == 0 || _expiresMs[i] <= nowMs)
                    {
                        slot = i;
                        break;
                    }
                    if (slot < 0 || _expiresMs[i] < _expiresMs[slot])
                    {
                        slot = i;
                    }
                }
            }
            System.Array.Copy(name, offset, _names, slot * _nameBytes, length);
            _addresses[slot] = address;
            _flags[slot] = negative ? (byte)(Used | Negative) : Used;
            _expiresMs[slot] = nowMs + ttlSeconds * 1000;
            return true;
        }

        /// <summary>Forgets everything (the servers changed).</summary>
        public void Clear()
        {
            for (int i = 0; i < _flags.Length; i++)
            {
                _flags[i] = 0;
            }
        }

        /// <summary>The table as text, one line an entry (allocates: for people).</summary>
        public string Describe(long nowMs)
        {
            string text = "dns cache (" + Count(nowMs).ToString() + " of " + _flags.Length.ToString() + "):";
            for (int i = 0; i < _flags.Length; i++)
            {
                if ((_flags[i] & Used) != 0 && _expiresMs[i] > nowMs)
                {
                    text += "\n  " + DnsName.ToDotted(_names, i * _nameBytes) + " "
                        + ((_flags[i] & Negative) != 0 ? "(none)" : Firmware.Net.Diagnostics.PacketFormatter.FormatIp(_addresses[i]))
                        + " ttl " + ((_expiresMs[i] - nowMs) / 1000).ToString() + " s";
                }
            }
            return text;
        }
    }
}
