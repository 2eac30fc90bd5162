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
    /// server keeps (4 slots), beside the stack's own cost for the same exchanges (a TCP echo of the same sizes).
    /// </summary>
    public static class HttpBench
    {
        public static void Run()
        {
            ServerMemory();
            Requests("keep-alive    ", newConnections: false, count: 20000);
            Requests("new connection", newConnections: true, count: 5000);
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
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (Type type in types)
            {
                if (type.Namespace == "Firmware.Services.Http") System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
            long statics = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            var server = new HttpServer(tcp, config);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            int buffers = config.Slots * config.RequestBufferBytes + config.ResponseBufferBytes;
            GC.KeepAlive(server);
            Console.WriteLine($"http server memory  {config.Slots} slots x {config.RequestBufferBytes} B + {config.ResponseBufferBytes} B shared: {bytes} B ({buffers} B buffers + {bytes - buffers} B objects) + {statics} B static tables, once (host CLR object sizes; budget on the device 8192 B)");
        }

        private static void Requests(string label, bool newConnections, int count)
        {
            var macA = new QueueMac(QueueMac.Mac(1), 256);
            var macB = new QueueMac(QueueMac.Mac(2), 256);
            QueueMac.Connect(macA, macB);
            var a = new NetworkStack(new StackConfig(), macA, new SystemRandomSource(1));
            var b = new NetworkStack(new StackConfig(), macB, new SystemRandomSource(2));
            a.SetAddress(0x0A000001, 24, 0, 0);
            b.SetAddress(0x0A000002, 24, 0, 0);
            var tcpA = new TcpLayer(new TcpConfig { MinRtoMs = 200, TimeWaitEntries = 8 }, a.Output, new SystemRandomSource(3));
            var tcpB = new TcpLayer(new TcpConfig { MinRtoMs = 200, MslMs = 1000 }, b.Output, new SystemRandomSource(4));
            a.AttachTransport(6, tcpA);
            b.AttachTransport(6, tcpB);
            var server = new HttpServer(tcpB, new HttpServerConfig());
            long uptime = 0;
            server.MapGet("/api/status", (request, response) =>
            {
                JsonWriter json = response.Json();
                json.BeginObject();
                json.Property("uptimeMs", uptime);
                json.Property("requests", server.Counters.Requests);
                json.EndObject();
            });
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
                    c = tcpA.Connect(0x0A000002, 80, now);
                }
                int sent = 0;
                int got = 0;
                int expected = -1;
                for (int step = 0; ; step++)
                {
                    if (step > 1_000_000) throw new InvalidOperationException("http bench stuck at request " + done);
                    if (c.State == TcpState.Established && sent < request.Length) sent += c.Send(request, sent, request.Length - sent);
                    a.Poll(now);
                    b.Poll(now);
                    server.Poll(now);
                    int n;
                    while ((n = c.Receive(buffer, got, buffer.Length - got)) > 0) got += n;
                    if (expected < 0) expected = ResponseLength(buffer, got);
                    if (expected > 0 && got >= expected && (!newConnections || c.IsReceiveClosed)) break;
                    long next = Math.Min(Math.Min(a.NextDeadlineMs, b.NextDeadlineMs), server.NextDeadlineMs);
                    if (next > now && macA.Pending == 0 && macB.Pending == 0) now = Math.Min(next, now + 10);
                    uptime = now;
                }
                done++;
                if (newConnections)
                {
                    c.Close();
                    c = null;
                }
            }
            watch.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long segments = tcpA.Counters.SegmentsOut + tcpB.Counters.SegmentsOut - segmentsBefore;
            double perSecond = count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"http {label}  {perSecond,9:F0} requests/s (GET /api/status, JSON; whole stack both ends, one thread; {segments / (double)count:F1} segments/request; {allocated} B allocated = {(double)allocated / count:F2} B/request; {now / 1000.0:F1} s virtual)");
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
