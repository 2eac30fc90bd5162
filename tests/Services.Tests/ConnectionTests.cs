using System;
using Firmware.Net.Transport;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>Requests and persistent connections (RFC 9112 §9): keep-alive, close, HTTP/1.0, HEAD, pipelining, timeouts.</summary>
    public class ConnectionTests
    {
        private const string Get = "GET /api/status HTTP/1.1\r\nHost: device\r\n\r\n";

        [Fact]
        public void Get_JsonWithContentLength_ConnectionStaysOpenForTheNext()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange(Get);
            Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
            Assert.Equal("application/json", r.Header("Content-Type"));
            Assert.Equal(r.Body.Length.ToString(), r.Header("Content-Length"));
            Assert.Null(r.Header("Connection"));
            Assert.Null(r.Header("Date"));
            Assert.StartsWith("{\"uptimeMs\":", r.BodyText);
            Assert.EndsWith(",\"name\":\"test \\\"device\\\"\",\"address\":\"10.0.0.2\",\"load\":12.34,\"slots\":[0,1]}", r.BodyText);
            Assert.Equal(TcpState.Established, c.Connection.State);
            HttpTestResponse second = c.Exchange(Get);
            Assert.Equal(200, second.Status);
            Assert.Equal(1, bed.Server.Counters.Connections);
            Assert.Equal(2, bed.Server.Counters.Requests);
            Assert.Equal(1, bed.Server.Counters.KeepAliveRequests);
            Assert.Equal(2, bed.Server.Counters.Status2xx);
            bed.Settle();
            Assert.Equal(0, bed.Server.ActiveSlots);
        }

        [Fact]
        public void Head_SameFieldsAsGet_NoContent()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse get = c.Exchange("GET /api/gpio/3 HTTP/1.1\r\nHost: d\r\n\r\n");
            // HEAD then GET in one write: if HEAD's response carried a body, the GET's would not parse.
            c.Send("HEAD /api/gpio/3 HTTP/1.1\r\nHost: d\r\n\r\nGET /api/gpio/3 HTTP/1.1\r\nHost: d\r\n\r\n");
            HttpTestResponse head = c.Read(head: true);
            HttpTestResponse after = c.Read();
            Assert.Equal(200, head.Status);
            Assert.Equal(get.Header("Content-Length"), head.Header("Content-Length"));
            Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
            Assert.Equal(get.BodyText, after.BodyText);
            Assert.Empty(c.Received);
        }

        [Fact]
        public void ConnectionClose_AnsweredWithCloseThenFin_SlotFree()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
            Assert.Equal(200, r.Status);
            Assert.True(r.ClosesConnection);
            Assert.Equal("", c.ReadUntilClosed());
            bed.Settle();
            Assert.Equal(0, bed.Server.ActiveSlots);
            Assert.Equal(bed.ServerTcp.Capacity, bed.ServerTcp.FreeConnections);
        }

        [Fact]
        public void Http10_ClosesUnlessKeepAliveAsked()
        {
            var bed = new HttpBed();
            TestClient a = bed.Connect();
            HttpTestResponse r = a.Exchange("GET /api/status HTTP/1.0\r\n\r\n");
            Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
            Assert.True(r.ClosesConnection);
            a.ReadUntilClosed();

            TestClient b = bed.Connect();
            HttpTestResponse k = b.Exchange("GET /api/status HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
            Assert.Equal("keep-alive", k.Header("Connection"));
            HttpTestResponse k2 = b.Exchange("GET /api/status HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Assert.Equal(200, k2.Status);
            Assert.False(b.ServerClosed);
            HttpTestResponse k3 = b.Exchange("GET /api/status HTTP/1.0\r\n\r\n");
            Assert.True(k3.ClosesConnection);
            b.ReadUntilClosed();
            bed.Settle();
        }

        [Fact]
        public void Pipelined_FiveRequestsInOneWrite_AnsweredInOrder()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("GET /api/gpio/1 HTTP/1.1\r\nHost: d\r\n\r\n"
                + "PUT /api/gpio/1 HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\n1"
                + "POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "GET /nowhere HTTP/1.1\r\nHost: d\r\n\r\n"
                + "GET /api/gpio/1 HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("{\"pin\":1,\"value\":0}", c.Read().BodyText);
            Assert.Equal("{\"pin\":1,\"value\":1}", c.Read().BodyText);
            Assert.Equal("abc", c.Read().BodyText);
            Assert.Equal(404, c.Read().Status);
            Assert.Equal("{\"pin\":1,\"value\":1}", c.Read().BodyText);
            Assert.Equal(4, bed.Server.Counters.PipelinedRequests);
            Assert.False(c.ServerClosed);
        }

        [Fact]
        public void IdleKeepAliveConnection_ClosedAfterIdleTimeout()
        {
            var bed = new HttpBed(new HttpServerConfig { IdleTimeoutMs = 5000 });
            TestClient c = bed.Connect();
            c.Exchange(Get);
            long served = bed.Now;
            bed.RunUntil(() => c.ServerClosed, 100000);
            Assert.InRange(bed.Now - served, 5000, 5100);
            Assert.Equal(1, bed.Server.Counters.IdleTimeouts);
            bed.Settle();
        }

        [Fact]
        public void Slowloris_408AfterRequestTimeout_WhileAnotherClientIsServed()
        {
            var bed = new HttpBed(new HttpServerConfig { RequestTimeoutMs = 10000 });
            TestClient slow = bed.Connect();
            TestClient fast = bed.Connect();
            string head = "GET /api/status HTTP/1.1\r\nHost: d\r\nX-Padding: " + new string('a', 40) + "\r\n\r\n";
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(head);
            int servedWhileSlow = 0;
            long start = bed.Now;
            // One header byte a second from the slow client; the fast one keeps asking.
            for (int i = 0; i < bytes.Length && !slow.ServerClosed; i++)
            {
                slow.Connection.Send(bytes, i, 1);
                if (fast.Exchange(Get).Status == 200) { servedWhileSlow++; }
                bed.Run(100, 10);
            }
            HttpTestResponse r = slow.Read();
            Assert.Equal(408, r.Status);
            Assert.True(r.ClosesConnection);
            Assert.InRange(bed.Now - start, 10000, 12000);
            slow.ReadUntilClosed();
            Assert.True(servedWhileSlow >= 9, "served " + servedWhileSlow);
            Assert.Equal(1, bed.Server.Counters.RequestTimeouts);
            Assert.Equal(200, fast.Exchange(Get).Status);
            bed.Settle();
        }

        [Fact]
        public void AllSlotsHeldByIdleConnections_ANewOneEvictsTheOldestIdle()
        {
            var bed = new HttpBed(new HttpServerConfig { Slots = 2 });
            TestClient a = bed.Connect();
            a.Exchange(Get);
            bed.Run(10);
            TestClient b = bed.Connect();
            b.Exchange(Get);
            TestClient c = bed.Connect();
            Assert.Equal(200, c.Exchange(Get).Status);
            Assert.Equal(1, bed.Server.Counters.IdleEvictions);
            bed.RunUntil(() => a.ServerClosed, 1000);
            Assert.False(b.ServerClosed);
            bed.Settle();
        }

        [Fact]
        public void LeadingEmptyLinesBeforeTheRequestLine_Ignored()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            Assert.Equal(200, c.Exchange("\r\n\r\nGET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }

        [Fact]
        public void AbsoluteFormTarget_Served()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            Assert.Equal(200, c.Exchange("GET http://device/api/status HTTP/1.1\r\nHost: device\r\n\r\n").Status);
            Assert.Equal(200, c.Exchange("GET HTTP://device HTTP/1.1\r\nHost: device\r\n\r\n").Status);
        }

        [Fact]
        public void BareLfLineEnds_Accepted()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            Assert.Equal(200, c.Exchange("GET /api/status HTTP/1.1\nHost: d\n\n").Status);
        }

        [Fact]
        public void ClientResetsMidResponse_SlotFreed()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("GET /big HTTP/1.1\r\nHost: d\r\n\r\n");
            bed.RunUntil(() => c.Received.Count > 3000, 10000);
            c.Connection.Abort();
            bed.RunUntil(() => bed.Server.ActiveSlots == 0, 10000);
            Assert.Equal(1, bed.Server.Counters.Aborted);
            bed.Settle();
        }

        [Fact]
        public void PeerHalfClosesAfterItsRequest_StillAnswered()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n");
            c.Connection.Shutdown();
            HttpTestResponse r = c.Read();
            Assert.Equal(200, r.Status);
            c.ReadUntilClosed();
            bed.Settle();
        }

        /// <summary>A stream with nothing to send, whose client has gone: the slot must not wait in CLOSE_WAIT for ever.</summary>
        private sealed class SilentSource : IHttpBodySource
        {
            public int Finished;
            public int Read(int slot, long position, byte[] buffer, int offset, int count) => 0;
            public void Finish(int slot, bool completed) => Finished++;
        }

        [Fact]
        public void StreamWithNothingToSend_ClientClosed_AbortedAfterTheRequestTimeout()
        {
            var bed = new HttpBed();
            var silent = new SilentSource();
            bed.Server.MapGet("/silent", (request, response) => response.Stream(silent));
            TestClient c = bed.Connect();
            c.Send("GET /silent HTTP/1.1\r\nHost: d\r\n\r\n");
            bed.RunUntil(() => c.Received.Count > 0, 10000);
            c.Close();
            long closedAt = bed.Now;
            bed.RunUntil(() => bed.Server.ActiveSlots == 0, 30000, 10);
            Assert.InRange(bed.Now - closedAt, 1, new HttpServerConfig().RequestTimeoutMs + 100);
            Assert.Equal(1, silent.Finished);
            Assert.Equal(1, bed.Server.Counters.StreamsAborted);
            bed.Settle();
        }
    }
}
