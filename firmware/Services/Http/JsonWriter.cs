namespace Firmware.Services.Http
{
    /// <summary>
    /// Writes JSON (RFC 8259) into a <see cref="ByteWriter"/>'s region without reflection or allocation: objects,
    /// arrays, names, integers, fixed-point numbers, booleans, null and escaped strings; commas are placed for you.
    /// Up to 62 levels of nesting. A misuse (a value where a name is due, an unbalanced end) or a full buffer sets
    /// <see cref="ByteWriter.Overflowed"/>, so the content is never sent half-formed.
    /// </summary>
    public class JsonWriter : ByteWriter
    {
        private const int MaxDepth = 62;
        private static readonly byte[] TrueBytes = { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] FalseBytes = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
        private static readonly byte[] NullBytes = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };

        // Bit d: the container at depth d already holds an item (the next one needs a comma).
        private long _hasItem;
        // Bit d: the container at depth d is an object (names are due in it).
        private long _isObject;
        private int _depth;
        private bool _afterName;

        /// <summary>A writer with no buffer yet (see <see cref="ByteWriter.Attach"/>).</summary>
        public JsonWriter()
        {
        }

        /// <summary>A writer over the whole of <paramref name="buffer"/>.</summary>
        public JsonWriter(byte[] buffer) : base(buffer)
        {
        }

        /// <summary>Nesting depth: 0 at the top level.</summary>
        public int Depth { get { return _depth; } }

        /// <summary>True when every object and array begun has been ended and no name waits for its value.</summary>
        public bool IsComplete { get { return _depth == 0 && !_afterName; } }

        /// <inheritdoc />
        public override void Clear()
        {
            base.Clear();
            _hasItem = 0;
            _isObject = 0;
            _depth = 0;
            _afterName = false;
        }

        /// <summary>Begins an object: <c>{</c>.</summary>
        public bool BeginObject()
        {
            return Open((byte)'{', true);
        }

        /// <summary>Ends the current object: <c>}</c>.</summary>
        public bool EndObject()
        {
            return Close((byte)'}', true);
        }

        /// <summary>
        /// Continues, at the top of a fresh writer, an object whose <c>{</c> and first members an earlier piece of a
        /// streamed document wrote (see <see cref="JsonStreamSource"/>): members written next are preceded by commas,
        /// and <see cref="EndObject"/> closes it. Writes nothing itself.
        /// </summary>
        public bool ResumeObject()
        {
            if (_depth >= MaxDepth || _afterName)
            {
                return Fail();
            }
            _depth++;
            long bit = 1L << _depth;
            _hasItem |= bit;
            _isObject |= bit;
            return true;
        }

        /// <summary>Begins an array: <c>[</c>.</summary>
        public bool BeginArray()
        {
            return Open((byte)'[', false);
        }

        /// <summary>Ends the current array: <c>]</c>.</summary>
        public bool EndArray()
        {
            return Close((byte)']', false);
        }

        /// <summary>Writes a member name inside an object (escaped); the value comes next.</summary>
        public bool Name(string name)
        {
            if (!BeforeName())
            {
                return false;
            }
            return WriteString(name) && WriteByte((byte)':') && NameWritten();
        }

        /// <summary>Writes a member name given as UTF-8 bytes (escaped); the value comes next.</summary>
        public bool Name(byte[] name)
        {
            if (!BeforeName())
            {
                return false;
            }
            return WriteString(name, 0, name.Length) && WriteByte((byte)':') && NameWritten();
        }

        /// <summary>Writes an integer value.</summary>
        public bool Value(long value)
        {
            return BeforeValue() && WriteDecimal(value);
        }

        /// <summary>Writes true or false.</summary>
        public bool Value(bool value)
        {
            return BeforeValue() && Write(value ? TrueBytes : FalseBytes);
        }

        /// <summary>Writes a string value (escaped; null writes null).</summary>
        public bool Value(string value)
        {
            if (value == null)
            {
                return Null();
            }
            return BeforeValue() && WriteString(value);
        }

        /// <summary>Writes a string value from UTF-8 bytes (escaped).</summary>
        public bool StringValue(byte[] utf8, int offset, int count)
        {
            return BeforeValue() && WriteString(utf8, offset, count);
        }

        /// <summary>Writes an IPv4 address (host order) as a dotted-quad string value.</summary>
        public bool Ipv4Value(uint address)
        {
            return BeforeValue() && WriteByte((byte)'"') && WriteIpv4(address) && WriteByte((byte)'"');
        }

        /// <summary>
        /// Writes a number with <paramref name="decimals"/> fixed decimals from an integer scaled by 10^decimals
        /// (1234, 2 → 12.34): fractions without floating point.
        /// </summary>
        public bool FixedValue(long scaled, int decimals)
        {
            if (decimals <= 0)
            {
                return Value(scaled);
            }
            if (decimals > 18 || !BeforeValue())
            {
                return Fail();
            }
            long unit = 1;
            for (int i = 0; i < decimals; i++) { unit *= 10; }
            long whole = scaled / unit;
            long fraction = scaled % unit;
            if (fraction < 0) { fraction = -fraction; }
            bool negative = scaled < 0 && whole == 0;
            if (!Reserve((negative ? 1 : 0) + HttpAscii.DecimalLength(whole) + 1 + decimals))
            {
                return false;
            }
            if (negative) { Put((byte)'-'); }
            WriteDecimal(whole);
            Put((byte)'.');
            for (long d = unit / 10; d >= 1; d /= 10)
            {
                Put((byte)('0' + (int)(fraction / d % 10)));
            }
            return true;
        }

        /// <summary>Writes null.</summary>
        public bool Null()
        {
            return BeforeValue() && Write(NullBytes);
        }

        /// <summary>Writes already-encoded JSON (a number, a literal, a nested document) as one value, unchecked.</summary>
        public bool RawValue(byte[] json, int offset, int count)
        {
            return BeforeValue() && Write(json, offset, count);
        }

        /// <summary>Name and integer value.</summary>
        public bool Property(string name, long value)
        {
            return Name(name) && Value(value);
        }

        /// <summary>Name and boolean value.</summary>
        public bool Property(string name, bool value)
        {
            return Name(name) && Value(value);
        }

        /// <summary>Name and string value.</summary>
        public bool Property(string name, string value)
        {
            return Name(name) && Value(value);
        }

        private bool Open(byte bracket, bool isObject)
        {
            if (_depth >= MaxDepth || !BeforeValue() || !WriteByte(bracket))
            {
                return Fail();
            }
            _depth++;
            long bit = 1L << _depth;
            _hasItem &= ~bit;
            if (isObject) { _isObject |= bit; } else { _isObject &= ~bit; }
            return true;
        }

        private bool Close(byte bracket, bool isObject)
        {
            long bit = 1L << _depth;
            if (_depth == 0 || _afterName || ((_isObject & bit) != 0) != isObject || !WriteByte(bracket))
            {
                return Fail();
            }
            _depth--;
            return true;
        }

        private bool BeforeName()
        {
            long bit = 1L << _depth;
            if (_depth == 0 || _afterName || (_isObject & bit) == 0)
            {
                return Fail();
            }
            if ((_hasItem & bit) != 0 && !WriteByte((byte)','))
            {
                return false;
            }
            _hasItem |= bit;
            return true;
        }

        private bool NameWritten()
        {
            _afterName = true;
            return true;
        }

        private bool BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return true;
            }
            long bit = 1L << _depth;
            if (_depth > 0 && (_isObject & bit) != 0)
            {
                // A value inside an object needs its name first.
                return Fail();
            }
            if ((_hasItem & bit) != 0 && !WriteByte((byte)','))
            {
                return false;
            }
            _hasItem |= bit;
            return true;
        }

        private bool Fail()
        {
            Reserve(int.MaxValue);
            return false;
        }

        private bool WriteString(string text)
        {
            if (!WriteByte((byte)'"'))
            {
                return false;
            }
            int n = text.Length;
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
                {
                    if (!WriteByte((byte)c)) { return false; }
                }
                else if (!Escape(c))
                {
                    return false;
                }
            }
            return WriteByte((byte)'"');
        }

        private bool WriteString(byte[] utf8, int offset, int count)
        {
            if (!WriteByte((byte)'"'))
            {
                return false;
            }
            int end = offset + count;
            int run = offset;
            for (int i = offset; i < end; i++)
            {
                byte b = utf8[i];
                if (b < 0x20 || b == '"' || b == '\\')
                {
                    // Bytes ≥ 0x80 are UTF-8 and pass through; copy the clean run, then the escape.
                    if (!Write(utf8, run, i - run) || !Escape((char)b))
                    {
                        return false;
                    }
                    run = i + 1;
                }
            }
            return Write(utf8, run, end - run) && WriteByte((byte)'"');
        }

        /// <summary>RFC 8259 §7: the two-character escapes, and \u00XX (or \uXXXX beyond ASCII) for the rest.</summary>
        private bool Escape(char c)
        {
            byte short2 = 0;
            switch (c)
            {
                case '"': short2 = (byte)'"'; break;
                case '\\': short2 = (byte)'\\'; break;
                case '\n': short2 = (byte)'n'; break;
                case '\r': short2 = (byte)'r'; break;
                case '\t': short2 = (byte)'t'; break;
                case '\b': short2 = (byte)'b'; break;
                case '\f': short2 = (byte)'f'; break;
            }
            if (short2 != 0)
            {
                if (!Reserve(2)) { return false; }
                Put((byte)'\\');
                Put(short2);
                return true;
            }
            if (!Reserve(6))
            {
                return false;
            }
            Put((byte)'\\');
            Put((byte)'u');
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                int d = (c >> shift) & 0xF;
                Put((byte)(d < 10 ? '0' + d : 'a' + d - 10));
            }
            return true;
        }
    }
}
