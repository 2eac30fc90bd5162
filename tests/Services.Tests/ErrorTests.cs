using System;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>Every status the server answers by itself: the right code, counted, the connection closed when framing is lost, the slot reused.</summary>
    public class ErrorTests
    {
        /// <summary>Sends <paramref name="request"/> on a fresh connection; returns the response after checking the connection ends and every slot is free.</summary>
        private static HttpTestResponse Refused(HttpBed bed, string request, bool closes = true)
        {
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange(request);
            if (closes)
            {
                Assert.True(r.ClosesConnection, r.StatusLine + " should close");
                Assert.Equal("", c.ReadUntilClosed());
            }
            bed.Settle();
            Assert.Equal(0, bed.Server.ActiveSlots);
            Assert.Equal(bed.ServerTcp.Capacity, bed.ServerTcp.FreeConnections);
            // The slot is reused at once: a good request afterwards is served.
            TestClient next = bed.Connect();
            Assert.Equal(200, next.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
            bed.Settle();
            return r;
        }

        [Theory]
        [InlineData("GET /\r\n\r\n")]                                                   // HTTP/0.9 style: no version
        [InlineData("GET  / HTTP/1.1\r\nHost: d\r\n\r\n")]                               // two spaces
        [InlineData("GET / HTTP/1.1 \r\nHost: d\r\n\r\n")]                               // trailing space
        [InlineData("GET / HTTP/1\r\nHost: d\r\n\r\n")]                                  // short version
        [InlineData("GET / http/1.1\r\nHost: d\r\n\r\n")]                                // version is case-sensitive
        [InlineData("G(T / HTTP/1.1\r\nHost: d\r\n\r\n")]                                // not a token
        [InlineData("GET relative HTTP/1.1\r\nHost: d\r\n\r\n")]                         // no form fits
        [InlineData("GET * HTTP/1.1\r\nHost: d\r\n\r\n")]                                // asterisk-form is OPTIONS only
        [InlineData("GET /a%2 HTTP/1.1\r\nHost: d\r\n\r\n")]                             // truncated escape
        [InlineData("GET /a%zz HTTP/1.1\r\nHost: d\r\n\r\n")]                            // bad escape
        [InlineData("GET /a%00 HTTP/1.1\r\nHost: d\r\n\r\n")]                            // NUL
        [InlineData("GET /a#frag HTTP/1.1\r\nHost: d\r\n\r\n")]                          // fragment sent
        [InlineData("GET / HTTP/1.1\r\n\r\n")]                                           // HTTP/1.1 without Host
        [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]                     // two Hosts
        [InlineData("GET / HTTP/1.1\r\nHost: d\r\nX-A: 1\r\n  folded\r\n\r\n")]          // obs-fold
        [InlineData("GET / HTTP/1.1\r\nHost: d\r\nX-A : 1\r\n\r\n")]                     // space before colon
        [InlineData("GET / HTTP/1.1\r\nHost: d\r\n: empty-name\r\n\r\n")]                // empty name
        [InlineData("GET / HTTP/1.1\r\nHost: d\r\nNo-Colon\r\n\r\n")]                    // no colon
        [InlineData("GET / HTTP/1.1\r\nHost: d\r\nX-A: a\u0001b\r\n\r\n")]               // control in a value
        [InlineData("GET / HTTP/1.1\r\nHost: d\r\nX-A: a\rb\r\n\r\n")]                   // bare CR
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 1x\r\n\r\n")]              // bad length
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 3, 3\r\n\r\nabc")]         // list
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")]
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")]
        [InlineData("POST /api/echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")]
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")]   // bad chunk size
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n")]  // no CRLF after data
        public void Malformed_400(string request)
        {
            var bed = new HttpBed();
            HttpTestResponse r = Refused(bed, request);
            Assert.Equal(400, r.Status);
            Assert.Equal("Bad Request\n", r.BodyText);
            Assert.Equal(1, bed.Server.Counters.BadRequests);
        }

        [Fact]
        public void UnknownPath_404_ConnectionKept()
        {
            var bed = new HttpBed(withSite: false);
            bed.Server.MapGet("/api/status", (q, s) => s.Body.WriteAscii("ok"));
            HttpTestResponse r = Refused(bed, "GET /nothing/here HTTP/1.1\r\nHost: d\r\n\r\n", closes: false);
            Assert.Equal(404, r.Status);
            Assert.False(r.ClosesConnection);
            Assert.Equal(1, bed.Server.Counters.NotFound);
        }

        [Fact]
        public void WrongMethod_405WithAllow_ConnectionKept()
        {
            var bed = new HttpBed();
            HttpTestResponse r = Refused(bed, "POST /api/status HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\n\r\nhi", closes: false);
            Assert.Equal(405, r.Status);
            Assert.Equal("GET, HEAD, OPTIONS", r.Header("Allow"));
            HttpTestResponse g = Refused(bed, "DELETE /api/query HTTP/1.1\r\nHost: d\r\n\r\n", closes: false);
            Assert.Equal(405, g.Status);
            HttpTestResponse w = Refused(bed, "POST /api/gpio/2 HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n", closes: false);
            Assert.Equal("GET, HEAD, PUT, DELETE, OPTIONS", w.Header("Allow"));
            Assert.Equal(3, bed.Server.Counters.MethodNotAllowed);
        }

        [Fact]
        public void BodyOverTheLimit_413()
        {
            var bed = new HttpBed(new HttpServerConfig { MaxBodyBytes = 100 });
            Assert.Equal(413, Refused(bed, "POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 101\r\n\r\n").Status);
            Assert.Equal(413, Refused(bed, "POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 99999999999999999999999\r\n\r\n").Status);
            Assert.Equal(413, Refused(bed, "POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + new string('a', 64) + "\r\n40\r\n").Status);
            Assert.Equal(3, bed.Server.Counters.ContentTooLarge);
        }

        [Fact]
        public void BodyThatFitsTheLimitButNotTheBufferBesideItsHead_413()
        {
            var bed = new HttpBed(new HttpServerConfig { RequestBufferBytes = 256, MaxBodyBytes = 200 });
            string head = "POST /api/echo HTTP/1.1\r\nHost: d\r\nX-Pad: " + new string('p', 100) + "\r\nContent-Length: 150\r\n\r\n";
            Assert.Equal(413, Refused(bed, head + new string('b', 150)).Status);
        }

        [Fact]
        public void RequestLineLongerThanTheBuffer_414()
        {
            var bed = new HttpBed();
            HttpTestResponse r = Refused(bed, "GET /" + new string('a', 1100) + " HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(414, r.Status);
            Assert.Equal(1, bed.Server.Counters.UriTooLong);
        }

        [Fact]
        public void FieldsLargerThanTheBuffer_431()
        {
            var bed = new HttpBed();
            string fields = "";
            for (int i = 0; i < 40; i++) { fields += "X-Field-" + i + ": " + new string('v', 20) + "\r\n"; }
            HttpTestResponse r = Refused(bed, "GET /api/status HTTP/1.1\r\nHost: d\r\n" + fields + "\r\n");
            Assert.Equal(431, r.Status);
            Assert.Equal(1, bed.Server.Counters.HeaderFieldsTooLarge);
        }

        [Theory]
        [InlineData("BREW /pot HTTP/1.1\r\nHost: d\r\n\r\n")]
        [InlineData("get /api/status HTTP/1.1\r\nHost: d\r\n\r\n")]                 // methods are case-sensitive
        [InlineData("PATCH /api/gpio/1 HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\n1")]
        [InlineData("POST /api/echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")]
        public void UnknownMethodOrCoding_501(string request)
        {
            var bed = new HttpBed();
            Assert.Equal(501, Refused(bed, request).Status);
            Assert.Equal(1, bed.Server.Counters.NotImplemented);
        }

        [Fact]
        public void MethodLongerThanTheBuffer_501()
        {
            var bed = new HttpBed();
            Assert.Equal(501, Refused(bed, new string('M', 1100) + " / HTTP/1.1\r\n\r\n").Status);
        }

        [Theory]
        [InlineData("GET / HTTP/2.0\r\nHost: d\r\n\r\n")]
        [InlineData("GET / HTTP/0.9\r\nHost: d\r\n\r\n")]
        public void OtherMajorVersion_505(string request)
        {
            var bed = new HttpBed();
            Assert.Equal(505, Refused(bed, request).Status);
            Assert.Equal(1, bed.Server.Counters.VersionNotSupported);
        }

        [Fact]
        public void LaterMinorVersion_ServedAs11()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /api/status HTTP/1.7\r\nHost: d\r\n\r\n");
            Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
        }

        [Fact]
        public void UnknownExpectation_417()
        {
            var bed = new HttpBed();
            Assert.Equal(417, Refused(bed, "POST /api/echo HTTP/1.1\r\nHost: d\r\nExpect: tea\r\nContent-Length: 1\r\n\r\nx").Status);
        }

        [Fact]
        public void HandlerThrows_500_ConnectionKept()
        {
            var bed = new HttpBed();
            HttpTestResponse r = Refused(bed, "GET /throw HTTP/1.1\r\nHost: d\r\n\r\n", closes: false);
            Assert.Equal(500, r.Status);
            Assert.Equal(1, bed.Server.Counters.HandlerExceptions);
        }

        [Fact]
        public void HandlerBodyLargerThanTheResponseBuffer_500()
        {
            var bed = new HttpBed();
            HttpTestResponse r = Refused(bed, "GET /overflow HTTP/1.1\r\nHost: d\r\n\r\n", closes: false);
            Assert.Equal(500, r.Status);
            Assert.Equal("Internal Server Error\n", r.BodyText);
        }

        [Fact]
        public void EveryErrorInARow_OneServer_EachCounted_NoSlotLeft()
        {
            var bed = new HttpBed(new HttpServerConfig { MaxBodyBytes = 100 });
            string[] requests =
            {
                "GET / HTTP/1.1\r\n\r\n", "GET /missing HTTP/1.1\r\nHost: d\r\n\r\n", "PUT /api/status HTTP/1.1\r\nHost: d\r\n\r\n",
                "POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 500\r\n\r\n", "GET /" + new string('u', 1100) + " HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nX: " + new string('h', 1100) + "\r\n\r\n", "BREW / HTTP/1.1\r\n\r\n", "GET / HTTP/3.0\r\n\r\n",
            };
            int[] expected = { 400, 404, 405, 413, 414, 431, 501, 505 };
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < requests.Length; i++)
                {
                    TestClient c = bed.Connect();
                    Assert.Equal(expected[i], c.Exchange(requests[i]).Status);
                    c.Close();
                }
            }
            bed.Settle();
            HttpCounters n = bed.Server.Counters;
            Assert.Equal(3, n.BadRequests);
            Assert.Equal(3, n.NotFound);
            Assert.Equal(3, n.MethodNotAllowed);
            Assert.Equal(3, n.ContentTooLarge);
            Assert.Equal(3, n.UriTooLong);
            Assert.Equal(3, n.HeaderFieldsTooLarge);
            Assert.Equal(3, n.NotImplemented);
            Assert.Equal(3, n.VersionNotSupported);
            Assert.Equal(24, n.Status4xx + n.Status5xx);
            Assert.Equal(0, bed.Server.ActiveSlots);
            Assert.Equal(bed.ServerTcp.Capacity, bed.ServerTcp.FreeConnections);
        }
    }
}
