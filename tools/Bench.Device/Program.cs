using System;
using Firmware.App;
using Firmware.DeviceHarness;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;
using Firmware.Services.Http;
using Firmware.Services.Sntp;

namespace Firmware.Bench.Device
{
    /// <summary>
    /// Prints one <c>BENCH key value unit what</c> line a figure, then the verdict. Times are wall time of the code under
    /// test on this runtime (the device's share only, where two stacks run); heap figures need nanoFramework.Runtime.Native
    /// (nanoCLR) and read <c>n/a</c> elsewhere. The calibration loop lets a board owner scale: time the same loop on the board.
    /// </summary>
    public static class Program
    {
        private const int CalibrationIterations = 200000;
        private const int TransferBytes = 1024 * 1024;
        private const int FullSegmentBytes = 1460;
        // README, heap budget: the default (device) profile's ceiling on this 64-bit interpreter (HeapTests asserts it).
        private const int DeviceHeapBudgetBytes = 40960;

        private static long s_calibrationTicks;

        // Results land here so the optimizer keeps the work, and built objects stay alive while the heap is read.
        private static int s_sink;
        private static object s_keep;

        public static void Main()
        {
            bool passed = true;
            try
            {
                Calibrate();
                Checksums();
                Heap();
                passed = Traffic();
            }
            catch (Exception e)
            {
                Console.WriteLine("exception: " + e.GetType().FullName + ": " + e.Message);
                passed = false;
            }
            Console.WriteLine(passed ? "RESULT=PASS" : "RESULT=FAIL");
        }

        // A loop of one multiply-add a turn: the unit every time below is also expressed in. The fastest of ten runs: a
        // single run, early in the program, read up to three times slow on a busy host (0.094 us against 0.033), and
        // every figure in the unit with it.
        private static void Calibrate()
        {
            const int runs = 10;
            const int perRun = CalibrationIterations / runs;
            Loop(CalibrationIterations);  // warm-up: the clock's first read, and .NET's JIT tiers
            long fastest = long.MaxValue;
            for (int run = 0; run < runs; run++)
            {
                long start = Ticks.Now;
                s_sink = Loop(perRun);
                long ticks = Ticks.Now - start;
                if (ticks < fastest)
                {
                    fastest = ticks;
                }
            }
            s_calibrationTicks = fastest * runs;
            Time("calibration", s_calibrationTicks, CalibrationIterations, "one iteration of the calibration loop (x = x * 31 + i), the fastest of 10 runs");
        }

        private static int Loop(int iterations)
        {
            int x = 1;
            for (int i = 0; i < iterations; i++)
            {
                x = x * 31 + i;
            }
            return x;
        }

        // Checksum.Compute against the byte loop it replaced (two words a turn), interleaved so both see the same load.
        private static void Checksums()
        {
            byte[] data = new byte[FullSegmentBytes];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 13);
            }
            const int rounds = 20;
            const int passes = 10;
            ushort sum = 0;
            long ours = 0;
            long loop = 0;
            long floor = 0;
            ulong reads = 0;
            for (int pass = 0; pass < passes; pass++)
            {
                long floorStart = Ticks.Now;
                for (int i = 0; i < rounds; i++)
                {
                    reads ^= ReadsOnly(data);
                }
                floor += Ticks.Now - floorStart;
                long start = Ticks.Now;
                for (int i = 0; i < rounds; i++)
                {
                    sum ^= Checksum.Compute(data, 0, data.Length);
                }
                long middle = Ticks.Now;
                for (int i = 0; i < rounds; i++)
                {
                    sum ^= Checksum.Finish(Checksum.AddByWords(0, data, 0, data.Length));
                }
                loop += Ticks.Now - middle;
                ours += middle - start;
            }
            s_sink = sum;
            Time("checksum-1460", ours, rounds * passes, "RFC 1071 checksum over 1460 bytes (Checksum: native 8-byte reads)");
            Time("checksum-1460-loop", loop, rounds * passes, "the same by the byte loop it replaced (two words a turn), for reference");
            s_sink ^= (int)reads;
            Time("checksum-1460-floor", floor, rounds * passes, "the native 8-byte reads over 1460 bytes alone, no sum: below this no checksum goes on this runtime");
        }

        // Every 8 bytes read once through mscorlib's native read and only XORed: the least work that touches each byte.
        private static ulong ReadsOnly(byte[] data)
        {
            ulong x = 0;
            int end = data.Length & ~7;
            for (int i = 0; i < end; i += 8)
            {
                x ^= System.BitConverter.ToUInt64(data, i);
            }
            return x;
        }

        private static void Heap()
        {
            MemoryMac mac = new MemoryMac(2, 4);
            SeededRandom random = new SeededRandom(7);
            long before = HeapProbe.FreeBytes();
            NetworkStack stack = new NetworkStack(new StackConfig(), mac, random);
            long afterStack = HeapProbe.FreeBytes();
            TcpLayer tcp = new TcpLayer(new TcpConfig(), stack.Output, random);
            long afterTcp = HeapProbe.FreeBytes();
            HttpServerConfig httpConfig = new HttpServerConfig();
            long beforeHttp = HeapProbe.FreeBytes();
            HttpServer http = new HttpServer(tcp, httpConfig);
            long afterHttp = HeapProbe.FreeBytes();
            s_keep = http;
            Bytes("heap-networkstack", before, afterStack, "NetworkStack, default StackConfig (general-purpose: the simulator's)");
            Bytes("heap-tcplayer", afterStack, afterTcp, "TcpLayer, default TcpConfig");
            Bytes("heap-httpserver", beforeHttp, afterHttp, "HttpServer, default config (4 slots x 1 KB, 1 KB response buffer), no routes");
            // Byte arrays cost the same on both heaps; the rest is objects, whose 24-byte blocks here are 12 on an ESP32.
            long buffers = (long)httpConfig.Slots * httpConfig.RequestBufferBytes + httpConfig.ResponseBufferBytes;
            long server = beforeHttp - afterHttp;
            Bytes("heap-httpserver-esp32", beforeHttp < 0 ? -1 : buffers + (server - buffers) / 2, 0,
                "HttpServer on an ESP32, estimated: its " + buffers.ToString() + " bytes of buffers plus half of the rest (12-byte blocks)");
            s_keep = null;

            Clients();

            // The device profile (a new AppConfig) by component: each a difference of two apps, so they add up.
            AppConfig device = new AppConfig();
            long whole = AppHeap(device);
            long withConfig = DefaultAppHeap();
            Bytes("heap-deviceapp", withConfig, 0, "DeviceApp with its default AppConfig, the device profile (stack, TCP, web server, DHCP, resolver, SNTP, DNS server, mDNS), the configuration it keeps included: budget "
                + DeviceHeapBudgetBytes.ToString());
            Bytes("heap-device-config", withConfig, whole, "device profile: the AppConfig (and the services' configurations in it) that the app keeps");
            Bytes("heap-deviceapp-test", AppHeap(AppConfig.TestProfile()), 0, "DeviceApp with AppConfig.TestProfile (the simulator's: + echo, discard, chargen, general-purpose stack sizes)");
            AppConfig part = NoServices();
            part.TcpEnabled = false;
            long stackOnly = AppHeap(part);
            Bytes("heap-device-stack", stackOnly, 0, "device profile: the app and NetworkStack (StackConfig.DeviceProfile)");
            long bare = AppHeap(NoServices());
            Bytes("heap-device-tcp", bare, stackOnly, "device profile: TcpLayer (" + device.Tcp.Connections.ToString() + " connections x "
                + device.Tcp.ReceiveBufferBytes.ToString() + "+" + device.Tcp.SendBufferBytes.ToString() + " B rings)");
            part = NoServices(); part.HttpEnabled = true;
            long web = AppHeap(part);
            Bytes("heap-device-web", web, bare, "device profile: the web server and DeviceWeb");
            Bytes("heap-device-clients", whole, web, "device profile: DHCP + resolver + SNTP, the DNS server and mDNS (their receive buffer; the answer buffer is the web server's)");
            Bytes("heap-deviceapp-bare", bare, 0, "DeviceApp with TCP and no services (no web server)");
            AppConfig one = NoServices(); one.TcpEchoEnabled = true;
            Bytes("heap-service-tcp-echo", AppHeap(one), bare, "TCP echo service");
            one = NoServices(); one.TcpDiscardEnabled = true;
            Bytes("heap-service-tcp-discard", AppHeap(one), bare, "TCP discard service");
            one = NoServices(); one.TcpChargenEnabled = true;
            Bytes("heap-service-tcp-chargen", AppHeap(one), bare, "TCP chargen service");
            one = NoServices(); one.UdpEchoEnabled = true;
            Bytes("heap-service-udp-echo", AppHeap(one), bare, "UDP echo service");
            one = NoServices(); one.UdpDiscardEnabled = true;
            Bytes("heap-service-udp-discard", AppHeap(one), bare, "UDP discard service");
            one = NoServices(); one.HttpEnabled = true;
            Bytes("heap-service-web", AppHeap(one), bare, "the web server with the device's routes and status page (DeviceWeb)");
            one = NoServices(); one.DhcpEnabled = true; one.DnsEnabled = true; one.SntpEnabled = true;
            Bytes("heap-service-clients", AppHeap(one), bare, "DHCP client + resolver + SNTP client in the app, with their shared message buffer (the configs are always built)");
            one = NoServices(); one.DnsServerEnabled = true;
            Bytes("heap-service-dns-server", AppHeap(one), bare, "the authoritative DNS server in the app (zone, 2 TCP slots, 6-source rate limiter, its UDP socket's ring is the stack's; query and answer buffers of 512 bytes, shared with mDNS)");
            one = NoServices(); one.MdnsEnabled = true;
            Bytes("heap-service-mdns", AppHeap(one), bare, "the mDNS/DNS-SD responder in the app (its names; receive and send buffers of 512 bytes, shared with the DNS server)");
            one = NoServices(); one.DnsServerEnabled = true; one.MdnsEnabled = true;
            Bytes("heap-service-dns-and-mdns", AppHeap(one), bare, "the DNS server and the mDNS responder together (issue 9's budget: 6144)");
            DnsServerHeap();
        }

        // The DNS server alone, on a stack and TCP of its own (not counted); its configuration built first, as the app's is.
        private static void DnsServerHeap()
        {
            SeededRandom random = new SeededRandom(10);
            NetworkStack stack = new NetworkStack(new StackConfig(), new MemoryMac(6, 4), random);
            TcpLayer tcp = new TcpLayer(new TcpConfig(), stack.Output, random);
            DnsServerConfig config = new DnsServerConfig();
            long before = HeapProbe.FreeBytes();
            DnsZone zone = new DnsZone("lan", config.ZoneRecords, config.ZoneBytes);
            zone.SetHost("device.lan");
            DnsServer server = new DnsServer(stack, tcp, config, zone);
            long after = HeapProbe.FreeBytes();
            s_keep = server;
            Bytes("heap-dns-server", before, after, "DnsServer + DnsZone, default DnsServerConfig (512-byte query and answer buffers, 2 TCP slots, 8-entry rate limiter, 8 records / 384 B zone)");
            s_keep = null;
        }

        // The clients' heap, each built on a stack of its own (whose sockets they use; the stack is not counted).
        private static void Clients()
        {
            SeededRandom random = new SeededRandom(9);
            StackConfig stackConfig = new StackConfig();
            stackConfig.UdpSockets = 6;
            NetworkStack stack = new NetworkStack(stackConfig, new MemoryMac(2, 4), random);
            // As for the HTTP server, the configurations are the app's and are built first; the clients share one
            // message buffer, as the device app builds them (counted with DHCP, whose 576 bytes are the largest need).
            DhcpConfig dhcpConfig = new DhcpConfig();
            DnsResolverConfig dnsConfig = new DnsResolverConfig();
            SntpConfig sntpConfig = new SntpConfig();
            WallClock clock = new WallClock();
            long start = HeapProbe.FreeBytes();
            byte[] messages = new byte[dhcpConfig.MaxMessageBytes];
            DhcpClient dhcp = new DhcpClient(stack, dhcpConfig, random, messages);
            long afterDhcp = HeapProbe.FreeBytes();
            DnsResolver resolver = new DnsResolver(stack, dnsConfig, random, messages);
            long afterResolver = HeapProbe.FreeBytes();
            SntpClient sntp = new SntpClient(stack, sntpConfig, clock, resolver, random, messages);
            long afterSntp = HeapProbe.FreeBytes();
            s_keep = sntp;
            s_sink = dhcp.ConfigurationVersion;
            Bytes("heap-dhcp", start, afterDhcp, "DhcpClient, default DhcpConfig, with the 576-byte message buffer the three share");
            Bytes("heap-resolver", afterDhcp, afterResolver, "DnsResolver, default config (8-entry cache of 64-byte names, 2 queries of 128-byte names)");
            Bytes("heap-sntp", afterResolver, afterSntp, "SntpClient, default SntpConfig");
            Bytes("heap-clients", start, afterSntp, "DHCP + resolver (8-entry cache) + SNTP together (budget 6144)");
            s_keep = null;
            // The UDP sockets they hold while they work come from the stack's table (StackConfig.UdpSockets): one socket's cost.
            long beforeStacks = HeapProbe.FreeBytes();
            NetworkStack stackFour = new NetworkStack(new StackConfig(), new MemoryMac(3, 4), random);
            long afterFour = HeapProbe.FreeBytes();
            s_keep = stackFour;
            NetworkStack stackSix = new NetworkStack(stackConfig, new MemoryMac(4, 4), random);
            long afterSix = HeapProbe.FreeBytes();
            s_sink = stackSix.Udp.Capacity + stackFour.Udp.Capacity;
            long socket = beforeStacks < 0 ? -1 : ((afterFour - afterSix) - (beforeStacks - afterFour)) / 2;
            Bytes("heap-udp-socket", socket, 0, "one more UDP socket in the stack (default StackConfig: 1536-byte ring); the device profile has 6, each with its service's ring (StackConfig.UdpSocketRingBytes)");
            s_keep = null;
        }

        private static AppConfig NoServices()
        {
            AppConfig config = new AppConfig();
            config.UdpEchoEnabled = false;
            config.UdpDiscardEnabled = false;
            config.TcpEchoEnabled = false;
            config.TcpDiscardEnabled = false;
            config.TcpChargenEnabled = false;
            config.HttpEnabled = false;
            config.DhcpEnabled = false;
            config.DnsEnabled = false;
            config.SntpEnabled = false;
            config.DnsServerEnabled = false;
            config.MdnsEnabled = false;
            return config;
        }

        // The default app with its AppConfig built inside the measurement and let go: what the app keeps of it counts.
        private static long DefaultAppHeap()
        {
            MemoryMac mac = new MemoryMac(2, 4);
            SeededRandom random = new SeededRandom(7);
            long before = HeapProbe.FreeBytes();
            s_keep = NewDefaultApp(mac, random);
            long after = HeapProbe.FreeBytes();
            s_keep = null;
            return before < 0 ? -1 : before - after;
        }

        private static DeviceApp NewDefaultApp(MemoryMac mac, SeededRandom random)
        {
            return new DeviceApp(new AppConfig(), mac, random);
        }

        // Free heap consumed by building a DeviceApp (its MAC built beforehand); -1 when there is no heap figure.
        // Bytes(key, a, b) prints a - b, so a difference of two of these reads as the extra part's cost.
        private static long AppHeap(AppConfig config)
        {
            MemoryMac mac = new MemoryMac(2, 4);
            SeededRandom random = new SeededRandom(7);
            long before = HeapProbe.FreeBytes();
            s_keep = new DeviceApp(config, mac, random);
            long after = HeapProbe.FreeBytes();
            s_keep = null;
            return before < 0 ? -1 : before - after;
        }

        private static bool Traffic()
        {
            // The device profile, plus the three test services the figures below use as instruments (UDP echo, TCP
            // discard and chargen): what a board pays per packet, with the services a board runs polled beside.
            AppConfig config = new AppConfig();
            config.UdpEchoEnabled = true;
            config.TcpDiscardEnabled = true;
            config.TcpChargenEnabled = true;
            config.Tcp.Listeners += 2;  // the device profile listens on 80 and 53; the instruments on 9 and 19
            // Full-size segments: the device profile's 1 KB receive ring would make the peer send 1 KB ones. Two
            // segments' worth, so the peer keeps two in flight and the ACK every second one is the device's rhythm.
            config.Tcp.ReceiveBufferBytes = 2920;
            TestBed bed = new TestBed(config, 11);
            bed.Start();
            byte[] chunk = new byte[FullSegmentBytes];
            byte[] buffer = new byte[FullSegmentBytes];
            bed.Run(10);

            // Idle: nothing to receive, no timer due.
            const int idleRounds = 2000;
            long start = Ticks.Now;
            for (int i = 0; i < idleRounds; i++)
            {
                bed.App.Poll(bed.NowMs);
            }
            long idleTicks = Ticks.Now - start;
            Time("poll-idle", idleTicks, idleRounds, "DeviceApp.Poll with nothing to do");

            // Ping: the device's share of each request/reply (the peer's Poll not counted).
            const int pings = 200;
            bed.Peer.SendEchoRequest(TestBed.DeviceAddress, 1, 0, 56);
            bed.Run(5);
            int replies = bed.Peer.Icmp.EchoRepliesReceived;
            bed.TimeDevice = true;
            bed.DevicePollTicks = 0;
            for (int i = 1; i <= pings; i++)
            {
                bed.Peer.SendEchoRequest(TestBed.DeviceAddress, 1, (ushort)i, 56);
                bed.Step();
                bed.Step();
            }
            bed.TimeDevice = false;
            bool ok = bed.Peer.Icmp.EchoRepliesReceived - replies == pings;
            Time("ping", bed.DevicePollTicks, pings, "device: one 56-byte echo request in, reply out");

            // UDP: datagrams to the echo service, device's share.
            const int datagrams = 200;
            UdpSocket socket = bed.Peer.OpenUdp();
            socket.Bind(40000);
            bed.TimeDevice = true;
            bed.DevicePollTicks = 0;
            int echoed = 0;
            uint source;
            int sourcePort;
            for (int i = 0; i < datagrams; i++)
            {
                socket.SendTo(TestBed.DeviceAddress, 7, chunk, 0, 200);
                bed.Step();
                bed.Step();
                while (socket.TryReceiveFrom(buffer, 0, buffer.Length, out source, out sourcePort) >= 0)
                {
                    echoed++;
                }
            }
            bed.TimeDevice = false;
            ok &= echoed == datagrams;
            Time("udp-echo", bed.DevicePollTicks, datagrams, "device: one 200-byte datagram in, echoed out (service included)");

            // TCP: warm up once, then measure 1 MiB each way and the heap across it.
            ok &= bed.Push(9, 64 * 1024, chunk, buffer, 60000) == 64 * 1024;
            long heapBefore = HeapProbe.FreeBytes();
            int segmentsIn = bed.App.Tcp.Counters.SegmentsIn;
            bed.TimeDevice = true;
            bed.DevicePollTicks = 0;
            bed.DeviceBusyPollTicks = 0;
            int pushed = bed.Push(9, TransferBytes, chunk, buffer, 600000);
            bed.TimeDevice = false;
            long heapAfter = HeapProbe.FreeBytes();
            ok &= pushed == TransferBytes;
            Time("tcp-receive-1460", bed.DevicePollTicks, TransferBytes / FullSegmentBytes, "device: 1460 bytes of TCP payload received (discard service), idle polls included");
            Time("tcp-segment-in", bed.DeviceBusyPollTicks, bed.App.Tcp.Counters.SegmentsIn - segmentsIn,
                "device: one data segment received, in the polls that took a frame: frame in, checksums, TCP, copy into the ring, discard's read, ACK out");
            Count("tcp-receive-segments", bed.App.Tcp.Counters.SegmentsIn - segmentsIn, "segments the device took in for 1 MiB");
            Bytes("heap-retained-1mib", heapBefore, heapAfter, "heap retained across a 1 MiB transfer (must be 0)");

            int segmentsOut = bed.App.Tcp.Counters.SegmentsOut;
            bed.TimeDevice = true;
            bed.DevicePollTicks = 0;
            int pulled = bed.Pull(19, TransferBytes, buffer, 600000);
            bed.TimeDevice = false;
            ok &= pulled >= TransferBytes;
            Time("tcp-send-1460", bed.DevicePollTicks, TransferBytes / FullSegmentBytes, "device: 1460 bytes of TCP payload sent (chargen service)");
            Count("tcp-send-segments", bed.App.Tcp.Counters.SegmentsOut - segmentsOut, "segments the device sent for 1 MiB");

            ok &= ReceivePathBench.Run(400, idleTicks, idleRounds);
            ok &= Http(bed);
            ok &= ClientsTraffic();
            if (!ok)
            {
                Console.WriteLine("traffic: pings " + (bed.Peer.Icmp.EchoRepliesReceived - replies).ToString() + " udp " + echoed.ToString()
                    + " pushed " + pushed.ToString() + " pulled " + pulled.ToString());
            }
            return ok;
        }

        // Keep-alive GET /api/status: the device's share, both stacks' rate, and the heap across 1,000 requests.
        private static bool Http(TestBed bed)
        {
            const int warmUp = 20;
            const int requests = 1000;
            PeerHttpClient client = new PeerHttpClient(bed, 2048);
            byte[] request = PeerHttpClient.Ascii("GET /api/status HTTP/1.1\r\nHost: device\r\n\r\n");
            bool ok = true;
            for (int i = 0; i < warmUp; i++)
            {
                ok &= client.Exchange(request, 5000) && client.Status == 200;
            }
            long heapBefore = HeapProbe.FreeBytes();
            bed.TimeDevice = true;
            bed.DevicePollTicks = 0;
            long start = Ticks.Now;
            for (int i = 0; i < requests; i++)
            {
                ok &= client.Exchange(request, 5000) && client.Status == 200;
            }
            long wall = Ticks.Now - start;
            bed.TimeDevice = false;
            long heapAfter = HeapProbe.FreeBytes();
            client.Close();
            Time("http-request", bed.DevicePollTicks, requests, "device: one keep-alive GET /api/status (169-byte JSON) in, response out");
            Count("http-requests-per-second", (int)(requests * 10000000L / (wall > 0 ? wall : 1)), "keep-alive GET /api/status through both stacks, peer included");
            Bytes("heap-retained-http-1000", heapBefore, heapAfter, "heap retained across 1,000 keep-alive requests (must be 0)");
            if (!ok)
            {
                Console.WriteLine("http: a request failed (status " + client.Status.ToString() + ")");
            }
            return ok;
        }

        private static ClientsBed s_clients;
        private static int s_target;
        private static int s_lookup;

        private static bool ClientsBound() { return s_clients.App.Dhcp.State == DhcpState.Bound; }

        private static bool RenewalsReached() { return s_clients.App.Dhcp.Counters.Renewals >= s_target; }

        private static bool SyncsReached() { return s_clients.App.Sntp.Counters.Synchronizations >= s_target; }

        private static bool LookupDone() { return s_clients.App.Resolver.GetStatus(s_lookup) != DnsStatus.Pending; }

        // Heap retained across DHCP renewals, DNS lookups (cache hits and queries) and SNTP rounds on this runtime.
        private static bool ClientsTraffic()
        {
            AppConfig config = new AppConfig();
            config.Sntp.MaxPollSeconds = 64;
            ClientsBed bed = new ClientsBed(config, 13, 20);
            s_clients = bed;
            DeviceApp app = bed.App;
            bed.Start();
            bool ok = bed.RunUntil(ClientsBound, 60000);
            s_target = 2;
            ok &= bed.RunUntil(RenewalsReached, 60000);
            ok &= Lookups(bed, 4) == 4;

            const int renewals = 30;
            long heapBefore = HeapProbe.FreeBytes();
            s_target = app.Dhcp.Counters.Renewals + renewals;
            ok &= bed.RunUntil(RenewalsReached, renewals * 15000L);
            long heapAfter = HeapProbe.FreeBytes();
            Bytes("heap-retained-dhcp-renewals", heapBefore, heapAfter, "heap retained across " + renewals.ToString() + " DHCP renewals (must be 0)");

            const int lookups = 100;
            int queriesBefore = app.Resolver.Counters.QueriesOut;
            heapBefore = HeapProbe.FreeBytes();
            int resolved = Lookups(bed, lookups);
            heapAfter = HeapProbe.FreeBytes();
            ok &= resolved == lookups;
            Bytes("heap-retained-dns-lookups", heapBefore, heapAfter, "heap retained across " + lookups.ToString() + " lookups, "
                + (app.Resolver.Counters.QueriesOut - queriesBefore).ToString() + " of them queries (must be 0)");

            const int rounds = 10;
            heapBefore = HeapProbe.FreeBytes();
            s_target = app.Sntp.Counters.Synchronizations + rounds;
            ok &= bed.RunUntil(SyncsReached, rounds * 70000L);
            heapAfter = HeapProbe.FreeBytes();
            Bytes("heap-retained-sntp-rounds", heapBefore, heapAfter, "heap retained across " + rounds.ToString() + " SNTP rounds (must be 0)");
            if (!ok)
            {
                Console.WriteLine("clients: " + app.Dhcp.Describe(bed.NowMs) + "; " + app.Resolver.Counters.Describe() + "; " + app.Sntp.Counters.Describe());
            }
            return ok;
        }

        // Alternates a cached name and one the server says does not exist (never cached without an SOA): hits and queries.
        private static int Lookups(ClientsBed bed, int count)
        {
            int answered = 0;
            for (int i = 0; i < count; i++)
            {
                s_lookup = bed.App.Resolver.Resolve((i & 1) == 0 ? "printer.lan" : "nothere.lan", bed.NowMs);
                if (s_lookup >= 0 && bed.RunUntil(LookupDone, 20000))
                {
                    DnsStatus status = bed.App.Resolver.GetStatus(s_lookup);
                    if (status == ((i & 1) == 0 ? DnsStatus.Resolved : DnsStatus.NotFound))
                    {
                        answered++;
                    }
                }
                bed.App.Resolver.Release(s_lookup);
            }
            return answered;
        }

        internal static void Time(string key, long ticks, int count, string what)
        {
            // Ticks are 100 ns; the calibration unit is one loop iteration.
            string calibration = s_calibrationTicks > 0
                ? (ticks * CalibrationIterations / s_calibrationTicks / count).ToString()
                : "-";
            Console.WriteLine("BENCH " + key + " " + Ticks.Microseconds(ticks, count) + " us " + calibration + " cal " + what);
        }

        private static void Bytes(string key, long before, long after, string what)
        {
            Console.WriteLine("BENCH " + key + " " + (before < 0 || after < 0 ? "n/a" : (before - after).ToString()) + " bytes - - " + what);
        }

        private static void Count(string key, int value, string what)
        {
            Console.WriteLine("BENCH " + key + " " + value.ToString() + " count - - " + what);
        }
    }
}
