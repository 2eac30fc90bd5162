using System;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Firmware.Services.Http;
using Services.Tests.Www;
using Xunit;

namespace Services.Tests
{
    /// <summary>The files of www/ compiled in by tools/pack-www.py, served by StaticContent as the server's fallback.</summary>
    public class StaticContentTests
    {
        private static string WwwFile(string name, [CallerFilePath] string here = "")
            => Path.Combine(Path.GetDirectoryName(here), "www", name);

        private static byte[] Gunzip(byte[] data)
        {
            using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }

        [Fact]
        public void Index_GzipWhenAccepted_DecompressesToTheSourceFile()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET / HTTP/1.1\r\nHost: d\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n");
            Assert.Equal(200, r.Status);
            Assert.Equal("gzip", r.Header("Content-Encoding"));
            Assert.Equal("Accept-Encoding", r.Header("Vary"));
            Assert.Equal("text/html; charset=utf-8", r.Header("Content-Type"));
            Assert.Equal("no-cache", r.Header("Cache-Control"));
            Assert.Matches("^\"[0-9a-f]{16}-gz\"$", r.Header("ETag"));
            Assert.Equal(File.ReadAllBytes(WwwFile("index.html")), Gunzip(r.Body));
            HttpTestResponse same = c.Exchange("GET /index.html HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(r.Body, same.Body);
            Assert.Equal(r.Header("ETag"), same.Header("ETag"));
        }

        [Fact]
        public void NoAcceptEncoding_MeansAnyCoding_Gzip()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /css/site.css HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("gzip", r.Header("Content-Encoding"));
            Assert.Equal(File.ReadAllBytes(WwwFile("css/site.css")), Gunzip(r.Body));
        }

        [Theory]
        [InlineData("identity")]
        [InlineData("gzip;q=0, identity")]
        [InlineData("br")]
        [InlineData("*;q=0")]
        [InlineData("")]
        public void GzipRefused_406(string acceptEncoding)
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /app.js HTTP/1.1\r\nHost: d\r\nAccept-Encoding: " + acceptEncoding + "\r\n\r\n");
            Assert.Equal(406, r.Status);
            Assert.False(r.ClosesConnection);
            Assert.Equal(1, bed.Server.Counters.NotAcceptable);
        }

        [Theory]
        [InlineData("gzip;q=0.5")]
        [InlineData("*")]
        [InlineData("identity;q=1, *;q=0.1")]
        [InlineData("x-gzip")]
        public void GzipAccepted(string acceptEncoding)
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /app.js HTTP/1.1\r\nHost: d\r\nAccept-Encoding: " + acceptEncoding + "\r\n\r\n");
            Assert.Equal(200, r.Status);
            Assert.Equal(File.ReadAllBytes(WwwFile("app.js")), Gunzip(r.Body));
        }

        [Fact]
        public void IncompressibleFile_StoredAsIs_ServedToAnyone()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("GET /favicon.ico HTTP/1.1\r\nHost: d\r\nAccept-Encoding: identity\r\n\r\n");
            Assert.Equal(200, r.Status);
            Assert.Null(r.Header("Content-Encoding"));
            Assert.Null(r.Header("Vary"));
            Assert.Equal("image/x-icon", r.Header("Content-Type"));
            Assert.Equal(File.ReadAllBytes(WwwFile("favicon.ico")), r.Body);
        }

        [Fact]
        public void IfNoneMatch_304WithValidators_NoBody()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            string etag = c.Exchange("GET /app.js HTTP/1.1\r\nHost: d\r\n\r\n").Header("ETag");
            HttpTestResponse r = c.Exchange("GET /app.js HTTP/1.1\r\nHost: d\r\nIf-None-Match: \"other\", W/" + etag + "\r\n\r\n");
            Assert.Equal("HTTP/1.1 304 Not Modified", r.StatusLine);
            Assert.Equal(etag, r.Header("ETag"));
            Assert.Equal("no-cache", r.Header("Cache-Control"));
            Assert.Null(r.Header("Content-Length"));
            Assert.Equal(304, c.Exchange("GET /app.js HTTP/1.1\r\nHost: d\r\nIf-None-Match: *\r\n\r\n").Status);
            Assert.Equal(200, c.Exchange("GET /app.js HTTP/1.1\r\nHost: d\r\nIf-None-Match: \"other\"\r\n\r\n").Status);
            Assert.Equal(2, bed.Server.Counters.NotModified);
            Assert.Empty(c.Received);
        }

        [Fact]
        public void Head_StaticFile_LengthWithoutBody()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("HEAD /index.html HTTP/1.1\r\nHost: d\r\n\r\n", head: true);
            Assert.Equal(200, r.Status);
            Assert.True(int.Parse(r.Header("Content-Length")) > 100);
            Assert.Equal(200, c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }

        [Fact]
        public void PostToAFile_405_MissingFile_404()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            HttpTestResponse r = c.Exchange("DELETE /app.js HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(405, r.Status);
            Assert.Equal("GET, HEAD, OPTIONS", r.Header("Allow"));
            Assert.Equal(404, c.Exchange("GET /missing.js HTTP/1.1\r\nHost: d\r\n\r\n").Status);
        }

        [Fact]
        public void Generated_StoredBytesAddUp()
        {
            StaticFile[] files = SampleSite.CreateFiles();
            Assert.Equal(5, files.Length);
            Assert.Same(files[2].Content, files[3].Content);
            int total = 0;
            foreach (StaticFile f in files)
            {
                if (!(f.Path.Length == 1)) { total += f.Content.Length; }
            }
            Assert.Equal(SampleSite.StoredBytes, total);
        }
    }
}
