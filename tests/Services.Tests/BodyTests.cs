using System;
using System.Text;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>Request bodies: Content-Length (RFC 9110 §8.6), chunked (RFC 9112 §7.1), Expect: 100-continue (RFC 9110 §10.1.1).</summary>
    public class BodyTests
    {
        [Fact]
        public void ContentLengthBody_ArrivingInPieces_HandedWhole()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 300\r\n\r\n");
            for (int i = 0; i < 3; i++)
            {
                c.Send(new string((char)('a' + i), 100));
                bed.Run(50);
            }
            HttpTestResponse r = c.Read();
            Assert.Equal(200, r.Status);
            Assert.Equal(new string('a', 100) + new string('b', 100) + new string('c', 100), r.BodyText);
            Assert.Equal("300", r.Header("X-Body-Length"));
        }

        [Fact]
        public void EmptyBody_Length0()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n");
            Assert.Equal("0", r.Header("Content-Length"));
            Assert.Equal("0", r.Header("X-Body-Length"));
        }

        [Fact]
        public void ChunkedBody_WithExtensionsAndTrailer_Decoded()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n006\r\nworld!\r\n0;last\r\nX-Trailer: yes\r\n\r\n");
            Assert.Equal("hello world!", r.BodyText);
            Assert.Equal("12", r.Header("X-Body-Length"));
            // The connection is in step for the next request.
            Assert.Equal(200, c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }

        [Fact]
        public void ChunkedBody_OneByteAtATime_Decoded()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.Trickle("3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n", 2);
            Assert.Equal("abc0123456789", c.Read().BodyText);
        }

        [Fact]
        public void ChunkedBody_FramingLargerThanTheBuffer_DecodedByCompaction()
        {
            // 400 one-byte chunks: 2 KB of framing for a 400-byte body through a 1 KB request buffer.
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            var sb = new StringBuilder("POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n");
            var expected = new StringBuilder();
            for (int i = 0; i < 400; i++)
            {
                char ch = (char)('a' + i % 26);
                sb.Append("1\r\n").Append(ch).Append("\r\n");
                expected.Append(ch);
            }
            sb.Append("0\r\n\r\n");
            HttpTestResponse r = c.Exchange(sb.ToString());
            Assert.Equal(200, r.Status);
            Assert.Equal(expected.ToString(), r.BodyText);
        }

        [Fact]
        public void ExpectContinue_100ThenFinalResponse()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("PUT /api/gpio/4 HTTP/1.1\r\nHost: d\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
            HttpTestResponse interim = c.Read();
            Assert.Equal("HTTP/1.1 100 Continue", interim.StatusLine);
            Assert.Empty(interim.Fields);
            c.Send("1");
            HttpTestResponse r = c.Read();
            Assert.Equal(200, r.Status);
            Assert.Equal("{\"pin\":4,\"value\":1}", r.BodyText);
            Assert.Equal(1, bed.Site.Pins[4]);
            Assert.Equal(1, bed.Server.Counters.Continues);
        }

        [Fact]
        public void ExpectContinue_BodyAlreadySent_No100()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("PUT /api/gpio/4 HTTP/1.1\r\nHost: d\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n1");
            Assert.Equal(200, r.Status);
            Assert.Equal(0, bed.Server.Counters.Continues);
        }

        [Fact]
        public void ExpectContinue_RefusedPath_FinalStatusAtOnceAndClose()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("PUT /api/status HTTP/1.1\r\nHost: d\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n");
            HttpTestResponse r = c.Read();
            Assert.Equal(405, r.Status);
            Assert.True(r.ClosesConnection);
            Assert.Equal(0, bed.Server.Counters.Continues);
            // The client may still send the body: it is read and dropped, not answered with RST.
            c.Send(new string('x', 100));
            c.ReadUntilClosed();
            bed.Settle();
        }

        [Fact]
        public void ExpectContinue_InHttp10_Ignored()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("POST /api/echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok");
            Assert.Equal(200, r.Status);
            Assert.Equal("ok", r.BodyText);
        }

        [Fact]
        public void BodyStalls_408AfterRequestTimeout()
        {
            var bed = new HttpBed(new HttpServerConfig { RequestTimeoutMs = 3000 });
            TestClient c = bed.Connect();
            c.Send("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 10\r\n\r\nabc");
            HttpTestResponse r = c.Read();
            Assert.Equal(408, r.Status);
            c.ReadUntilClosed();
            bed.Settle();
        }

        [Fact]
        public void GetWithABody_BodyConsumed_NextRequestInStep()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            c.Send("GET /api/gpio/0 HTTP/1.1\r\nHost: d\r\nContent-Length: 6\r\n\r\nGET /xGET /api/gpio/0 HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(200, c.Read().Status);
            Assert.Equal(200, c.Read().Status);
        }
    }
}
