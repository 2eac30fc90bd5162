using System;
using Firmware.Hal;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// One end of an in-memory cable: frames sent here land in the peer's fixed ring of frame slots (allocated once,
    /// so allocation and heap measurements can run through it). A full ring drops the frame and counts it.
    /// </summary>
    public sealed class MemoryMac : IEthernetMac
    {
        /// <summary>The largest Ethernet II frame without FCS.</summary>
        public const int MaxFrameBytes = 1514;

        private readonly byte[] _address;
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private int _start;
        private int _count;

        /// <summary>A MAC with address 02:00:00:00:00:<paramref name="lastByte"/> and <paramref name="slots"/> receive slots.</summary>
        public MemoryMac(byte lastByte, int slots)
        {
            _address = new byte[] { 0x02, 0, 0, 0, 0, lastByte };
            _slots = new byte[slots][];
            for (int i = 0; i < slots; i++)
            {
                _slots[i] = new byte[MaxFrameBytes];
            }
            _lengths = new int[slots];
        }

        /// <summary>Where sent frames go; null drops them.</summary>
        public MemoryMac Peer;

        /// <summary>Frames sent through this end.</summary>
        public int FramesSent;

        /// <summary>Frames this end could not queue because its ring was full.</summary>
        public int FramesDropped;

        /// <summary>Frames waiting to be received.</summary>
        public int Queued { get { return _count; } }

        public byte[] MacAddress { get { return _address; } }

        public bool IsLinkUp { get { return true; } }

        public bool TrySend(byte[] frame, int offset, int length)
        {
            if (length < 14 || length > MaxFrameBytes)
            {
                throw new InvalidOperationException("the stack sent a frame of " + length.ToString() + " bytes");
            }
            FramesSent++;
            if (Peer != null)
            {
                Peer.Enqueue(frame, offset, length);
            }
            return true;
        }

        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            if (_count == 0)
            {
                return 0;
            }
            int length = _lengths[_start];
            if (length > capacity)
            {
                length = capacity;
            }
            Array.Copy(_slots[_start], 0, buffer, offset, length);
            _start = (_start + 1) % _slots.Length;
            _count--;
            return length;
        }

        /// <summary>Connects two ends both ways.</summary>
        public static void Connect(MemoryMac a, MemoryMac b)
        {
            a.Peer = b;
            b.Peer = a;
        }

        private void Enqueue(byte[] frame, int offset, int length)
        {
            if (_count == _slots.Length)
            {
                FramesDropped++;
                return;
            }
            int slot = (_start + _count) % _slots.Length;
            Array.Copy(frame, offset, _slots[slot], 0, length);
            _lengths[slot] = length;
            _count++;
        }
    }
}
