using System;
using System.Text;
using Firmware.Net.Transport;
using Firmware.Services.Http;
using Xunit;

namespace Services.Tests
{
    /// <summary>
    /// The steady state allocates nothing: after a warm-up, thousands of keep-alive requests (JSON, a POST body,
    /// a chunked body, a static file, a 304, a 404, a pipelined pair, a streamed body) through both stacks, the
    /// server and an allocation-free client, measured with GC.GetAllocatedBytesForCurrentThread.
    /// </summary>
    public class AllocationTests
    {
        private static readonly byte[][] Requests =
        {
            Ascii("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n"),
            Ascii("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 11\r\n\r\nhello world"),
            Ascii("PUT /api/gpio/2 HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n1\r\n0\r\n\r\n"),
            Ascii("GET /app.js HTTP/1.1\r\nHost: d\r\nAccept-Encoding: gzip\r\n\r\n"),
            Ascii("GET /index.html HTTP/1.1\r\nHost: d\r\nIf-None-Match: \"x\", W/\"8ad5079760832e02-gz\"\r\n\r\n"),
            Ascii("GET /api/query?name=a+b&n=5 HTTP/1.1\r\nHost: d\r\n\r\n"),
            Ascii("GET /nope HTTP/1.1\r\nHost: d\r\n\r\n"),
            Ascii("HEAD /api/gpio/2 HTTP/1.1\r\nHost: d\r\n\r\nGET /api/gpio/2 HTTP/1.1\r\nHost: d\r\n\r\n"),
            Ascii("OPTIONS /api/status HTTP/1.1\r\nHost: d\r\n\r\n"),
            Ascii("GET /stream HTTP/1.1\r\nHost: d\r\n\r\n"),
        };

        // Responses each request gets (the HEAD+GET pair gets two).
        private static readonly int[] ResponsesPer = { 1, 1, 1, 1, 1, 1, 1, 2, 1, 1 };

        private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

        [Fact]
        public void ThousandsOfKeepAliveRequests_ZeroBytesAllocated()
        {
            var bed = new HttpBed();
            TcpConnection c = bed.ClientTcp.Connect(HttpBed.ServerAddress, 80, bed.Now);
            while (c.State != TcpState.Established) { bed.Step(); }
            var reader = new ResponseReader();
            int requests = 0;
            long allocatedAtWarm = 0;
            const int warmUp = 200;
            const int measured = 2000;
            for (int i = 0; i < warmUp + measured; i++)
            {
                if (i == warmUp)
                {
                    allocatedAtWarm = GC.GetAllocatedBytesForCurrentThread();
                }
                int k = i % Requests.Length;
                byte[] request = Requests[k];
                int sent = 0;
                int responses = 0;
                reader.Reset(k == 7);
                for (int step = 0; responses < ResponsesPer[k]; step++)
                {
                    if (step > 100000) { throw new TimeoutException("request " + i + " (" + k + ") got no response"); }
                    if (sent < request.Length) { sent += c.Send(request, sent, request.Length - sent); }
                    bed.Step();
                    responses += reader.Consume(c);
                }
                requests++;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedAtWarm;
            HttpCounters n = bed.Server.Counters;
            Assert.Equal(0, allocated);
            Assert.Equal(1, n.Connections);
            Assert.Equal(warmUp + measured + (warmUp + measured) / Requests.Length, n.Requests);
            Assert.Equal((warmUp + measured) / Requests.Length, n.NotFound);
            Assert.Equal((warmUp + measured) / Requests.Length, n.NotModified);
            Assert.Equal((warmUp + measured) / Requests.Length, n.StreamsCompleted);
            Assert.Equal(0, n.Aborted + n.BadRequests + n.InternalErrors);
            Assert.True(requests >= 1000);
        }
    }
}
