using Firmware.Net.Wire;

namespace Firmware.Services.Dns
{
    /// <summary>
    /// Walks a received DNS message in place, entry by entry: the questions, then every resource record of the answer,
    /// authority and additional sections. Each step checks what it reads against the message's length (names through
    /// <see cref="DnsName"/>, the fixed fields, RDLENGTH), so counts in the header that promise more than the message
    /// holds end the walk with <see cref="Malformed"/> set instead of reading past it. One reader is reused for every
    /// message; it allocates nothing.
    /// </summary>
    public sealed class DnsReader
    {
        private const int FlagMalformed = 1;
        private const int FlagOptSeen = 2;
        private const int FlagOptMalformed = 4;

        private byte[] _message;
        private int _length;
        private int _at;
        private int _section;
        private int _leftInSection;
        private int _flags;
        private int _optClass;
        private uint _optTtl;

        /// <summary>The message being read.</summary>
        public byte[] Message { get { return _message; } }

        /// <summary>Its length in bytes.</summary>
        public int MessageLength { get { return _length; } }

        /// <summary>True once something did not fit the message or was not well formed (the walk stops there).</summary>
        public bool Malformed { get { return (_flags & FlagMalformed) != 0; } }

        /// <summary>The section of the current entry.</summary>
        public DnsSection Section { get { return (DnsSection)_section; } }

        /// <summary>Where the current entry's name starts (pass to <see cref="DnsName"/> with the message).</summary>
        public int NameOffset;

        /// <summary>The current entry's TYPE (QTYPE for a question).</summary>
        public int Type;

        /// <summary>The current entry's CLASS (QCLASS for a question; the UDP payload size for OPT).</summary>
        public int Class;

        /// <summary>The current record's TTL in seconds (RFC 2181 §8: a value with the top bit set reads as 0).</summary>
        public uint Ttl { get { return (RawTtl & 0x80000000) != 0 ? 0 : RawTtl; } }

        /// <summary>The current record's raw 32-bit TTL field (OPT packs the extended RCODE, version and DO bit here).</summary>
        public uint RawTtl;

        /// <summary>Where the current record's RDATA starts.</summary>
        public int DataOffset;

        /// <summary>RDLENGTH of the current record.</summary>
        public int DataLength;

        /// <summary>After the walk: an OPT record was in the additional section (EDNS0, RFC 6891).</summary>
        public bool HasOpt { get { return (_flags & FlagOptSeen) != 0; } }

        /// <summary>After the walk: the requestor's UDP payload size from OPT (values below 512 read as 512, RFC 6891 §6.2.3); 512 without OPT.</summary>
        public int OptUdpPayloadSize { get { return HasOpt && _optClass > 512 ? _optClass : 512; } }

        /// <summary>After the walk: the OPT record's EDNS version (0 is the only one defined).</summary>
        public int OptVersion { get { return (int)((_optTtl >> 16) & 0xFF); } }

        /// <summary>After the walk: the DO bit of the OPT record (RFC 3225).</summary>
        public bool OptDnssecOk { get { return (_optTtl & 0x8000) != 0; } }

        /// <summary>After the walk: the OPT record's upper 8 bits of the extended RCODE.</summary>
        public int OptExtendedRcode { get { return (int)(_optTtl >> 24); } }

        /// <summary>After the walk: more than one OPT record, or one not in the additional section or not at the root (FORMERR, RFC 6891 §6.1.1).</summary>
        public bool OptMalformed { get { return (_flags & FlagOptMalformed) != 0; } }

        /// <summary>
        /// Starts reading the <paramref name="length"/>-byte message in <paramref name="message"/> (from index 0). False
        /// (and Malformed) when it is shorter than a header.
        /// </summary>
        public bool Begin(byte[] message, int length)
        {
            _message = message;
            _length = message == null ? 0 : (length > message.Length ? message.Length : length);
            _flags = _length < DnsHeader.Length ? FlagMalformed : 0;
            _optClass = 0;
            _optTtl = 0;
            _at = DnsHeader.Length;
            _section = 0;
            _leftInSection = Malformed ? 0 : DnsHeader.GetQuestionCount(message);
            NameOffset = -1;
            return !Malformed;
        }

        /// <summary>Bytes read so far (where the next entry would start).</summary>
        public int Position { get { return _at; } }

        /// <summary>
        /// Moves to the next entry (question or record, in message order); false at the end of the message or when it is
        /// malformed (see <see cref="Malformed"/>). Read the entry's fields after a true.
        /// </summary>
        public bool Next()
        {
            if (Malformed)
            {
                return false;
            }
            while (_leftInSection == 0)
            {
                if (_section == 3)
                {
                    return false;
                }
                _section++;
                _leftInSection = _section == 1 ? DnsHeader.GetAnswerCount(_message)
                    : _section == 2 ? DnsHeader.GetAuthorityCount(_message) : DnsHeader.GetAdditionalCount(_message);
            }
            _leftInSection--;
            int nameEnd = DnsName.Skip(_message, _length, _at);
            if (nameEnd < 0)
            {
                return Fail();
            }
            NameOffset = _at;
            if (_section == 0)
            {
                if (nameEnd + 4 > _length)
                {
                    return Fail();
                }
                Type = BigEndian.ReadUInt16(_message, nameEnd);
                Class = BigEndian.ReadUInt16(_message, nameEnd + 2);
                RawTtl = 0;
                DataOffset = nameEnd + 4;
                DataLength = 0;
                _at = nameEnd + 4;
                return true;
            }
            if (nameEnd + 10 > _length)
            {
                return Fail();
            }
            Type = BigEndian.ReadUInt16(_message, nameEnd);
            Class = BigEndian.ReadUInt16(_message, nameEnd + 2);
            RawTtl = BigEndian.ReadUInt32(_message, nameEnd + 4);
            DataLength = BigEndian.ReadUInt16(_message, nameEnd + 8);
            DataOffset = nameEnd + 10;
            if (DataOffset + DataLength > _length)
            {
                return Fail();
            }
            _at = DataOffset + DataLength;
            if (Type == DnsType.OPT)
            {
                NoteOpt();
            }
            return true;
        }

        /// <summary>Reads the whole message to its end; true when every entry was well formed (OPT fields are then set).</summary>
        public bool SkipToEnd()
        {
            while (Next())
            {
            }
            return !Malformed;
        }

        /// <summary>The IPv4 address in the current A record (host order); 0 when it is not one of 4 bytes.</summary>
        public uint ReadAddress()
        {
            if (Type != DnsType.A || DataLength != 4)
            {
                return 0;
            }
            return BigEndian.ReadUInt32(_message, DataOffset);
        }

        private void NoteOpt()
        {
            if ((_flags & FlagOptSeen) != 0 || _section != 3 || _message[NameOffset] != 0)
            {
                _flags |= FlagOptMalformed;
                return;
            }
            _flags |= FlagOptSeen;
            _optClass = Class;
            _optTtl = RawTtl;
        }

        private bool Fail()
        {
            _flags |= FlagMalformed;
            _leftInSection = 0;
            _section = 3;
            return false;
        }
    }
}
