using System;
using Firmware.Net.Transport;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>Responses far larger than the 2 KB send ring: byte arrays and streams, chunked, with a length, or delimited by the close.</summary>
    public class ResponseTests
    {
        private static void AssertPattern(byte[] body, int length)
        {
            Assert.Equal(length, body.Length);
            for (int i = 0; i < length; i++)
            {
                if (body[i] != PatternSource.ByteAt(i)) { Assert.Fail("byte " + i + " differs"); }
            }
        }

        [Fact]
        public void SendBytes_64KBThrough2KBRings_ContentLengthAndEveryByte()
        {
            var bed = new HttpBed(serverTcp: new TcpConfig { Connections = 8, MinRtoMs = 200, SendBufferBytes = 2048 });
            Assert.Equal(2048, bed.ServerTcp.Config.SendBufferBytes);
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /big HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("65536", r.Header("Content-Length"));
            Assert.Null(r.Header("Transfer-Encoding"));
            AssertPattern(r.Body, TestSite.BigBytes);
            // Keep-alive after a large body.
            Assert.Equal(200, c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }

        [Fact]
        public void Stream_64KBChunked_DecodesToTheSource()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /stream HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.True(r.Chunked);
            Assert.Equal("chunked", r.Header("Transfer-Encoding"));
            Assert.Null(r.Header("Content-Length"));
            AssertPattern(r.Body, TestSite.BigBytes);
            Assert.Equal(1, bed.Site.Pattern.Completed[0]);
            Assert.Equal(1, bed.Server.Counters.StreamsCompleted);
            Assert.Equal(200, c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }

        [Fact]
        public void Stream_KnownLength_ContentLength()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /stream-known HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("65536", r.Header("Content-Length"));
            AssertPattern(r.Body, TestSite.BigBytes);
        }

        [Fact]
        public void Stream_ToHttp10_DelimitedByTheClose()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            c.ReadUntilClosedKeep();
            HttpTestResponse r = c.Read();
            Assert.Null(r.Header("Transfer-Encoding"));
            Assert.Null(r.Header("Content-Length"));
            Assert.True(r.ClosesConnection);
            AssertPattern(r.Body, TestSite.BigBytes);
            bed.Settle();
        }

        [Fact]
        public void Stream_SourceEndsBeforeItsLength_ConnectionAborted()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("GET /stream-short HTTP/1.1\r\nHost: d\r\n\r\n");
            bed.RunUntil(() => c.Connection.State == TcpState.Closed, 10000);
            Assert.Equal(TcpError.Reset, c.Connection.Error);
            Assert.Equal(1, bed.Server.Counters.StreamsAborted);
            Assert.Equal(1, bed.Site.ShortPattern.Finished[0]);
            Assert.Equal(0, bed.Site.ShortPattern.Completed[0]);
            bed.Settle();
        }

        [Fact]
        public void Stream_Head_FieldsOnly_SourceFinished()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("HEAD /stream HTTP/1.1\r\nHost: d\r\n\r\n", head: true);
            Assert.Equal("chunked", r.Header("Transfer-Encoding"));
            Assert.Equal(0, bed.Site.Pattern.Reads);
            Assert.Equal(1, bed.Site.Pattern.Completed[0]);
            Assert.Equal(200, c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
            Assert.Empty(c.Received);
        }

        [Fact]
        public void TwoClientsStreamingAtOnce_EachGetsItsOwnBody()
        {
            var bed = new HttpBed();
            TestClient a = bed.Connect();
            TestClient b = bed.Connect();
            a.Send("GET /stream HTTP/1.1\r\nHost: d\r\n\r\n");
            b.Send("GET /big HTTP/1.1\r\nHost: d\r\n\r\n");
            AssertPattern(a.Read().Body, TestSite.BigBytes);
            AssertPattern(b.Read().Body, TestSite.BigBytes);
        }

        [Fact]
        public void ClientStopsReading_AbortedAfterRequestTimeout()
        {
            var bed = new HttpBed(new HttpServerConfig { RequestTimeoutMs = 2000 });
            TestClient c = bed.Connect();
            c.Send("GET /big HTTP/1.1\r\nHost: d\r\n\r\n");
            c.StopReading();
            bed.RunUntil(() => bed.Server.ActiveSlots == 0, 200000, 10);
            Assert.Equal(1, bed.Server.Counters.Aborted);
        }

        [Fact]
        public void Options_204WithAllow()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("OPTIONS /api/gpio/1 HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(204, r.Status);
            Assert.Equal("GET, HEAD, PUT, DELETE, OPTIONS", r.Header("Allow"));
            Assert.Null(r.Header("Content-Length"));
            HttpTestResponse star = c.Exchange("OPTIONS * HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("GET, HEAD, POST, PUT, DELETE, OPTIONS", star.Header("Allow"));
            Assert.Equal(204, c.Exchange("DELETE /api/gpio/1 HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }
    }
}
