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
        private readonly bool[] _negative;
        private readonly bool[] _used;

        /// <summary>A cache of <paramref name="entries"/> names of up to <paramref name="nameBytes"/> bytes each.</summary>
        public DnsCache(int entries, int nameBytes)
        {
            _nameBytes = nameBytes;
            _names = new byte[entries * nameBytes];
            _addresses = new uint[entries];
            _expiresMs = new long[entries];
            _negative = new bool[entries];
            _used = new bool[entries];
        }

        /// <summary>Entries in the table.</summary>
        public int Capacity { get { return _used.Length; } }

        /// <summary>Unexpired entries at <paramref name="nowMs"/>.</summary>
        public int Count(long nowMs)
        {
            int n = 0;
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _expiresMs[i] > nowMs)
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
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && DnsName.NamesEqual(_names, i * _nameBytes, name, offset))
                {
                    if (_expiresMs[i] <= nowMs)
                    {
                        _used[i] = false;
                        return -1;
                    }
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True for a negative entry.</summary>
        public bool IsNegative(int index) { return _negative[index]; }

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
            if (ttlSeconds <= 0 || length < 0 || length > _nameBytes || _used.Length == 0)
            {
                return false;
            }
            int slot = -1;
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && DnsName.NamesEqual(_names, i * _nameBytes, name, offset))
                {
                    slot = i;
                    break;
                }
            }
            if (slot < 0)
            {
                for (int i = 0; i < _used.Length; i++)
                {
                    if (!_used[i] || _expiresMs[i] <= nowMs)
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
            _negative[slot] = negative;
            _expiresMs[slot] = nowMs + ttlSeconds * 1000;
            _used[slot] = true;
            return true;
        }

        /// <summary>Forgets everything (the servers changed).</summary>
        public void Clear()
        {
            for (int i = 0; i < _used.Length; i++)
            {
                _used[i] = false;
            }
        }

        /// <summary>The table as text, one line an entry (allocates: for people).</summary>
        public string Describe(long nowMs)
        {
            string text = "dns cache (" + Count(nowMs).ToString() + " of " + _used.Length.ToString() + "):";
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _expiresMs[i] > nowMs)
                {
                    text += "\n  " + DnsName.ToDotted(_names, i * _nameBytes) + " "
                        + (_negative[i] ? "(none)" : Firmware.Net.Diagnostics.PacketFormatter.FormatIp(_addresses[i]))
                        + " ttl " + ((_expiresMs[i] - nowMs) / 1000).ToString() + " s";
                }
            }
            return text;
        }
    }
}
