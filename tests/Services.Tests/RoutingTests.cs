using System;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>Routes (exact and one trailing wildcard segment), the decoded path, the query by name, header fields by name.</summary>
    public class RoutingTests
    {
        private static HttpTestResponse Get(HttpBed bed, string target, string fields = "")
        {
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET " + target + " HTTP/1.1\r\nHost: d\r\n" + fields + "\r\n");
            c.Close();
            return r;
        }

        [Fact]
        public void Wildcard_OneSegmentOnly()
        {
            var bed = new HttpBed(withSite: true);
            Assert.Equal("{\"pin\":7,\"value\":0}", Get(bed, "/api/gpio/7").BodyText);
            Assert.Equal(404, Get(bed, "/api/gpio/").Status);
            Assert.Equal(404, Get(bed, "/api/gpio/7/x").Status);
            Assert.Equal(404, Get(bed, "/api/gpio/99").Status);
            Assert.Equal(404, Get(bed, "/api/gpio").Status);
        }

        [Fact]
        public void PercentEncodedPath_DecodedBeforeMatching()
        {
            var bed = new HttpBed();
            Assert.Equal("{\"pin\":5,\"value\":0}", Get(bed, "/api/%67pio/%35").BodyText);
            Assert.Equal(200, Get(bed, "/api/status?x=1").Status);
        }

        [Fact]
        public void Query_ReadByName_Decoded()
        {
            var bed = new HttpBed();
            Assert.Equal("{\"name\":\"a b&c\",\"n\":-42}", Get(bed, "/api/query?x=1&name=a+b%26c&n=-42").BodyText);
            Assert.Equal("{}", Get(bed, "/api/query").BodyText);
            Assert.Equal("{\"name\":\"\"}", Get(bed, "/api/query?name").BodyText);
            Assert.Equal("{}", Get(bed, "/api/query?names=1&n=x").BodyText);
            Assert.Equal("{\"name\":\"\\u0001\"}", Get(bed, "/api/query?name=%01").BodyText);
        }

        [Fact]
        public void HeaderByName_CaseInsensitive()
        {
            var bed = new HttpBed();
            Assert.Equal("hello there", Get(bed, "/api/header", "X-TEST:   hello there  \r\n").BodyText);
            Assert.Equal(400, Get(bed, "/api/header", "X-Tester: no\r\n").Status);
        }

        [Fact]
        public void ExactRouteWinsOverWildcard_FirstWildcardWins()
        {
            var bed = new HttpBed(withSite: false);
            bed.Server.MapGet("/a/*", (q, s) => s.Body.WriteAscii("wild"));
            bed.Server.MapGet("/a/exact", (q, s) => s.Body.WriteAscii("exact"));
            Assert.Equal("exact", Get(bed, "/a/exact").BodyText);
            Assert.Equal("wild", Get(bed, "/a/other").BodyText);
        }

        [Fact]
        public void Registration_BadPathsDuplicatesAndOverflowThrow()
        {
            var router = new HttpRouter(2);
            HttpHandler h = (q, s) => { };
            Assert.Throws<ArgumentException>(() => router.Map(HttpMethod.Get, "relative", h));
            Assert.Throws<ArgumentException>(() => router.Map(HttpMethod.Get, "/a*", h));
            Assert.Throws<ArgumentException>(() => router.Map(HttpMethod.Get, "/*/b", h));
            Assert.Throws<ArgumentException>(() => router.Map(HttpMethod.Head, "/a", h));
            router.Map(HttpMethod.Get, "/a", h);
            Assert.Throws<InvalidOperationException>(() => router.Map(HttpMethod.Get, "/a", h));
            router.Map(HttpMethod.Post, "/a", h);
            Assert.Throws<InvalidOperationException>(() => router.Map(HttpMethod.Put, "/b", h));
        }
    }
}
