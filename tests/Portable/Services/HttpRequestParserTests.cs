using Firmware.Services.Http;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class HttpRequestParserTests
    {
        /// <summary>Parses a whole head given as text; the request (and its buffer) come back through <paramref name="request"/>.</summary>
        private static int Parse(string head, out HttpRequest request)
        {
            byte[] b = HttpAscii.Encode(head);
            request = new HttpRequest(b);
            int end = HttpRequestParser.FindHeadEnd(b, 0, 0, b.Length);
            Assert.AreEqual(b.Length, end, "the head ends at the empty line");
            return HttpRequestParser.Parse(request, 0, end);
        }

        private static int Status(string head)
        {
            HttpRequest r;
            return Parse(head, out r);
        }

        [TestMethod]
        public void Get_MethodPathQueryVersionKeepAlive()
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse("GET /api/x%41y?a=1&b=2 HTTP/1.1\r\nHost: d\r\n\r\n", out r));
            Assert.AreEqual((int)HttpMethod.Get, (int)r.Method);
            Assert.IsTrue(r.PathEquals("/api/xAy"));
            Assert.IsTrue(HttpAscii.Equals(r.Buffer, r.QueryOffset, r.QueryLength, "a=1&b=2"));
            Assert.AreEqual(1, r.VersionMinor);
            Assert.IsTrue(r.KeepAlive);
            Assert.IsTrue(r.AcceptsGzip);
        }

        [TestMethod]
        public void EveryKnownMethod()
        {
            string[] names = { "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS" };
            HttpMethod[] methods = { HttpMethod.Get, HttpMethod.Head, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options };
            for (int i = 0; i < names.Length; i++)
            {
                HttpRequest r;
                Assert.AreEqual(0, Parse(names[i] + " / HTTP/1.1\r\nHost: d\r\n\r\n", out r));
                Assert.AreEqual((int)methods[i], (int)r.Method);
            }
        }

        [TestMethod]
        [DataRow("GET / HTTP/1.1\nHost: d\n\n")]
        [DataRow("GET / HTTP/1.1\r\nHost: d\n\r\n")]
        public void BareLfLineEnds(string head)
        {
            Assert.AreEqual(0, Status(head));
        }

        [TestMethod]
        public void FindHeadEnd_ResumesAndNeedsTheEmptyLine()
        {
            byte[] b = HttpAscii.Encode("GET / HTTP/1.1\r\nHost: d\r\n\r\nrest");
            Assert.AreEqual(-1, HttpRequestParser.FindHeadEnd(b, 0, 0, 26));
            Assert.AreEqual(27, HttpRequestParser.FindHeadEnd(b, 0, 26, 27));
            Assert.AreEqual(27, HttpRequestParser.FindHeadEnd(b, 0, 0, b.Length));
        }

        [TestMethod]
        public void OversizeStatus_MethodTargetOrFields()
        {
            Assert.AreEqual(501, HttpRequestParser.OversizeStatus(HttpAscii.Encode("GETGETGET"), 0, 9));
            Assert.AreEqual(414, HttpRequestParser.OversizeStatus(HttpAscii.Encode("GET /aaaaaaa"), 0, 12));
            Assert.AreEqual(431, HttpRequestParser.OversizeStatus(HttpAscii.Encode("GET / HTTP/1.1\r\nX: aaaa"), 0, 23));
        }

        [TestMethod]
        [DataRow("GET / HTTP/1.0\r\n\r\n", false)]
        [DataRow("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true)]
        [DataRow("GET / HTTP/1.0\r\nConnection: Keep-Alive, close\r\n\r\n", false)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\n\r\n", true)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nconnection: foo, CLOSE\r\n\r\n", false)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nConnection: closed\r\n\r\n", true)]
        public void KeepAlive_ByVersionAndConnection(string head, bool keepAlive)
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse(head, out r));
            Assert.AreEqual(keepAlive, r.KeepAlive);
        }

        [TestMethod]
        [DataRow("GET /\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nA: b\r\n c\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nA\t: b\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nContent-Length: -1\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nContent-Length:\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: deflate\r\n\r\n", 501)]
        [DataRow("GET / HTTP/1.1\r\nHost: d\r\nExpect: 200-ok\r\n\r\n", 417)]
        [DataRow("TRACE / HTTP/1.1\r\nHost: d\r\n\r\n", 501)]
        [DataRow("GET / HTTP/2.0\r\nHost: d\r\n\r\n", 505)]
        [DataRow("GET / HTTP/1.x\r\nHost: d\r\n\r\n", 400)]
        [DataRow("GET /a\u0001b HTTP/1.1\r\nHost: d\r\n\r\n", 400)]
        public void Refused(string head, int status)
        {
            Assert.AreEqual(status, Status(head));
        }

        [TestMethod]
        public void ContentLength_SameValueTwiceIsOne_HugeIsCapped()
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse("POST / HTTP/1.1\r\nHost: d\r\nContent-Length: 12\r\ncontent-length: 12\r\n\r\n", out r));
            Assert.AreEqual(0, Parse("POST / HTTP/1.1\r\nHost: d\r\nContent-Length: 123456789012345678901234567890\r\n\r\n", out r));
            Assert.IsTrue(HttpRequestParser.ContentLengthCap < 1000000000000L);
        }

        [TestMethod]
        public void HeaderLookup_CaseInsensitive_ValueTrimmed()
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse("GET / HTTP/1.1\r\nHost: d\r\nX-Thing: \t value here \t\r\nx-other: 2\r\n\r\n", out r));
            int offset;
            int length;
            Assert.IsTrue(r.TryGetHeader("x-THING", out offset, out length));
            Assert.IsTrue(HttpAscii.Equals(r.Buffer, offset, length, "value here"));
            Assert.IsTrue(r.TryGetHeader(HttpAscii.Encode("x-other"), out offset, out length));
            Assert.IsTrue(HttpAscii.Equals(r.Buffer, offset, length, "2"));
            Assert.IsFalse(r.TryGetHeader("x-none", out offset, out length));
            byte[] copy = new byte[4];
            Assert.AreEqual(-1, r.CopyHeader("X-Thing", copy, 0, copy.Length));
            Assert.AreEqual(1, r.CopyHeader("X-Other", copy, 0, copy.Length));
        }

        [TestMethod]
        [DataRow("", false)]
        [DataRow("gzip", true)]
        [DataRow("GZIP;q=0.001", true)]
        [DataRow("gzip;q=0", false)]
        [DataRow("gzip; q=0.000, *", false)]
        [DataRow("deflate, *;q=0.5", true)]
        [DataRow("deflate, *;q=0", false)]
        [DataRow("identity", false)]
        public void AcceptEncoding_GzipWeight(string value, bool gzip)
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse("GET / HTTP/1.1\r\nHost: d\r\nAccept-Encoding: " + value + "\r\n\r\n", out r));
            Assert.AreEqual(gzip, r.AcceptsGzip);
        }

        [TestMethod]
        public void IfNoneMatch_WeakComparisonAndStar()
        {
            byte[] tag = HttpAscii.Encode("\"abc\"");
            HttpRequest r;
            Assert.AreEqual(0, Parse("GET / HTTP/1.1\r\nHost: d\r\nIf-None-Match: \"x\", W/\"abc\"\r\n\r\n", out r));
            Assert.IsTrue(r.IfNoneMatch(tag));
            Assert.IsFalse(r.IfNoneMatch(HttpAscii.Encode("\"ab\"")));
            Assert.AreEqual(0, Parse("GET / HTTP/1.1\r\nHost: d\r\nIf-None-Match: *\r\n\r\n", out r));
            Assert.IsTrue(r.IfNoneMatch(tag));
            Assert.AreEqual(0, Parse("GET / HTTP/1.1\r\nHost: d\r\n\r\n", out r));
            Assert.IsFalse(r.IfNoneMatch(tag));
            Assert.AreEqual(0, Parse("GET / HTTP/1.1\r\nHost: d\r\nIf-None-Match: abc\r\n\r\n", out r));
            Assert.IsFalse(r.IfNoneMatch(tag));
        }

        [TestMethod]
        public void AbsoluteForm_PathFromTheTarget()
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse("GET https://device:8080/a/b?q HTTP/1.1\r\nHost: d\r\n\r\n", out r));
            Assert.IsTrue(r.PathEquals("/a/b"));
            Assert.AreEqual(0, Parse("GET http://device?q=1 HTTP/1.1\r\nHost: d\r\n\r\n", out r));
            Assert.IsTrue(r.PathEquals("/"));
            Assert.IsTrue(HttpAscii.Equals(r.Buffer, r.QueryOffset, r.QueryLength, "q=1"));
            Assert.AreEqual(400, Status("GET http:///a HTTP/1.1\r\nHost: d\r\n\r\n"));
        }

        [TestMethod]
        public void Expect_100ContinueOnlyInHttp11()
        {
            HttpRequest r;
            Assert.AreEqual(0, Parse("PUT / HTTP/1.1\r\nHost: d\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n", out r));
            Assert.AreEqual(0, Parse("PUT / HTTP/1.0\r\nExpect: whatever\r\nContent-Length: 1\r\n\r\n", out r));
        }
    }
}
