namespace Firmware.Services.Dns
{
    /// <summary>
    /// The records the server is authoritative for: a zone origin ("lan"), the host's name ("device.lan": its A record
    /// is the device's current address, and the reverse name of that address points back to it with a PTR), and a small
    /// fixed table of further A, TXT and CNAME records inside the zone. Names and record data are kept in wire form in one
    /// byte pool filled at start-up; lookups compare in place and allocate nothing.
    /// </summary>
    public sealed class DnsZone
    {
        private readonly byte[] _bytes;
        private int _used;
        private readonly int _origin;
        private int _host = -1;
        private readonly int[] _owner;
        private readonly int[] _type;
        private readonly int[] _ttl;
        private readonly int[] _data;
        private readonly int[] _dataLength;
        private int _count;

        /// <summary>
        /// A zone for <paramref name="origin"/> (dotted, e.g. "lan" or "home.arpa") with room for
        /// <paramref name="records"/> records and <paramref name="bytes"/> bytes of names and data. Throws on a malformed origin.
        /// </summary>
        public DnsZone(string origin, int records, int bytes)
        {
            if (records < 0 || bytes < 1)
            {
                throw new System.ArgumentOutOfRangeException("records");
            }
            _bytes = new byte[bytes];
            _owner = new int[records];
            _type = new int[records];
            _ttl = new int[records];
            _data = new int[records];
            _dataLength = new int[records];
            _origin = AddName(origin);
            if (_origin < 0)
            {
                throw new System.ArgumentException("DnsZone origin");
            }
        }

        /// <summary>The pool that holds every name and record datum (read with the offsets below).</summary>
        public byte[] Bytes { get { return _bytes; } }

        /// <summary>Where the origin's name starts in <see cref="Bytes"/>.</summary>
        public int OriginOffset { get { return _origin; } }

        /// <summary>Where the host's name starts in <see cref="Bytes"/>; -1 until <see cref="SetHost"/>.</summary>
        public int HostOffset { get { return _host; } }

        /// <summary>Records in the table (the host's A and PTR not included).</summary>
        public int Count { get { return _count; } }

        /// <summary>Bytes of the pool in use.</summary>
        public int BytesUsed { get { return _used; } }

        /// <summary>The record's TYPE (A, TXT, CNAME).</summary>
        public int GetRecordType(int record) { return _type[record]; }

        /// <summary>The record's TTL, seconds.</summary>
        public uint GetTtl(int record) { return (uint)_ttl[record]; }

        /// <summary>Where the record's owner name starts in <see cref="Bytes"/>.</summary>
        public int GetOwnerOffset(int record) { return _owner[record]; }

        /// <summary>Where the record's RDATA starts in <see cref="Bytes"/> (a name in wire form for CNAME).</summary>
        public int GetDataOffset(int record) { return _data[record]; }

        /// <summary>Bytes of the record's RDATA.</summary>
        public int GetDataLength(int record) { return _dataLength[record]; }

        /// <summary>
        /// Names the device: <paramref name="hostName"/> (inside the zone; "device.lan") answers A with the device's address
        /// and is the target of the PTR for that address's reverse name. False when it is malformed, outside the zone, or
        /// does not fit.
        /// </summary>
        public bool SetHost(string hostName)
        {
            int at = AddName(hostName);
            if (at < 0 || !DnsName.IsAtOrBelow(_bytes, at, _bytes, _origin))
            {
                return false;
            }
            _host = at;
            return true;
        }

        /// <summary>Adds an A record (<paramref name="address"/> in host order). False when it is outside the zone or does not fit.</summary>
        public bool AddAddress(string name, uint address, int ttlSeconds)
        {
            int record = BeginRecord(name, DnsType.A, ttlSeconds, 4);
            if (record < 0)
            {
                return false;
            }
            Firmware.Net.Wire.BigEndian.WriteUInt32(_bytes, _data[record], address);
            return true;
        }

        /// <summary>
        /// Adds a TXT record of one character-string (RFC 1035 §3.3.14), or several separated by '\n' (each at most 255
        /// bytes). False when it is outside the zone, a string is too long, or it does not fit.
        /// </summary>
        public bool AddText(string name, string text, int ttlSeconds)
        {
            if (text == null)
            {
                return false;
            }
            int record = BeginRecord(name, DnsType.TXT, ttlSeconds, text.Length + 1);
            if (record < 0)
            {
                return false;
            }
            int at = _data[record];
            int lengthAt = at++;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '\n')
                {
                    int stringLength = at - lengthAt - 1;
                    if (stringLength > 255)
                    {
                        return Abandon(record);
                    }
                    _bytes[lengthAt] = (byte)stringLength;
                    if (i < text.Length)
                    {
                        lengthAt = at++;
                    }
                    continue;
                }
                if (text[i] > 0xFF)
                {
                    return Abandon(record);
                }
                _bytes[at++] = (byte)text[i];
            }
            return true;
        }

        /// <summary>
        /// Adds a CNAME: <paramref name="name"/> is an alias of <paramref name="target"/> (inside the zone or not). False when
        /// the name is outside the zone, already has records (RFC 1034 §3.6.2: a CNAME stands alone), or it does not fit.
        /// </summary>
        public bool AddAlias(string name, string target, int ttlSeconds)
        {
            int mark = _used;
            int owner = AddName(name);
            if (owner < 0)
            {
                return false;
            }
            bool taken = Find(_bytes, owner, 0) >= 0 || (_host >= 0 && DnsName.NamesEqual(_bytes, owner, _bytes, _host));
            _used = mark;
            if (taken)
            {
                return false;
            }
            int record = BeginRecord(name, DnsType.CNAME, ttlSeconds, 0);
            if (record < 0)
            {
                return false;
            }
            int length = DnsName.FromDotted(target, _bytes, _used, _bytes.Length - _used);
            if (length < 0)
            {
                return Abandon(record);
            }
            _dataLength[record] = length;
            _used += length;
            return true;
        }

        /// <summary>True when the uncompressed <paramref name="name"/> is the origin or below it.</summary>
        public bool Contains(byte[] name, int nameOffset)
        {
            return DnsName.IsAtOrBelow(name, nameOffset, _bytes, _origin);
        }

        /// <summary>True when <paramref name="name"/> is the host's name.</summary>
        public bool IsHost(byte[] name, int nameOffset)
        {
            return _host >= 0 && DnsName.NamesEqual(name, nameOffset, _bytes, _host);
        }

        /// <summary>True when <paramref name="name"/> is the zone's origin.</summary>
        public bool IsOrigin(byte[] name, int nameOffset)
        {
            return DnsName.NamesEqual(name, nameOffset, _bytes, _origin);
        }

        /// <summary>The first record from <paramref name="start"/> on owned by <paramref name="name"/>, or -1.</summary>
        public int Find(byte[] name, int nameOffset, int start)
        {
            for (int i = start; i < _count; i++)
            {
                if (DnsName.NamesEqual(name, nameOffset, _bytes, _owner[i]))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>
        /// True when the name exists in the zone: the origin, the host, a record's owner, or a name with one of those below
        /// it (an empty non-terminal, RFC 8020: NOERROR with no data, not NXDOMAIN).
        /// </summary>
        public bool Exists(byte[] name, int nameOffset)
        {
            if (IsOrigin(name, nameOffset) || (_host >= 0 && DnsName.IsAtOrBelow(_bytes, _host, name, nameOffset)))
            {
                return true;
            }
            for (int i = 0; i < _count; i++)
            {
                if (DnsName.IsAtOrBelow(_bytes, _owner[i], name, nameOffset))
                {
                    return true;
                }
            }
            return false;
        }

        private int BeginRecord(string name, int type, int ttlSeconds, int dataBytes)
        {
            if (_count == _owner.Length || ttlSeconds < 0)
            {
                return -1;
            }
            int mark = _used;
            int owner = AddName(name);
            if (owner < 0 || !DnsName.IsAtOrBelow(_bytes, owner, _bytes, _origin) || _used + dataBytes > _bytes.Length)
            {
                _used = mark;
                return -1;
            }
            if (type != DnsType.CNAME && FindAlias(owner) >= 0)
            {
                // RFC 1034 §3.6.2: no other data beside a CNAME.
                _used = mark;
                return -1;
            }
            int record = _count++;
            _owner[record] = owner;
            _type[record] = type;
            _ttl[record] = ttlSeconds;
            _data[record] = _used;
            _dataLength[record] = dataBytes;
            _used += dataBytes;
            return record;
        }

        private int FindAlias(int owner)
        {
            for (int i = Find(_bytes, owner, 0); i >= 0; i = Find(_bytes, owner, i + 1))
            {
                if (_type[i] == DnsType.CNAME)
                {
                    return i;
                }
            }
            return -1;
        }

        private bool Abandon(int record)
        {
            _used = _owner[record];
            _count--;
            return false;
        }

        // Appends a dotted name in wire form; its offset, or -1 when it is malformed or does not fit.
        private int AddName(string dotted)
        {
            int length = DnsName.FromDotted(dotted, _bytes, _used, _bytes.Length - _used);
            if (length < 0)
            {
                return -1;
            }
            int at = _used;
            _used += length;
            return at;
        }
    }
}
