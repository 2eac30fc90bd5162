using System;
using Firmware.Hal;

namespace Firmware.HostNet
{
    /// <summary>
    /// An in-memory MAC for tests and benchmarks: a fixed ring of frame slots (allocated once, so the allocation tests can run
    /// through it), connected to a peer's ring. A seeded loss rate drops frames in TrySend; a tap records what was sent.
    /// </summary>
    public sealed class QueueMac : IEthernetMac
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private int _start;
        private int _count;
        private readonly Random _loss;

        public QueueMac(byte[] mac, int slots = 64, double lossRate = 0, int seed = 1)
        {
            MacAddress = mac;
            _slots = new byte[slots][];
            for (int i = 0; i < slots; i++)
            {
                _slots[i] = new byte[1514];
            }
            _lengths = new int[slots];
            LossRate = lossRate;
            _loss = new Random(seed);
        }

        public static byte[] Mac(byte last) => new byte[] { 0x02, 0, 0, 0, 0, last };

        public byte[] MacAddress { get; }
        public bool IsLinkUp => true;

        /// <summary>Where TrySend delivers; null = into <see cref="Sent"/> only.</summary>
        public QueueMac Peer { get; set; }

        public double LossRate { get; set; }

        /// <summary>Frames sent, counted (also the dropped ones).</summary>
        public int SentCount;

        /// <summary>Frames lost by the loss rate.</summary>
        public int LostCount;

        /// <summary>When set, every sent frame is copied here (allocates: only for the tests that read them).</summary>
        public System.Collections.Generic.List<byte[]> Sent;

        public bool TrySend(byte[] frame, int offset, int length)
        {
            if (length < 14 || length > 1514)
            {
                throw new InvalidOperationException("stack sent a frame of " + length + " bytes");
            }
            SentCount++;
            if (Sent != null)
            {
                byte[] copy = new byte[length];
                Array.Copy(frame, offset, copy, 0, length);
                Sent.Add(copy);
            }
            if (LossRate > 0 && _loss.NextDouble() < LossRate)
            {
                LostCount++;
                return true;
            }
            if (Peer != null)
            {
                Peer.Enqueue(frame, offset, length);
            }
            return true;
        }

        /// <summary>Queues a frame for the stack that owns this MAC to receive; false when the ring is full (dropped).</summary>
        public bool Enqueue(byte[] frame, int offset, int length)
        {
            if (_count == _slots.Length)
            {
                return false;
            }
            int slot = (_start + _count) % _slots.Length;
            Array.Copy(frame, offset, _slots[slot], 0, length);
            _lengths[slot] = length;
            _count++;
            return true;
        }

        public bool Enqueue(byte[] frame) => Enqueue(frame, 0, frame.Length);

        public int Pending => _count;

        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            if (_count == 0)
            {
                return 0;
            }
            int length = _lengths[_start];
            byte[] slot = _slots[_start];
            _start = (_start + 1) % _slots.Length;
            _count--;
            if (length > capacity)
            {
                return 0;
            }
            Array.Copy(slot, 0, buffer, offset, length);
            return length;
        }

        /// <summary>Connects two MACs back to back.</summary>
        public static void Connect(QueueMac a, QueueMac b)
        {
            a.Peer = b;
            b.Peer = a;
        }
    }
}
