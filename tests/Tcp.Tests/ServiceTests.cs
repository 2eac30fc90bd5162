using System;
using System.Collections.Generic;
using Firmware.Services.Basic;
using Firmware.Net.Transport;
using Xunit;

namespace Tcp.Tests
{
    /// <summary>The device's TCP services against client TcpLayers over a clean in-memory link.</summary>
    public class ServiceTests
    {
        private const uint Client = 0x0A000001;
        private const uint Server = 0x0A000002;

        private sealed class Pair
        {
            public readonly LossyPipe Up, Down;
            public readonly TcpLayer ClientTcp, ServerTcp;
            public long NowMs;

            public Pair()
            {
                var r = new TestRandom(3);
                Up = new LossyPipe(Client, r);
                Down = new LossyPipe(Server, r);
                ClientTcp = new TcpLayer(new TcpConfig(), Up, new TestRandom(8));
                ServerTcp = new TcpLayer(new TcpConfig(), Down, new TestRandom(9));
            }

            public void Step(Action<long> services)
            {
                Up.NowMs = NowMs;
                Down.NowMs = NowMs;
                Up.Deliver(ServerTcp, Client, NowMs);
                Down.Deliver(ClientTcp, Server, NowMs);
                services(NowMs);
                ClientTcp.Poll(NowMs);
                ServerTcp.Poll(NowMs);
                NowMs++;
            }
        }

        [Fact]
        public void Echo_ThreeClientsAtOnce_EveryByteBack_ThenServerCloses()
        {
            var p = new Pair();
            var echo = new TcpEchoService(p.ServerTcp, 7, 3, 512);
            var clients = new TcpConnection[3];
            var sent = new int[3];
            var got = new List<byte>[3];
            const int total = 5000;
            for (int k = 0; k < 3; k++) { clients[k] = p.ClientTcp.Connect(Server, 7, 0); got[k] = new List<byte>(); }
            byte[] buf = new byte[1000];
            for (int step = 0; step < 20000; step++)
            {
                for (int k = 0; k < 3; k++)
                {
                    TcpConnection c = clients[k];
                    if (c.State == TcpState.Established && sent[k] < total)
                    {
                        int n = Math.Min(buf.Length, total - sent[k]);
                        for (int i = 0; i < n; i++) { buf[i] = (byte)(k * 50 + sent[k] + i); }
                        sent[k] += c.Send(buf, 0, n);
                        if (sent[k] == total) { c.Shutdown(); }
                    }
                    int r = c.Receive(buf, 0, buf.Length);
                    for (int i = 0; i < r; i++) { got[k].Add(buf[i]); }
                }
                p.Step(echo.Poll);
            }
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(total, got[k].Count);
                for (int i = 0; i < total; i++) { Assert.Equal((byte)(k * 50 + i), got[k][i]); }
                Assert.True(clients[k].IsReceiveClosed, "the server closed its side after echoing");
                clients[k].Close();
            }
            Assert.Equal(3, echo.Connections);
            Assert.Equal(3L * total, echo.BytesEchoed);
            Assert.Equal(p.ServerTcp.Capacity, p.ServerTcp.FreeConnections);
        }

        [Fact]
        public void Discard_TwoClients_ServerClosesAfterFin()
        {
            var p = new Pair();
            var discard = new TcpDiscardService(p.ServerTcp, 9, 2, 256);
            var a = p.ClientTcp.Connect(Server, 9, 0);
            var b = p.ClientTcp.Connect(Server, 9, 0);
            byte[] data = new byte[3000];
            int sa = 0, sb = 0;
            for (int step = 0; step < 5000; step++)
            {
                if (a.State == TcpState.Established && sa < 3000) { sa += a.Send(data, 0, 3000 - sa); if (sa == 3000) { a.Shutdown(); } }
                if (b.State == TcpState.Established && sb < 3000) { sb += b.Send(data, 0, 3000 - sb); if (sb == 3000) { b.Shutdown(); } }
                p.Step(discard.Poll);
            }
            Assert.Equal(6000, discard.BytesDiscarded);
            Assert.Equal(2, discard.Connections);
            Assert.True(a.IsReceiveClosed);
            Assert.True(b.IsReceiveClosed);
        }

        [Fact]
        public void Chargen_SendsTheRfc864Lines_UntilTheClientCloses()
        {
            var p = new Pair();
            var chargen = new TcpChargenService(p.ServerTcp, 19, 2);
            var c = p.ClientTcp.Connect(Server, 19, 0);
            var got = new List<byte>();
            byte[] buf = new byte[512];
            for (int step = 0; step < 2000 && got.Count < 10000; step++)
            {
                int r = c.Receive(buf, 0, buf.Length);
                for (int i = 0; i < r; i++) { got.Add(buf[i]); }
                p.Step(chargen.Poll);
            }
            Assert.True(got.Count >= 10000);
            string text = System.Text.Encoding.ASCII.GetString(got.ToArray());
            string[] lines = text.Split("\r\n");
            Assert.Equal(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg", lines[0]);
            Assert.Equal("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh", lines[1]);
            Assert.Equal(72, lines[100].Length);
            Assert.Equal(lines[5], lines[100]);
            c.Shutdown();
            for (int step = 0; step < 2000; step++)
            {
                while (c.Receive(buf, 0, buf.Length) > 0) { }
                p.Step(chargen.Poll);
            }
            Assert.Equal(1, chargen.Connections);
            Assert.True(c.IsReceiveClosed);
        }
    }
}
