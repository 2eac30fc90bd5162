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

        /// <summary>Counts complete responses in what arrives, without allocating: head, then Content-Length or chunked framing.</summary>
        private sealed class ResponseReader
        {
            private const int HeadState = 0;
            private const int LengthState = 1;
            private const int ChunkSizeState = 2;
            private const int ChunkDataState = 3;
            private const int ChunkEndState = 4;
            private const int LastCrLfState = 5;

            private readonly byte[] _buffer = new byte[4096];
            private int _filled;
            private int _state;
            private long _left;
            private bool _headFirst;

            public void Reset(bool headFirst)
            {
                _filled = 0;
                _state = HeadState;
                _headFirst = headFirst;
            }

            public int Consume(TcpConnection c)
            {
                int done = 0;
                int n;
                while ((n = c.Receive(_buffer, _filled, _buffer.Length - _filled)) > 0)
                {
                    _filled += n;
                    done += Parse();
                }
                return done;
            }

            private int Parse()
            {
                int done = 0;
                while (true)
                {
                    switch (_state)
                    {
                        case HeadState:
                            int end = Find(0, _filled, "\r\n\r\n");
                            if (end < 0) { return done; }
                            int headLength = end + 4;
                            bool bodiless = _headFirst || Find(0, headLength, " 304 ") >= 0 || Find(0, headLength, " 204 ") >= 0;
                            bool chunked = Find(0, headLength, "Transfer-Encoding: chunked") >= 0;
                            _left = bodiless || chunked ? 0 : ContentLength(headLength);
                            _state = bodiless ? LengthState : chunked ? ChunkSizeState : LengthState;
                            _headFirst = false;
                            Shift(headLength);
                            break;
                        case LengthState:
                            int take = (int)Math.Min(_left, _filled);
                            Shift(take);
                            _left -= take;
                            if (_left > 0) { return done; }
                            _state = HeadState;
                            done++;
                            break;
                        case ChunkSizeState:
                            int lineEnd = Find(0, _filled, "\r\n");
                            if (lineEnd < 0) { return done; }
                            _left = 0;
                            for (int i = 0; i < lineEnd; i++) { _left = _left * 16 + HexDigit(_buffer[i]); }
                            Shift(lineEnd + 2);
                            _state = _left == 0 ? LastCrLfState : ChunkDataState;
                            break;
                        case ChunkDataState:
                            int data = (int)Math.Min(_left, _filled);
                            Shift(data);
                            _left -= data;
                            if (_left > 0) { return done; }
                            _state = ChunkEndState;
                            break;
                        default:
                            if (_filled < 2) { return done; }
                            if (_buffer[0] != '\r' || _buffer[1] != '\n') { throw new FormatException("chunk framing"); }
                            Shift(2);
                            if (_state == LastCrLfState)
                            {
                                _state = HeadState;
                                done++;
                            }
                            else
                            {
                                _state = ChunkSizeState;
                            }
                            break;
                    }
                }
            }

            private static int HexDigit(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

            private long ContentLength(int headLength)
            {
                int at = Find(0, headLength, "Content-Length: ");
                long v = 0;
                for (int i = at + 16; _buffer[i] >= '0' && _buffer[i] <= '9'; i++) { v = v * 10 + _buffer[i] - '0'; }
                return v;
            }

            private void Shift(int count)
            {
                Array.Copy(_buffer, count, _buffer, 0, _filled - count);
                _filled -= count;
            }

            private int Find(int from, int end, string s)
            {
                for (int i = from; i + s.Length <= end; i++)
                {
                    int k = 0;
                    while (k < s.Length && _buffer[i + k] == s[k]) { k++; }
                    if (k == s.Length) { return i; }
                }
                return -1;
            }
        }
    }
}
