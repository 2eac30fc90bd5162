using System;
using System.Diagnostics;
using System.Text;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Http;

namespace Firmware.Bench
{
    /// <summary>
    /// The HTTP server through two whole stacks in one thread over an in-memory cable: requests per second on one
    /// keep-alive connection and with a new connection per request, bytes allocated per request, and the heap the
    /// server keeps (4 slots); beside each, the same exchanges answered by a canned responder (the same response
    /// bytes, no parsing), so the ratio is what the HTTP layer costs over the stack.
    /// </summary>
    public static class HttpBench
    {
        public static void Run()
        {
            ServerMemory();
            Compare("keep-alive    ", newConnections: false, count: 20000);
            Compare("new connection", newConnections: true, count: 5000);
        }

        /// <summary>What new HttpServer(tcp, config) allocates with the default config (4 slots × 1 KB, 1 KB shared response buffer).</summary>
        private static void ServerMemory()
        {
            var mac = new QueueMac(QueueMac.Mac(2), 1);
            var stack = new NetworkStack(new StackConfig(), mac, new SystemRandomSource(1));
            var tcp = new TcpLayer(new TcpConfig(), stack.Output, new SystemRandomSource(2));
            var config = new HttpServerConfig();
            // The static tables first (reason phrases, header names, media types: once per process, whatever the slots).
            Type[] types = typeof(HttpServer).Assembly.GetTypes();
            long before = GC.GetTotalMemory(true);
            foreach (Type type in types)
            {
                if (type.Namespace == "Firmware.Services.Http") System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
            long statics = GC.GetTotalMemory(true) - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            long retainedBefore = GC.GetTotalMemory(true);
            var server = new HttpServer(tcp, config);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            long retained = GC.GetTotalMemory(true) - retainedBefore;
            int buffers = config.Slots * config.RequestBufferBytes + config.ResponseBufferBytes;
            GC.KeepAlive(server);
            Console.WriteLine($"http server memory  {config.Slots} slots x {config.RequestBufferBytes} B + {config.ResponseBufferBytes} B shared: {bytes} B allocated, {retained} B retained ({buffers} B of buffers + objects), static tables {statics} B once (host CLR object sizes; nanoCLR: a 12-byte block per field on an ESP32; budget 8192 B)");
        }

        private static void Compare(string label, bool newConnections, int count)
        {
            // Rounds of each for a second first: tiered compilation promotes the hot code, so neither side pays for the JIT.
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 1000)
            {
                Requests(newConnections, 2000, true, out _, out _, out _);
                Requests(newConnections, 2000, false, out _, out _, out _);
            }
            double ours = Requests(newConnections, count, true, out long allocated, out double segments, out long virtualMs);
            double canned = Requests(newConnections, count, false, out _, out _, out _);
            Console.WriteLine($"http {label}  {ours,8:F0} requests/s (GET /api/status, JSON; both stacks, one thread; {segments:F1} segments/request; {allocated} B allocated = {(double)allocated / count:F2} B/request; {virtualMs / 1000.0:F1} s virtual)   canned responder {canned,8:F0} requests/s   ratio {canned / ours:F2}x");
        }

        /// <summary>Requests per second: the HTTP server, or a responder that sends the same response bytes without parsing.</summary>
        private static double Requests(bool newConnections, int count, bool http, out long allocated, out double segmentsPerRequest, out long virtualMs)
        {
            var pair = new StackPair(new TcpConfig { MinRtoMs = 200 }, new TcpConfig { MinRtoMs = 200, MslMs = 1000 });
            NetworkStack a = pair.A, b = pair.B;
            TcpLayer tcpA = pair.TcpA, tcpB = pair.TcpB;
            HttpServer server = null;
            CannedResponder canned = null;
            if (http)
            {
                server = new HttpServer(tcpB, new HttpServerConfig());
                server.MapGet("/api/status", (request, response) =>
                {
                    JsonWriter json = response.Json();
                    json.BeginObject();
                    json.Property("uptimeMs", 123456);
                    json.Property("requests", 654321);
                    json.EndObject();
                });
            }
            else
            {
                canned = new CannedResponder(tcpB, newConnections);
            }
            byte[] request = newConnections
                ? Encoding.ASCII.GetBytes("GET /api/status HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                : Encoding.ASCII.GetBytes("GET /api/status HTTP/1.1\r\nHost: bench\r\n\r\n");
            byte[] buffer = new byte[2048];
            long now = 0;
            TcpConnection c = null;
            int done = 0;
            int warmUp = count / 10;
            long allocatedBefore = 0;
            long segmentsBefore = 0;
            var watch = new Stopwatch();
            while (done < count + warmUp)
            {
                if (done == warmUp && !watch.IsRunning)
                {
                    allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    segmentsBefore = tcpA.Counters.SegmentsOut + tcpB.Counters.SegmentsOut;
                    watch.Start();
                }
                if (c == null)
                {
                    c = tcpA.Connect(StackPair.AddressB, 80, now);
                }
                int sent = 0;
                int got = 0;
                int expected = -1;
                for (int step = 0; ; step++)
                {
                    if (step > 1_000_000) throw new InvalidOperationException("http bench stuck at request " + done + " state " + c.State + " got " + got + " expected " + expected + " now " + now + (http ? " " + server.Counters.Describe() + " slot0 " + server.GetSlotState(0) : ""));
                    if (c.State == TcpState.Established && sent < request.Length) sent += c.Send(request, sent, request.Length - sent);
                    a.Poll(now);
                    b.Poll(now);
                    if (http) server.Poll(now); else canned.Poll();
                    int n;
                    while ((n = c.Receive(buffer, got, buffer.Length - got)) > 0) got += n;
                    if (expected < 0) expected = ResponseLength(buffer, got);
                    if (expected > 0 && got >= expected && (!newConnections || c.IsReceiveClosed)) break;
                    long next = Math.Min(Math.Min(a.NextDeadlineMs, b.NextDeadlineMs), http ? server.NextDeadlineMs : long.MaxValue);
                    if (next > now && pair.CableIdle) now = Math.Min(next, now + 10);
                }
                done++;
                if (newConnections)
                {
                    c.Close();
                    c = null;
                }
            }
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            segmentsPerRequest = (tcpA.Counters.SegmentsOut + tcpB.Counters.SegmentsOut - segmentsBefore) / (double)count;
            virtualMs = now;
            return count / watch.Elapsed.TotalSeconds;
        }

        /// <summary>The reference: reads a request up to its empty line and sends a fixed response of the size the server's has.</summary>
        private sealed class CannedResponder
        {
            private static readonly byte[] KeepAliveResponse = Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 37\r\n\r\n{\"uptimeMs\":123456,\"requests\":654321}");
            private static readonly byte[] CloseResponse = Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 37\r\nConnection: close\r\n\r\n{\"uptimeMs\":123456,\"requests\":654321}");
            private readonly Firmware.Net.Transport.TcpListener _listener;
            private readonly bool _close;
            private readonly byte[] _buffer = new byte[1024];
            private TcpConnection _c;
            private int _filled;

            public CannedResponder(TcpLayer tcp, bool close)
            {
                _listener = tcp.Listen(80, 4);
                _close = close;
            }

            public void Poll()
            {
                if (_c == null)
                {
                    _c = _listener.Accept();
                    _filled = 0;
                    if (_c == null) return;
                }
                _filled += _c.Receive(_buffer, _filled, _buffer.Length - _filled);
                if (_filled >= 4 && _buffer[_filled - 1] == '\n' && _buffer[_filled - 2] == '\r' && _buffer[_filled - 3] == '\n')
                {
                    byte[] response = _close ? CloseResponse : KeepAliveResponse;
                    _c.Send(response, 0, response.Length);
                    _filled = 0;
                    if (_close)
                    {
                        _c.Close();
                        _c = null;
                    }
                }
                else if (_c.IsReceiveClosed || _c.State == TcpState.Closed)
                {
                    _c.Close();
                    _c = null;
                }
            }
        }

        /// <summary>Head length + Content-Length once the head is in, else -1 (no allocation).</summary>
        private static int ResponseLength(byte[] b, int length)
        {
            for (int i = 3; i < length; i++)
            {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r')
                {
                    int head = i + 1;
                    for (int k = 0; k + 16 < head; k++)
                    {
                        if (b[k] == 'C' && b[k + 8] == 'L' && b[k + 14] == ':')
                        {
                            int v = 0;
                            for (int d = k + 16; b[d] >= '0' && b[d] <= '9'; d++) v = v * 10 + b[d] - '0';
                            return head + v;
                        }
                    }
                    return head;
                }
            }
            return -1;
        }
    }
}
