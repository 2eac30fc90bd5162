using System;
using System.Text;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>Mutated and random requests by the thousand: nothing throws, every answer is well-formed HTTP, every slot ends free.</summary>
    public class FuzzTests
    {
        private static readonly string[] Seeds =
        {
            "GET /api/status HTTP/1.1\r\nHost: d\r\nAccept-Encoding: gzip;q=0.5\r\n\r\n",
            "POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 5\r\n\r\nhello",
            "PUT /api/gpio/3 HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n1;a=b\r\n1\r\n0\r\nT: x\r\n\r\n",
            "GET http://d/app.js?x=%41&y HTTP/1.0\r\nConnection: keep-alive\r\nIf-None-Match: W/\"a\", *\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: d\r\n\r\n",
        };

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void MutatedRequests_NoThrow_AnswersParse_SlotsFree(int seed)
        {
            var random = new Random(seed);
            var bed = new HttpBed(new HttpServerConfig { RequestTimeoutMs = 500, IdleTimeoutMs = 500, LingerMs = 200, MaxBodyBytes = 200 });
            int answered = 0;
            for (int i = 0; i < 300; i++)
            {
                byte[] request = Mutate(Encoding.ASCII.GetBytes(Seeds[random.Next(Seeds.Length)]), random);
                TestClient c = bed.Connect();
                c.Send(request);
                if (random.Next(4) == 0) { c.Connection.Shutdown(); }
                // Whatever comes back must parse as responses; the server closes or times out the rest.
                bed.RunUntil(() => c.ServerClosed || HasCompleteResponse(c), 20000, 5);
                while (true)
                {
                    HttpTestResponse r = HttpTestResponse.TryTake(c.Received, false, c.ServerClosed);
                    if (r == null) { break; }
                    Assert.InRange(r.Status, 100, 599);
                    answered++;
                }
                c.Close();
                if (i % 50 == 49) { bed.Settle(); }
            }
            bed.Settle();
            Assert.True(answered > 200, "answered " + answered);
            Assert.Equal(0, bed.Server.ActiveSlots);
            Assert.Equal(bed.ServerTcp.Capacity, bed.ServerTcp.FreeConnections);
            Assert.Equal(0, bed.Server.Counters.InternalErrors);
        }

        private static bool HasCompleteResponse(TestClient c)
        {
            var copy = new System.Collections.Generic.List<byte>(c.Received);
            try
            {
                return HttpTestResponse.TryTake(copy, false, c.ServerClosed) != null;
            }
            catch (FormatException)
            {
                return true;
            }
        }

        private static byte[] Mutate(byte[] seed, Random random)
        {
            byte[] b = (byte[])seed.Clone();
            switch (random.Next(5))
            {
                case 0:
                    for (int k = random.Next(1, 4); k > 0; k--) { b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8)); }
                    return b;
                case 1:
                    Array.Resize(ref b, random.Next(1, b.Length));
                    return b;
                case 2:
                    for (int k = random.Next(1, 4); k > 0; k--) { b[random.Next(b.Length)] = (byte)random.Next(256); }
                    return b;
                case 3:
                    byte[] noise = new byte[random.Next(1, 1500)];
                    random.NextBytes(noise);
                    return noise;
                default:
                    // Pieces of two requests spliced.
                    byte[] other = Encoding.ASCII.GetBytes(Seeds[random.Next(Seeds.Length)]);
                    int cut = random.Next(b.Length);
                    int from = random.Next(other.Length);
                    byte[] spliced = new byte[cut + other.Length - from];
                    Array.Copy(b, spliced, cut);
                    Array.Copy(other, from, spliced, cut, other.Length - from);
                    return spliced;
            }
        }
    }
}
