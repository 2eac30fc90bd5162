using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// Builds a DNS message in place in the caller's buffer: the header, then questions and records section by section
    /// (the counts follow what is added), with names compressed against the names already written (RFC 1035 §4.1.4) through
    /// a fixed table of earlier name positions. A record is begun with its owner name, its RDATA written piece by piece
    /// (bytes, numbers, compressed names) and ended, which fills RDLENGTH. Anything that does not fit sets
    /// <see cref="Overflowed"/>, leaves the message as it was before that entry, and the caller answers with TC or less.
    /// One writer is reused for every message; it allocates nothing after construction.
    /// </summary>
    public sealed class DnsWriter
    {
        // Pointers carry 14 bits: names beyond this offset can be written but not pointed to.
        private const int MaxPointerTarget = 0x3FFF;

        private readonly int[] _names;
        private int _nameCount;
        private byte[] _message;
        private int _capacity;
        private int _at;
        private int _section;
        private readonly int[] _counts = new int[4];
        private int _recordStart;
        private int _recordNames;
        private int _dataStart;
        private bool _inRecord;
        private bool _overflowed;

        /// <summary>A writer that remembers up to <paramref name="compressionEntries"/> name positions for compression.</summary>
        public DnsWriter(int compressionEntries)
        {
            if (compressionEntries < 0)
            {
                throw new System.ArgumentOutOfRangeException("compressionEntries");
            }
            _names = new int[compressionEntries];
        }

        /// <summary>Bytes written so far (the message's length once <see cref="Finish"/> has run).</summary>
        public int Length { get { return _at; } }

        /// <summary>True when something did not fit (the entry was left out).</summary>
        public bool Overflowed { get { return _overflowed; } }

        /// <summary>The message buffer.</summary>
        public byte[] Message { get { return _message; } }

        /// <summary>Entries written to <paramref name="section"/> so far.</summary>
        public int Count(DnsSection section) { return _counts[(int)section]; }

        /// <summary>
        /// Starts a message in <paramref name="message"/> (at index 0, at most <paramref name="capacity"/> bytes) with
        /// <paramref name="id"/> and <paramref name="flags"/> (see <see cref="DnsHeader.MakeFlags"/>). False when not even the header fits.
        /// </summary>
        public bool Begin(byte[] message, int capacity, int id, int flags)
        {
            _message = message;
            _capacity = capacity > message.Length ? message.Length : capacity;
            _nameCount = 0;
            _section = 0;
            _counts[0] = 0;
            _counts[1] = 0;
            _counts[2] = 0;
            _counts[3] = 0;
            _inRecord = false;
            _overflowed = _capacity < DnsHeader.Length;
            _at = DnsHeader.Length;
            if (!_overflowed)
            {
                DnsHeader.Write(message, id, flags, 0, 0, 0, 0);
            }
            return !_overflowed;
        }

        /// <summary>
        /// Changes how many bytes the message may take (never beyond the buffer). Lowering it first holds room for an entry
        /// that must come last whatever else fits (EDNS0's OPT); raising it again makes that room available.
        /// </summary>
        public void SetCapacity(int capacity)
        {
            _capacity = capacity > _message.Length ? _message.Length : capacity;
        }

        /// <summary>Replaces the flags word (e.g. to set TC or the RCODE after the fact).</summary>
        public void SetFlags(int flags)
        {
            BigEndian.WriteUInt16(_message, 2, flags);
        }

        /// <summary>Adds a question for the uncompressed <paramref name="name"/>. False (Overflowed) when it does not fit.</summary>
        public bool AddQuestion(byte[] name, int nameOffset, int type, int klass)
        {
            if (!EnterSection(0))
            {
                return false;
            }
            int start = _at;
            int names = _nameCount;
            if (!PutName(name, nameOffset) || !Room(4))
            {
                return Undo(start, names);
            }
            BigEndian.WriteUInt16(_message, _at, type);
            BigEndian.WriteUInt16(_message, _at + 2, klass);
            _at += 4;
            _counts[0]++;
            return true;
        }

        /// <summary>
        /// Copies the question at <paramref name="nameOffset"/> of another (or the same-sized) received message as it is
        /// (the name decompressed and recompressed here); for answers, which repeat the query's question.
        /// </summary>
        public bool AddQuestion(byte[] message, int messageLength, int nameOffset, int type, int klass, byte[] scratch)
        {
            int end;
            if (DnsName.Read(message, messageLength, nameOffset, scratch, 0, scratch.Length, out end) < 0)
            {
                return false;
            }
            return AddQuestion(scratch, 0, type, klass);
        }

        /// <summary>
        /// Begins a record in <paramref name="section"/> (sections must come in order) owned by the uncompressed
        /// <paramref name="name"/>; write its RDATA with the Write methods, then <see cref="EndRecord"/>.
        /// </summary>
        public bool BeginRecord(DnsSection section, byte[] name, int nameOffset, int type, int klass, uint ttl)
        {
            if (section == DnsSection.Question || _inRecord || !EnterSection((int)section))
            {
                return false;
            }
            _recordStart = _at;
            _recordNames = _nameCount;
            if (!PutName(name, nameOffset) || !Room(10))
            {
                return Undo(_recordStart, _recordNames);
            }
            BigEndian.WriteUInt16(_message, _at, type);
            BigEndian.WriteUInt16(_message, _at + 2, klass);
            BigEndian.WriteUInt32(_message, _at + 4, ttl);
            _at += 10;
            _dataStart = _at;
            _inRecord = true;
            return true;
        }

        /// <summary>RDATA: <paramref name="count"/> bytes.</summary>
        public bool WriteBytes(byte[] data, int offset, int count)
        {
            if (!_inRecord || !Room(count))
            {
                return AbandonRecord();
            }
            System.Array.Copy(data, offset, _message, _at, count);
            _at += count;
            return true;
        }

        /// <summary>RDATA: a 16-bit number.</summary>
        public bool WriteUInt16(int value)
        {
            if (!_inRecord || !Room(2))
            {
                return AbandonRecord();
            }
            BigEndian.WriteUInt16(_message, _at, value);
            _at += 2;
            return true;
        }

        /// <summary>RDATA: a 32-bit number (an IPv4 address in host order for an A record).</summary>
        public bool WriteUInt32(uint value)
        {
            if (!_inRecord || !Room(4))
            {
                return AbandonRecord();
            }
            BigEndian.WriteUInt32(_message, _at, value);
            _at += 4;
            return true;
        }

        /// <summary>RDATA: a name, compressed (for the RFC 1035 types whose RDATA names may be: CNAME, PTR, NS, SOA, MX).</summary>
        public bool WriteName(byte[] name, int nameOffset)
        {
            if (!_inRecord || !PutName(name, nameOffset))
            {
                return AbandonRecord();
            }
            return true;
        }

        /// <summary>RDATA: a name written in full, never compressed (SRV targets, RFC 2782; names in unknown types, RFC 3597).</summary>
        public bool WriteNameUncompressed(byte[] name, int nameOffset)
        {
            int length = DnsName.Length(name, nameOffset);
            if (length < 0)
            {
                return AbandonRecord();
            }
            return WriteBytes(name, nameOffset, length);
        }

        /// <summary>Finishes the record (RDLENGTH); false when it had overflowed.</summary>
        public bool EndRecord()
        {
            if (!_inRecord)
            {
                return false;
            }
            int dataLength = _at - _dataStart;
            BigEndian.WriteUInt16(_message, _dataStart - 2, dataLength);
            _inRecord = false;
            _counts[_section]++;
            return true;
        }

        /// <summary>A whole A record: <paramref name="name"/> has <paramref name="address"/> (host order).</summary>
        public bool AddAddressRecord(DnsSection section, byte[] name, int nameOffset, uint ttl, uint address)
        {
            return BeginRecord(section, name, nameOffset, DnsType.A, DnsType.ClassIn, ttl) && WriteUInt32(address) && EndRecord();
        }

        /// <summary>
        /// The EDNS0 OPT pseudo-record (RFC 6891 §6.1.2) in the additional section: root owner, CLASS = our UDP payload
        /// size, TTL = extended RCODE (upper 8 bits), version 0, the DO bit; no options.
        /// </summary>
        public bool AddOpt(int udpPayloadSize, int extendedRcode, bool dnssecOk)
        {
            if (_inRecord || !EnterSection(3) || !Room(11))
            {
                return false;
            }
            _message[_at] = 0;
            BigEndian.WriteUInt16(_message, _at + 1, DnsType.OPT);
            BigEndian.WriteUInt16(_message, _at + 3, udpPayloadSize);
            BigEndian.WriteUInt32(_message, _at + 5, ((uint)(extendedRcode & 0xFF) << 24) | (dnssecOk ? 0x8000u : 0));
            BigEndian.WriteUInt16(_message, _at + 9, 0);
            _at += 11;
            _counts[3]++;
            return true;
        }

        /// <summary>Writes the section counts into the header; returns the message's length.</summary>
        public int Finish()
        {
            if (_inRecord)
            {
                AbandonRecord();
            }
            if (_capacity >= DnsHeader.Length)
            {
                BigEndian.WriteUInt16(_message, 4, _counts[0]);
                BigEndian.WriteUInt16(_message, 6, _counts[1]);
                BigEndian.WriteUInt16(_message, 8, _counts[2]);
                BigEndian.WriteUInt16(_message, 10, _counts[3]);
            }
            return _at;
        }

        private bool EnterSection(int section)
        {
            if (_overflowed && _capacity < DnsHeader.Length)
            {
                return false;
            }
            if (section < _section)
            {
                // Sections come in order: a question after an answer would be a programming error in the caller.
                throw new System.InvalidOperationException("DNS sections out of order");
            }
            _section = section;
            return true;
        }

        // Writes a name, replacing its longest suffix already in the message with a pointer; remembers where its
        // new labels start so later names can point at them.
        private bool PutName(byte[] name, int nameOffset)
        {
            int length = DnsName.Length(name, nameOffset);
            if (length < 0)
            {
                return false;
            }
            int label = nameOffset;
            while (name[label] != 0)
            {
                int target = FindSuffix(name, label);
                if (target >= 0)
                {
                    if (!Room(2))
                    {
                        return false;
                    }
                    BigEndian.WriteUInt16(_message, _at, 0xC000 | target);
                    _at += 2;
                    return true;
                }
                int labelBytes = 1 + name[label];
                if (!Room(labelBytes))
                {
                    return false;
                }
                if (_at <= MaxPointerTarget && _nameCount < _names.Length)
                {
                    _names[_nameCount++] = _at;
                }
                System.Array.Copy(name, label, _message, _at, labelBytes);
                _at += labelBytes;
                label += labelBytes;
            }
            if (!Room(1))
            {
                return false;
            }
            _message[_at++] = 0;
            return true;
        }

        private int FindSuffix(byte[] name, int suffixOffset)
        {
            for (int i = 0; i < _nameCount; i++)
            {
                if (DnsName.EqualsInMessage(_message, _at, _names[i], name, suffixOffset))
                {
                    return _names[i];
                }
            }
            return -1;
        }

        private bool Room(int bytes)
        {
            if (_at + bytes > _capacity)
            {
                _overflowed = true;
                return false;
            }
            return true;
        }

        private bool AbandonRecord()
        {
            if (_inRecord)
            {
                _inRecord = false;
                Undo(_recordStart, _recordNames);
            }
            _overflowed = true;
            return false;
        }

        private bool Undo(int position, int names)
        {
            _at = position;
            _nameCount = names;
            _overflowed = true;
            return false;
        }
    }
}
