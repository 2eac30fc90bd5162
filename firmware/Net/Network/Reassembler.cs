using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;

namespace Firmware.Net.Network
{
    /// <summary>
    /// IPv4 fragment reassembly (RFC 791 §3.2, RFC 815) into a fixed pool of slots, each a payload buffer and a
    /// bit map of the 8-byte blocks received. Duplicates and overlaps rewrite blocks already counted, so they can
    /// neither complete a datagram early nor write outside the buffer. A slot lives at most the timeout
    /// after its first fragment.
    /// </summary>
    public class Reassembler
    {
        // Keep the first fragment's IP header (≤ 60 bytes) and 8 payload bytes: what an ICMP time exceeded quotes (RFC 792).
        private const int QuoteBytes = Ipv4Header.MaxLength + 8;

        private readonly Ipv4Counters _counters;
        private readonly int _slots;
        private readonly int _capacityBytes;
        private readonly int _timeoutMs;
        private readonly bool[] _inUse;
        private readonly uint[] _source;
        private readonly uint[] _destination;
        private readonly int[] _identification;
        private readonly byte[] _protocol;
        private readonly long[] _deadlineMs;
        private readonly int[] _totalBytes;
        private readonly int[] _blocksReceived;
        private readonly int[] _maxEndBytes;
        private readonly byte[][] _buffers;
        private readonly byte[][] _blockMaps;
        private readonly byte[][] _quotes;
        private readonly int[] _quoteLength;

        /// <summary>Allocates <see cref="StackConfig.ReassemblySlots"/> buffers of <see cref="StackConfig.ReassemblyBufferBytes"/>.</summary>
        public Reassembler(StackConfig config, Ipv4Counters counters)
        {
            _counters = counters;
            _slots = config.ReassemblySlots;
            _capacityBytes = config.ReassemblyBufferBytes;
            _timeoutMs = config.ReassemblyTimeoutMs;
            _inUse = new bool[_slots];
            _source = new uint[_slots];
            _destination = new uint[_slots];
            _identification = new int[_slots];
            _protocol = new byte[_slots];
            _deadlineMs = new long[_slots];
            _totalBytes = new int[_slots];
            _blocksReceived = new int[_slots];
            _maxEndBytes = new int[_slots];
            _buffers = new byte[_slots][];
            _blockMaps = new byte[_slots][];
            _quotes = new byte[_slots][];
            _quoteLength = new int[_slots];
            for (int i = 0; i < _slots; i++)
            {
                _buffers[i] = new byte[_capacityBytes];
                // One bit per 8-byte block: 66 bytes of map for a 4200-byte buffer.
                _blockMaps[i] = new byte[((_capacityBytes + 7) / 8 + 7) / 8];
                _quotes[i] = new byte[QuoteBytes];
            }
        }

        /// <summary>Slots holding a partial datagram now.</summary>
        public int SlotsInUse
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _slots; i++)
                {
                    if (_inUse[i])
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        /// <summary>
        /// Adds the fragment whose checked IPv4 header is at <paramref name="ipOffset"/>. Returns the slot whose
        /// datagram this completed (read it with <see cref="GetBuffer"/>/<see cref="GetLength"/>, then
        /// <see cref="Release"/> it), or -1 (kept for later, or dropped and counted).
        /// </summary>
        public int Add(byte[] b, int ipOffset, long nowMs)
        {
            int headerLength = Ipv4Header.GetHeaderLength(b, ipOffset);
            int payloadLength = Ipv4Header.GetTotalLength(b, ipOffset) - headerLength;
            int fragmentOffset = Ipv4Header.GetFragmentOffsetBytes(b, ipOffset);
            bool more = Ipv4Header.GetMoreFragments(b, ipOffset);
            uint source = Ipv4Header.GetSource(b, ipOffset);
            uint destination = Ipv4Header.GetDestination(b, ipOffset);
            int identification = Ipv4Header.GetIdentification(b, ipOffset);
            byte protocol = Ipv4Header.GetProtocol(b, ipOffset);

            int slot = Find(source, destination, identification, protocol);
            // RFC 791: every fragment but the last carries a multiple of 8 bytes; an empty one carries nothing.
            if (payloadLength == 0 || (more && (payloadLength & 7) != 0))
            {
                Fail(slot);
                return -1;
            }
            int end = fragmentOffset + payloadLength;
            if (end > _capacityBytes)
            {
                _counters.ReassemblyTooLarge++;
                Fail(slot);
                return -1;
            }
            if (slot < 0)
            {
                slot = Claim(nowMs);
                if (slot < 0)
                {
                    _counters.ReassemblyPoolFull++;
                    return -1;
                }
                _source[slot] = source;
                _destination[slot] = destination;
                _identification[slot] = identification;
                _protocol[slot] = protocol;
            }
            int total = _totalBytes[slot];
            if (!more)
            {
                // The last fragment fixes the length; a second, different last fragment is a lie.
                if ((total >= 0 && total != end) || _maxEndBytes[slot] > end)
                {
                    Fail(slot);
                    return -1;
                }
                _totalBytes[slot] = end;
                total = end;
            }
            else if (total >= 0 && end > total)
            {
                Fail(slot);
                return -1;
            }
            if (end > _maxEndBytes[slot])
            {
                _maxEndBytes[slot] = end;
            }
            if (fragmentOffset == 0)
            {
                int quote = headerLength + (payloadLength < 8 ? payloadLength : 8);
                System.Array.Copy(b, ipOffset, _quotes[slot], 0, quote);
                _quoteLength[slot] = quote;
            }
            System.Array.Copy(b, ipOffset + headerLength, _buffers[slot], fragmentOffset, payloadLength);
            byte[] map = _blockMaps[slot];
            int lastBlock = (end + 7) / 8;
            int added = 0;
            for (int block = fragmentOffset / 8; block < lastBlock; block++)
            {
                int bit = 1 << (block & 7);
                if ((map[block >> 3] & bit) == 0)
                {
                    map[block >> 3] |= (byte)bit;
                    added++;
                }
            }
            _blocksReceived[slot] += added;
            if (total >= 0 && _blocksReceived[slot] == (total + 7) / 8)
            {
                _counters.Reassembled++;
                return slot;
            }
            return -1;
        }

        /// <summary>The completed payload's buffer (payload at offset 0).</summary>
        public byte[] GetBuffer(int slot)
        {
            return _buffers[slot];
        }

        /// <summary>The completed payload's length in bytes.</summary>
        public int GetLength(int slot)
        {
            return _totalBytes[slot];
        }

        /// <summary>The first fragment's IP header and 8 payload bytes (for an ICMP error quoting the datagram).</summary>
        public byte[] GetQuote(int slot)
        {
            return _quotes[slot];
        }

        /// <summary>Bytes in <see cref="GetQuote"/>; 0 when the first fragment never came.</summary>
        public int GetQuoteLength(int slot)
        {
            return _quoteLength[slot];
        }

        /// <summary>Frees a slot after its datagram was delivered.</summary>
        public void Release(int slot)
        {
            _inUse[slot] = false;
        }

        /// <summary>
        /// Returns the next slot past its deadline (counted as a failure; read its quote, then
        /// <see cref="Release"/> it), or -1.
        /// </summary>
        public int TakeExpired(long nowMs)
        {
            for (int i = 0; i < _slots; i++)
            {
                if (_inUse[i] && nowMs >= _deadlineMs[i])
                {
                    _counters.ReassemblyFailures++;
                    return i;
                }
            }
            return -1;
        }

        /// <summary>The earliest reassembly deadline (absolute ms), long.MaxValue for none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long deadline = long.MaxValue;
                for (int i = 0; i < _slots; i++)
                {
                    if (_inUse[i] && _deadlineMs[i] < deadline)
                    {
                        deadline = _deadlineMs[i];
                    }
                }
                return deadline;
            }
        }

        private int Find(uint source, uint destination, int identification, byte protocol)
        {
            // RFC 791: a datagram is identified by source, destination, protocol and identification.
            for (int i = 0; i < _slots; i++)
            {
                if (_inUse[i] && _identification[i] == identification && _source[i] == source
                    && _destination[i] == destination && _protocol[i] == protocol)
                {
                    return i;
                }
            }
            return -1;
        }

        private int Claim(long nowMs)
        {
            for (int i = 0; i < _slots; i++)
            {
                if (!_inUse[i])
                {
                    _inUse[i] = true;
                    _deadlineMs[i] = nowMs + _timeoutMs;
                    _totalBytes[i] = -1;
                    _blocksReceived[i] = 0;
                    _maxEndBytes[i] = 0;
                    _quoteLength[i] = 0;
                    System.Array.Clear(_blockMaps[i], 0, _blockMaps[i].Length);
                    return i;
                }
            }
            return -1;
        }

        private void Fail(int slot)
        {
            _counters.ReassemblyFailures++;
            if (slot >= 0)
            {
                _inUse[slot] = false;
            }
        }
    }
}
