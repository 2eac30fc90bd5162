using System;

namespace Firmware.Net.Storage
{
    /// <summary>
    /// Tracks which byte ranges of data that arrived out of order are present, as offsets from the next expected
    /// byte, in a fixed number of ranges (so at most that many holes). The bytes themselves wait in a
    /// <see cref="RingBuffer"/>'s free space; this only remembers where they are.
    /// </summary>
    public class Assembler
    {
        private readonly int[] _start;
        private readonly int[] _end;
        private int _count;

        /// <summary>Allocates room for <paramref name="maxRanges"/> separate ranges.</summary>
        public Assembler(int maxRanges)
        {
            if (maxRanges <= 0)
            {
                throw new ArgumentOutOfRangeException("maxRanges");
            }
            _start = new int[maxRanges];
            _end = new int[maxRanges];
        }

        /// <summary>Ranges currently held.</summary>
        public int RangeCount { get { return _count; } }

        /// <summary>True when nothing is held.</summary>
        public bool IsEmpty { get { return _count == 0; } }

        /// <summary>Start offset of range <paramref name="index"/> (for diagnostics and tests).</summary>
        public int GetStart(int index) { return _start[index]; }

        /// <summary>End offset (exclusive) of range <paramref name="index"/>.</summary>
        public int GetEnd(int index) { return _end[index]; }

        /// <summary>Forgets every range.</summary>
        public void Clear()
        {
            _count = 0;
        }

        /// <summary>
        /// Records [<paramref name="offset"/>, offset + <paramref name="length"/>) as present, merging with
        /// overlapping or adjacent ranges. False (nothing recorded) when it would need more ranges than there are.
        /// </summary>
        public bool Add(int offset, int length)
        {
            if (offset < 0 || length <= 0)
            {
                return length == 0 && offset >= 0;
            }
            int start = offset;
            int end = offset + length;
            // First range that ends at or after our start: everything before it stays.
            int first = 0;
            while (first < _count && _end[first] < start)
            {
                first++;
            }
            // Ranges [first, last) touch or overlap ours and merge into one.
            int last = first;
            while (last < _count && _start[last] <= end)
            {
                if (_start[last] < start)
                {
                    start = _start[last];
                }
                if (_end[last] > end)
                {
                    end = _end[last];
                }
                last++;
            }
            int merged = last - first;
            if (merged == 0)
            {
                if (_count == _start.Length)
                {
                    return false;
                }
                for (int i = _count; i > first; i--)
                {
                    _start[i] = _start[i - 1];
                    _end[i] = _end[i - 1];
                }
                _count++;
            }
            else if (merged > 1)
            {
                int shift = merged - 1;
                for (int i = first + 1; i + shift < _count; i++)
                {
                    _start[i] = _start[i + shift];
                    _end[i] = _end[i + shift];
                }
                _count -= shift;
            }
            _start[first] = start;
            _end[first] = end;
            return true;
        }

        /// <summary>
        /// When a range starts at offset 0, removes it, moves every other range down by its length and returns
        /// that length (the bytes now contiguous); 0 otherwise.
        /// </summary>
        public int TakeFront()
        {
            if (_count == 0 || _start[0] != 0)
            {
                return 0;
            }
            int length = _end[0];
            for (int i = 1; i < _count; i++)
            {
                _start[i - 1] = _start[i] - length;
                _end[i - 1] = _end[i] - length;
            }
            _count--;
            return length;
        }
    }
}
