using System;
using Firmware.HostNet;
using Firmware.Net.Network;
using Firmware.Net.Transport;

namespace Firmware.Bench
{
    /// <summary>
    /// Goodput under loss in the deterministic simulation: two TcpLayers joined by a seeded delay line (one-way
    /// latency <see cref="LatencyMs"/>, each packet in either direction lost with the given probability), in virtual
    /// time. One side sends <c>bytes</c>, the other reads everything at once (a discard peer); the figure is bytes per
    /// virtual second from the SYN to the last byte read. Each row runs 0% and 5% loss at the same window (the
    /// rings), with our loss recovery (limited transmit, early retransmit, tail loss probe, 200 ms minimum RTO) and
    /// without it (three duplicate ACKs or the RTO, RFC 6298's 1 s minimum: the behaviour before), side by side.
    /// </summary>
    internal static class LossBench
    {
        private const uint A = 0x0A000001;
        private const uint B = 0x0A000002;
        public const int LatencyMs = 5;

        public static void Run(int seeds, int[] rings)
        {
            Console.WriteLine($"loss goodput        deterministic simulation, {LatencyMs} ms each way, 256 KB one way, {seeds} seeds each; loss on data and ACKs alike; KB/s of virtual time");
            foreach (int ring in rings)
            {
                Row(ring, seeds, recovery: true);
                Row(ring, seeds, recovery: false);
            }
        }

        private static void Row(int ring, int seeds, bool recovery)
        {
            const long bytes = 256 * 1024;
            double clean = 0, lossy = 0;
            long timeouts = 0, fast = 0, early = 0, limited = 0, probes = 0;
            for (int seed = 1; seed <= seeds; seed++)
            {
                clean += Goodput(ring, recovery, 0, seed, bytes, out _);
                lossy += Goodput(ring, recovery, 0.05, seed, bytes, out TcpLayer sender);
                timeouts += sender.Counters.Timeouts;
                fast += sender.Counters.FastRetransmits;
                early += sender.Counters.EarlyRetransmits;
                limited += sender.Counters.LimitedTransmits;
                probes += sender.Counters.TailLossProbes;
            }
            clean /= seeds;
            lossy /= seeds;
            string what = recovery ? "LT+ER+TLP, min RTO 200 ms" : "3 dup ACKs or RTO, min 1 s";
            Console.WriteLine($"loss goodput        {ring,5} B rings{(ring == new TcpConfig().ReceiveBufferBytes ? " (default)" : "          ")}, {what,-26}  0%: {clean,7:F0} KB/s   5%: {lossy,7:F0} KB/s   ratio {lossy / clean:F2} (goal >= 0.50)   sender per run: {(double)timeouts / seeds:F1} RTOs, {(double)fast / seeds:F1} fast retransmits ({(double)early / seeds:F1} early), {(double)limited / seeds:F1} limited transmits, {(double)probes / seeds:F1} probes");
        }

        /// <summary>KB per virtual second for one transfer.</summary>
        public static double Goodput(int ring, bool recovery, double loss, int seed, long bytes, out TcpLayer sender)
        {
            var config = new TcpConfig { ReceiveBufferBytes = ring, SendBufferBytes = ring, MaxRetransmissions = 30 };
            if (!recovery)
            {
                config.LimitedTransmit = false;
                config.EarlyRetransmit = false;
                config.TailLossProbe = false;
                config.MinRtoMs = 1000;
            }
            var random = new Random(seed);
            var ab = new DelayLine(A, random, loss);
            var ba = new DelayLine(B, random, loss);
            var tcpA = new TcpLayer(config, ab, new SystemRandomSource(seed + 1000));
            var tcpB = new TcpLayer(config, ba, new SystemRandomSource(seed + 2000));
            sender = tcpA;
            Firmware.Net.Transport.TcpListener listener = tcpB.Listen(9, 1);
            long now = 0;
            TcpConnection client = tcpA.Connect(B, 9, now);
            TcpConnection server = null;
            byte[] chunk = new byte[4096];
            long sent = 0, received = 0;
            for (long steps = 0; received < bytes; steps++)
            {
                if (steps > 10_000_000 || client.State == TcpState.Closed)
                {
                    throw new InvalidOperationException($"loss bench stuck: ring {ring}, loss {loss}, seed {seed}, {received} of {bytes} at {now} ms");
                }
                ab.Deliver(tcpB, now);
                ba.Deliver(tcpA, now);
                tcpA.Poll(now);
                tcpB.Poll(now);
                server ??= listener.Accept();
                if (client.State == TcpState.Established && sent < bytes)
                {
                    sent += client.Send(chunk, 0, (int)Math.Min(chunk.Length, bytes - sent));
                }
                if (server != null)
                {
                    int n;
                    while ((n = server.Receive(chunk, 0, chunk.Length)) > 0) received += n;
                }
                if (tcpA.NextDeadlineMs <= now || tcpB.NextDeadlineMs <= now)
                {
                    continue;
                }
                long next = Math.Min(Math.Min(ab.NextDueMs, ba.NextDueMs), Math.Min(tcpA.NextDeadlineMs, tcpB.NextDeadlineMs));
                now = next <= now ? now + 1 : Math.Min(next, now + 1000);
            }
            return bytes / 1024.0 / (now / 1000.0);
        }

        /// <summary>One direction of the simulated path: a fixed latency, seeded loss, FIFO, preallocated.</summary>
        private sealed class DelayLine : IIpv4Output
        {
            private const int Slots = 256;
            private readonly byte[][] _packets = new byte[Slots][];
            private readonly int[] _length = new int[Slots];
            private readonly long[] _due = new long[Slots];
            private readonly Random _random;
            private readonly double _loss;
            private int _head, _count;

            public DelayLine(uint local, Random random, double loss)
            {
                LocalAddress = local;
                _random = random;
                _loss = loss;
                for (int i = 0; i < Slots; i++) _packets[i] = new byte[1500];
            }

            public uint LocalAddress { get; }
            public byte[] TransmitBuffer { get; } = new byte[1514];
            public int TransportOffset => 34;
            public int MaxTransportLength => 1480;
            public long NowMs;

            public long NextDueMs => _count == 0 ? long.MaxValue : _due[_head];

            public bool Send(uint destination, byte protocol, int transportLength)
            {
                if (_random.NextDouble() < _loss || _count == Slots)
                {
                    return true;
                }
                int slot = (_head + _count) % Slots;
                Array.Copy(TransmitBuffer, TransportOffset, _packets[slot], 0, transportLength);
                _length[slot] = transportLength;
                _due[slot] = NowMs + LatencyMs;
                _count++;
                return true;
            }

            public void Deliver(TcpLayer to, long now)
            {
                NowMs = now;
                while (_count > 0 && _due[_head] <= now)
                {
                    int slot = _head;
                    _head = (_head + 1) % Slots;
                    _count--;
                    to.Receive(LocalAddress, LocalAddress == A ? B : A, _packets[slot], 0, _length[slot], now);
                }
            }
        }
    }
}
