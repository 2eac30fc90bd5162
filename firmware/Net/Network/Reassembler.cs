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
        // Each slot's numbers, side by side in one array (on the interpreter every array is a heap block of its own):
        // in use (0/1), source, destination, identification, protocol, total bytes (-1 until the last fragment),
        // 8-byte blocks received, the largest end seen, the quote's length.
        private const int InUseAt = 0;
        private const int SourceAt = 1;
        private const int DestinationAt = 2;
        private const int IdentificationAt = 3;
        private const int ProtocolAt = 4;
        private const int TotalBytesAt = 5;
        private const int BlocksReceivedAt = 6;
        private const int MaxEndBytesAt = 7;
        private const int QuoteLengthAt = 8;
        private const int Stride = 9;

        private readonly int[] _slotInts;
        private readonly long[] _deadlineMs;
        // Each slot's payload buffer, with its bit map of blocks received after the payload's capacity (one array less a slot).
        private readonly byte[][] _buffers;
        private readonly byte[][] _quotes;

        /// <summary>Allocates <see cref="StackConfig.ReassemblySlots"/> buffers of <see cref="StackConfig.ReassemblyBufferBytes"/>.</summary>
        public Reassembler(StackConfig config, Ipv4Counters counters)
        {
            _counters = counters;
            _slots = config.ReassemblySlots;
            _capacityBytes = config.ReassemblyBufferBytes;
            _timeoutMs = config.ReassemblyTimeoutMs;
            _slotInts = new int[_slots * Stride];
            _deadlineMs = new long[_slots];
            _buffers = new byte[_slots][];
            _quotes = new byte[_slots][];
            for (int i = 0; i < _slots; i++)
            {
                // The payload, then one bit per 8-byte block: 66 bytes of map for a 4200-byte buffer.
                _buffers[i] = new byte[_capacityBytes + ((_capacityBytes + 7) / 8 + 7) / 8];
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
                    if (_slotInts[i * Stride + InUseAt] != 0)
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
                int at = slot * Stride;
                _slotInts[at + SourceAt] = (int)source;
                _slotInts[at + DestinationAt] = (int)destination;
                _slotInts[at + IdentificationAt] = identification;
                _slotInts[at + ProtocolAt] = protocol;
            }
            int state = slot * Stride;
            int total = _slotInts[state + TotalBytesAt];
            if (!more)
            {
                // The last fragment fixes the length; a second, different last fragment is a lie.
                if ((total >= 0 && total != end) || _slotInts[state + MaxEndBytesAt] > end)
                {
                    Fail(slot);
                    return -1;
                }
                _slotInts[state + TotalBytesAt] = end;
                total = end;
            }
            else if (total >= 0 && end > total)
            {
                Fail(slot);
                return -1;
            }
            if (end > _slotInts[state + MaxEndBytesAt])
            {
                _slotInts[state + MaxEndBytesAt] = end;
            }
            if (fragmentOffset == 0)
            {
                int quote = headerLength + (payloadLength < 8 ? payloadLength : 8);
                System.Array.Copy(b, ipOffset, _quotes[slot], 0, quote);
                _slotInts[state + QuoteLengthAt] = quote;
            }
            System.Array.Copy(b, ipOffset + headerLength, _buffers[slot], fragmentOffset, payloadLength);
            byte[] map = _buffers[slot];
            int mapAt = _capacityBytes;
            int lastBlock = (end + 7) / 8;
            int added = 0;
            for (int block = fragmentOffset / 8; block < lastBlock; block++)
            {
                int bit = 1 << (block & 7);
                if ((map[mapAt + (block >> 3)] & bit) == 0)
                {
                    map[mapAt + (block >> 3)] |= (byte)bit;
                    added++;
                }
            }
            _slotInts[state + BlocksReceivedAt] += added;
            if (total >= 0 && _slotInts[state + BlocksReceivedAt] == (total + 7) / 8)
            {
                _counters.Reassembled++;
                return slot;
            }
            return -1;
        }

        /// <summary>The completed payload's buffer (payload at offset 0; its block map follows the payload's capacity).</summary>
        public byte[] GetBuffer(int slot)
        {
            return _buffers[slot];
        }

        /// <summary>The completed payload's length in bytes.</summary>
        public int GetLength(int slot)
        {
            return _slotInts[slot * Stride + TotalBytesAt];
        }

        /// <summary>The first fragment's IP header and 8 payload bytes (for an ICMP error quoting the datagram).</summary>
        public byte[] GetQuote(int slot)
        {
            return _quotes[slot];
        }

        /// <summary>Bytes in <see cref="GetQuote"/>; 0 when the first fragment never came.</summary>
        public int GetQuoteLength(int slot)
        {
            return _slotInts[slot * Stride + QuoteLengthAt];
        }

        /// <summary>Frees a slot after its datagram was delivered.</summary>
        public void Release(int slot)
        {
            _slotInts[slot * Stride + InUseAt] = 0;
        }

        /// <summary>
        /// Returns the next slot past its deadline (counted as a failure; read its quote, then
        /// <see cref="Release"/> it), or -1.
        /// </summary>
        public int TakeExpired(long nowMs)
        {
            for (int i = 0; i < _slots; i++)
            {
                if (_slotInts[i * Stride + InUseAt] != 0 && nowMs >= _deadlineMs[i])
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
                    if (_slotInts[i * Stride + InUseAt] != 0 && _deadlineMs[i] < deadline)
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
                int at = i * Stride;
                if (_slotInts[at + InUseAt] != 0 && _slotInts[at + IdentificationAt] == identification && (uint)_slotInts[at + SourceAt] == source
                    && (uint)_slotInts[at + DestinationAt] == destination && _slotInts[at + ProtocolAt] == protocol)
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
                int at = i * Stride;
                if (_slotInts[at + InUseAt] == 0)
                {
                    _slotInts[at + InUseAt] = 1;
                    _deadlineMs[i] = nowMs + _timeoutMs;
                    _slotInts[at + TotalBytesAt] = -1;
                    _slotInts[at + BlocksReceivedAt] = 0;
                    _slotInts[at + MaxEndBytesAt] = 0;
                    _slotInts[at + QuoteLengthAt] = 0;
                    System.Array.Clear(_buffers[i], _capacityBytes, _buffers[i].Length - _capacityBytes);
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
                _slotInts[slot * Stride + InUseAt] = 0;
            }
        }
    }
}
