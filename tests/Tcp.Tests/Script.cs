using System;
using System.Collections.Generic;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Xunit;

namespace Tcp.Tests
{
    /// <summary>
    /// A packetdrill-like driver: one TcpLayer at 10.0.0.2 and a scripted peer at 10.0.0.1:40000 whose
    /// segments are built byte by byte and injected; what the layer sends is captured.
    /// </summary>
    public sealed class Script
    {
        public const uint Us = 0x0A000002;
        public const uint Peer = 0x0A000001;
        public const ushort PeerPort = 40000;

        public readonly FakeIp Ip;
        public readonly TcpLayer Tcp;
        public long NowMs;

        public Script(TcpConfig config = null, int mtu = 1500)
        {
            Ip = new FakeIp(Us, mtu);
            Tcp = new TcpLayer(config ?? new TcpConfig(), Ip, new TestRandom(1));
        }

        public static byte[] Build(ushort srcPort, ushort dstPort, uint seq, uint ack, byte flags, int window,
            byte[] options = null, byte[] data = null, uint src = Peer, uint dst = Us)
        {
            options ??= Array.Empty<byte>();
            data ??= Array.Empty<byte>();
            int hl = 20 + options.Length;
            byte[] b = new byte[hl + data.Length];
            TcpHeader.Write(b, 0, srcPort, dstPort, seq, ack, hl, flags, window);
            Array.Copy(options, 0, b, 20, options.Length);
            Array.Copy(data, 0, b, hl, data.Length);
            TcpHeader.WriteChecksum(b, 0, b.Length, src, dst);
            return b;
        }

        public static byte[] MssOption(int mss) => new byte[] { 2, 4, (byte)(mss >> 8), (byte)mss };

        public void Inject(ushort dstPort, uint seq, uint ack, byte flags, int window = 8192, byte[] options = null,
            byte[] data = null, ushort srcPort = PeerPort)
        {
            byte[] b = Build(srcPort, dstPort, seq, ack, flags, window, options, data);
            Ip.NowMs = NowMs;
            Tcp.Receive(Peer, Us, b, 0, b.Length, NowMs);
        }

        public void Advance(long ms)
        {
            long end = NowMs + ms;
            // Poll at every deadline on the way, so timer-driven sends are captured at their exact times.
            while (true)
            {
                long next = Tcp.NextDeadlineMs;
                if (next <= NowMs) { next = NowMs + 1; }
                if (next > end) { break; }
                NowMs = next;
                Ip.NowMs = NowMs;
                Tcp.Poll(NowMs);
            }
            NowMs = end;
            Ip.NowMs = NowMs;
            Tcp.Poll(NowMs);
        }

        public List<Captured> Take() => Ip.Take();

        public Captured TakeOne()
        {
            var l = Ip.Take();
            Assert.True(l.Count == 1, "expected one segment, got " + l.Count + ": " + string.Join("; ", l));
            return l[0];
        }

        public void ExpectNothing()
        {
            var l = Ip.Take();
            Assert.True(l.Count == 0, "expected nothing, got: " + string.Join("; ", l));
        }

        /// <summary>Passive open on 80 with server ISN 2000 and client ISN 100: returns the accepted connection.</summary>
        public TcpConnection Accepted(int peerWindow = 8192, int peerMss = 1460, uint serverIsn = 2000, uint clientIsn = 100)
        {
            TcpListener l = Tcp.Listen(80, 4);
            Tcp.ForceNextIsn(serverIsn);
            Inject(80, clientIsn, 0, TcpHeader.Syn, peerWindow, MssOption(peerMss));
            Captured synAck = TakeOne();
            Assert.Equal(TcpHeader.Syn | TcpHeader.Ack, synAck.Flags);
            Inject(80, clientIsn + 1, serverIsn + 1, TcpHeader.Ack, peerWindow);
            TcpConnection c = l.Accept();
            Assert.NotNull(c);
            Assert.Equal(TcpState.Established, c.State);
            ExpectNothing();
            return c;
        }

        public const byte A = TcpHeader.Ack;
        public const byte S = TcpHeader.Syn;
        public const byte F = TcpHeader.Fin;
        public const byte R = TcpHeader.Rst;
        public const byte P = TcpHeader.Psh;
    }
}
