using System;

namespace Firmware.Services.Http
{
    /// <summary>
    /// Appends bytes, ASCII text and numbers to a fixed region of a byte array. Each call writes all of its item
    /// or nothing: when the item does not fit, <see cref="Overflowed"/> is set and the call returns false (the
    /// HTTP server then answers 500 instead of a truncated body). Allocation-free.
    /// </summary>
    public class ByteWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _limit;
        private bool _overflowed;

        /// <summary>A writer with no buffer yet (see <see cref="Attach"/>).</summary>
        public ByteWriter()
        {
        }

        /// <summary>A writer over the whole of <paramref name="buffer"/>.</summary>
        public ByteWriter(byte[] buffer)
        {
            Attach(buffer, 0, buffer.Length);
        }

        /// <summary>Writes from now on into <paramref name="buffer"/>[offset, offset+count), from its start.</summary>
        public void Attach(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            _buffer = buffer;
            _start = offset;
            _limit = offset + count;
            Clear();
        }

        /// <summary>The array written into.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Where the written bytes start in <see cref="Buffer"/>.</summary>
        public int Offset { get { return _start; } }

        /// <summary>Bytes written.</summary>
        public int Length { get { return _position - _start; } }

        /// <summary>Bytes still free.</summary>
        public int Remaining { get { return _limit - _position; } }

        /// <summary>True once an item did not fit (the content is incomplete).</summary>
        public bool Overflowed { get { return _overflowed; } }

        /// <summary>Forgets what was written.</summary>
        public virtual void Clear()
        {
            _position = _start;
            _overflowed = false;
        }

        /// <summary>Appends one byte.</summary>
        public bool WriteByte(byte value)
        {
            if (!Reserve(1))
            {
                return false;
            }
            _buffer[_position++] = value;
            return true;
        }

        /// <summary>Appends all of <paramref name="data"/>.</summary>
        public bool Write(byte[] data)
        {
            return Write(data, 0, data.Length);
        }

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public bool Write(byte[] data, int offset, int count)
        {
            if (!Reserve(count))
            {
                return false;
            }
            Array.Copy(data, offset, _buffer, _position, count);
            _position += count;
            return true;
        }

        /// <summary>Appends an ASCII string (characters above 0x7E become '?'). On the device prefer byte[]: indexing a string walks it.</summary>
        public bool WriteAscii(string text)
        {
            int n = text.Length;
            if (!Reserve(n))
            {
                return false;
            }
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                _buffer[_position++] = c < 0x7F ? (byte)c : (byte)'?';
            }
            return true;
        }

        /// <summary>Appends <paramref name="value"/> in decimal.</summary>
        public bool WriteDecimal(long value)
        {
            if (!Reserve(HttpAscii.DecimalLength(value)))
            {
                return false;
            }
            _position += HttpAscii.WriteDecimal(_buffer, _position, value);
            return true;
        }

        /// <summary>Appends an IPv4 address given in host order as a dotted quad (10.0.0.2).</summary>
        public bool WriteIpv4(uint address)
        {
            int length = 3;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                length += HttpAscii.DecimalLength((address >> shift) & 0xFF);
            }
            if (!Reserve(length))
            {
                return false;
            }
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                _position += HttpAscii.WriteDecimal(_buffer, _position, (address >> shift) & 0xFF);
                if (shift > 0)
                {
                    _buffer[_position++] = (byte)'.';
                }
            }
            return true;
        }

        /// <summary>True when <paramref name="count"/> more bytes fit; otherwise marks the writer overflowed.</summary>
        protected bool Reserve(int count)
        {
            if (_buffer == null || count > _limit - _position)
            {
                _overflowed = true;
                return false;
            }
            return true;
        }

        /// <summary>Writes one byte after a successful <see cref="Reserve"/>.</summary>
        protected void Put(byte value)
        {
            _buffer[_position++] = value;
        }
    }
}
