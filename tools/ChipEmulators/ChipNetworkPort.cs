using System;
using Firmware.Hal;

namespace Firmware.ChipEmulators
{
    /// <summary>
    /// The cable side of an emulated chip, as an <see cref="IEthernetMac"/> that plugs into a virtual switch (or is
    /// bridged to one of its ports): <see cref="TryReceive"/> yields the frames the chip transmitted,
    /// <see cref="TrySend"/> puts a frame on the wire towards the chip (into its RX buffer if it has room).
    /// Frames waiting to leave sit in a fixed ring, so moving frames allocates nothing.
    /// </summary>
    public sealed class ChipNetworkPort : IEthernetMac
    {
        /// <summary>Frames the ring holds before it drops.</summary>
        public const int QueueFrames = 64;

        private const int SlotBytes = 1536;

        private readonly Func<byte[], int, int, bool> _toChip;
        private readonly Func<bool> _linkUp;
        private readonly byte[] _mac;
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private int _head;
        private int _count;

        internal ChipNetworkPort(byte[] mac, Func<byte[], int, int, bool> toChip, Func<bool> linkUp)
        {
            _mac = mac;
            _toChip = toChip;
            _linkUp = linkUp;
            _slots = new byte[QueueFrames][];
            for (int i = 0; i < QueueFrames; i++)
            {
                _slots[i] = new byte[SlotBytes];
            }

            _lengths = new int[QueueFrames];
        }

        /// <summary>The address the chip was configured with (kept up to date by the chip).</summary>
        public byte[] MacAddress
        {
            get { return _mac; }
        }

        /// <inheritdoc />
        public bool IsLinkUp
        {
            get { return _linkUp(); }
        }

        /// <summary>Frames waiting to be taken from the chip's transmitter.</summary>
        public int Pending
        {
            get { return _count; }
        }

        /// <summary>Frames the chip transmitted that were lost because nobody took them from the ring in time.</summary>
        public int DroppedQueueFull { get; private set; }

        /// <summary>A frame arrives from the wire at the chip. False when the chip dropped it (filter, no room, link down).</summary>
        public bool TrySend(byte[] frame, int offset, int length)
        {
            return _toChip(frame, offset, length);
        }

        /// <summary>Takes the oldest frame the chip transmitted.</summary>
        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            if (_count == 0)
            {
                return 0;
            }

            int length = _lengths[_head];
            byte[] slot = _slots[_head];
            _head = (_head + 1) % QueueFrames;
            _count--;
            if (length > capacity)
            {
                return 0;
            }

            Array.Copy(slot, 0, buffer, offset, length);
            return length;
        }

        // Called by the chip model when a frame leaves its transmitter.
        internal void Transmitted(byte[] frame, int offset, int length)
        {
            if (_count == QueueFrames || length > SlotBytes)
            {
                DroppedQueueFull++;
                return;
            }

            int tail = (_head + _count) % QueueFrames;
            Array.Copy(frame, offset, _slots[tail], 0, length);
            _lengths[tail] = length;
            _count++;
        }
    }
}
