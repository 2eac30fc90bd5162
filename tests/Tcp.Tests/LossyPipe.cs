using System;
using System.Collections.Generic;
using Firmware.Net.Network;

namespace Tcp.Tests
{
    /// <summary>
    /// One direction of a seeded faulty IP path between two TcpLayers: loss, duplication, reordering (random
    /// extra delay), corruption (one byte flipped: the TCP checksum must catch it). Packets are copied into a
    /// preallocated pool so the pipe itself does not allocate in steady state.
    /// </summary>
    public sealed class LossyPipe : IIpv4Output
    {
        private const int PoolSize = 4096;
        private readonly byte[][] _pool = new byte[PoolSize][];
        private readonly int[] _length = new int[PoolSize];
        private readonly long[] _due = new long[PoolSize];
        private readonly uint[] _dst = new uint[PoolSize];
        private readonly int[] _order = new int[PoolSize];
        private readonly Stack<int> _free = new Stack<int>(PoolSize);
        private int _queued;
        private readonly TestRandom _random;

        public double Loss, Duplicate, Reorder, Corrupt;
        public int LatencyMs = 5;
        public long NowMs;
        public long Delivered, Dropped, Corrupted;

        public LossyPipe(uint localAddress, TestRandom random, int mtu = 1500)
        {
            LocalAddress = localAddress;
            _random = random;
            MaxTransportLength = mtu - 20;
            TransmitBuffer = new byte[14 + mtu];
            for (int i = PoolSize - 1; i >= 0; i--)
            {
                _pool[i] = new byte[mtu];
                _free.Push(i);
            }
        }

        public uint LocalAddress { get; }
        public byte[] TransmitBuffer { get; }
        public int TransportOffset => 34;
        public int MaxTransportLength { get; }

        public Queue<string> Trace;

        public bool Send(uint destination, byte protocol, int transportLength)
        {
            if (Trace != null)
            {
                Trace.Enqueue(NowMs + " " + Firmware.Net.Diagnostics.TcpLineFormatter.Format(LocalAddress, destination, TransmitBuffer, TransportOffset, transportLength));
                if (Trace.Count > 60) { Trace.Dequeue(); }
            }
            if (_random.NextDouble() < Loss)
            {
                Dropped++;
                return true;
            }
            int copies = _random.NextDouble() < Duplicate ? 2 : 1;
            for (int k = 0; k < copies; k++)
            {
                if (_free.Count == 0)
                {
                    Dropped++;
                    return true;
                }
                int slot = _free.Pop();
                Array.Copy(TransmitBuffer, TransportOffset, _pool[slot], 0, transportLength);
                _length[slot] = transportLength;
                _dst[slot] = destination;
                long delay = LatencyMs;
                if (_random.NextDouble() < Reorder)
                {
                    delay += 1 + _random.Next(20);
                }
                _due[slot] = NowMs + delay;
                if (_random.NextDouble() < Corrupt)
                {
                    int at = _random.Next(transportLength);
                    _pool[slot][at] ^= (byte)(1 + _random.Next(255));
                    Corrupted++;
                }
                _order[_queued++] = slot;
            }
            return true;
        }

        public long NextDueMs
        {
            get
            {
                long next = long.MaxValue;
                for (int i = 0; i < _queued; i++) { if (_due[_order[i]] < next) { next = _due[_order[i]]; } }
                return next;
            }
        }

        /// <summary>Hands every packet due by now to <paramref name="to"/>, in due order (ties in send order).</summary>
        public void Deliver(IIpv4Transport to, uint source, long nowMs)
        {
            while (true)
            {
                int best = -1;
                for (int i = 0; i < _queued; i++)
                {
                    int s = _order[i];
                    if (_due[s] <= nowMs && (best < 0 || _due[s] < _due[_order[best]]))
                    {
                        best = i;
                    }
                }
                if (best < 0)
                {
                    return;
                }
                int slot = _order[best];
                for (int i = best; i < _queued - 1; i++) { _order[i] = _order[i + 1]; }
                _queued--;
                Delivered++;
                to.Receive(source, _dst[slot], _pool[slot], 0, _length[slot], nowMs);
                _free.Push(slot);
            }
        }
    }
}
