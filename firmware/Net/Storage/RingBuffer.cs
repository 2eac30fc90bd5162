using System;

namespace Firmware.Net.Storage
{
    /// <summary>
    /// A fixed byte ring: a stream of <see cref="Count"/> bytes from the read position, followed by free space.
    /// Besides append/read it can peek at any offset of the stream (TCP retransmission reads unacknowledged data
    /// from here) and write into the free space ahead of the stream without committing it (out-of-order data waits
    /// there until <see cref="Commit"/>). Copies with Array.Copy, at most two pieces per call.
    /// </summary>
    public class RingBuffer
    {
        private readonly byte[] _data;
        private int _read;
        private int _count;

        /// <summary>Allocates the ring once.</summary>
        public RingBuffer(int capacityBytes)
        {
            if (capacityBytes <= 0)
            {
                throw new ArgumentOutOfRangeException("capacityBytes");
            }
            _data = new byte[capacityBytes];
        }

        /// <summary>Size of the ring.</summary>
        public int Capacity { get { return _data.Length; } }

        /// <summary>Bytes in the stream.</summary>
        public int Count { get { return _count; } }

        /// <summary>Free bytes after the stream.</summary>
        public int Free { get { return _data.Length - _count; } }

        /// <summary>Empties the ring.</summary>
        public void Clear()
        {
            _read = 0;
            _count = 0;
        }

        /// <summary>Appends up to <paramref name="count"/> bytes; returns how many fitted.</summary>
        public int Write(byte[] source, int offset, int count)
        {
            if (count > Free)
            {
                count = Free;
            }
            if (count <= 0)
            {
                return 0;
            }
            CopyIn(_count, source, offset, count);
            _count += count;
            return count;
        }

        /// <summary>
        /// Copies <paramref name="count"/> bytes into the free space, <paramref name="aheadBytes"/> after the end of
        /// the stream, without making them part of it. False (nothing written) when they do not fit.
        /// </summary>
        public bool WriteAhead(int aheadBytes, byte[] source, int offset, int count)
        {
            if (aheadBytes < 0 || count < 0 || aheadBytes + count > Free)
            {
                return false;
            }
            if (count > 0)
            {
                CopyIn(_count + aheadBytes, source, offset, count);
            }
            return true;
        }

        /// <summary>Makes the next <paramref name="count"/> bytes written ahead part of the stream.</summary>
        public void Commit(int count)
        {
            if (count < 0 || count > Free)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            _count += count;
        }

        /// <summary>Removes and copies out up to <paramref name="count"/> bytes; returns how many.</summary>
        public int Read(byte[] destination, int offset, int count)
        {
            int n = Peek(0, destination, offset, count);
            Discard(n);
            return n;
        }

        /// <summary>Copies up to <paramref name="count"/> bytes starting <paramref name="skip"/> bytes into the stream, leaving them there.</summary>
        public int Peek(int skip, byte[] destination, int offset, int count)
        {
            if (skip < 0 || skip >= _count || count <= 0)
            {
                return 0;
            }
            if (count > _count - skip)
            {
                count = _count - skip;
            }
            int start = _read + skip;
            if (start >= _data.Length)
            {
                start -= _data.Length;
            }
            int first = _data.Length - start;
            if (first >= count)
            {
                Array.Copy(_data, start, destination, offset, count);
            }
            else
            {
                Array.Copy(_data, start, destination, offset, first);
                Array.Copy(_data, 0, destination, offset + first, count - first);
            }
            return count;
        }

        /// <summary>Drops up to <paramref name="count"/> bytes from the front; returns how many.</summary>
        public int Discard(int count)
        {
            if (count > _count)
            {
                count = _count;
            }
            if (count <= 0)
            {
                return 0;
            }
            _read += count;
            if (_read >= _data.Length)
            {
                _read -= _data.Length;
            }
            // No rewind to 0 when empty: bytes written ahead (out-of-order data) sit relative to the read position.
            _count -= count;
            return count;
        }

        private void CopyIn(int streamOffset, byte[] source, int offset, int count)
        {
            int start = _read + streamOffset;
            if (start >= _data.Length)
            {
                start -= _data.Length;
            }
            int first = _data.Length - start;
            if (first >= count)
            {
                Array.Copy(source, offset, _data, start, count);
            }
            else
            {
                Array.Copy(source, offset, _data, start, first);
                Array.Copy(source, offset + first, _data, 0, count - first);
            }
        }
    }
}
