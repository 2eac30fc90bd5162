using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Firmware.App;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.Bench
{
    /// <summary>
    /// Prints figures, each beside a reference measured in the same run (timing on shared machines is noisy:
    /// read the ratios). Usage: dotnet run -c Release --project tools/Bench [-- --megabytes N]; with
    /// <c>-- --interpreter</c>, the device's figures on the nanoCLR interpreter instead (see <see cref="InterpreterBench"/>);
    /// with <c>-- --wrk</c>, only wrk against the simulator (see <see cref="HttpLoadBench"/>); with <c>-- --loss</c>, only
    /// goodput under loss in the deterministic simulation (see <see cref="LossBench"/>); with <c>-- --tap</c>, only the
    /// simulator against the kernel over a TAP in a namespace of its own (root; see <see cref="TapBench"/>).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (Array.IndexOf(args, "--interpreter") >= 0)
            {
                return InterpreterBench.Run();
            }
            if (Array.IndexOf(args, "--wrk") >= 0)
            {
                HttpLoadBench.Run();
                return 0;
            }
            int[] lossRings = { 2048, 2920, 4096, 4380, 8192 };
            for (int i = 0; i + 1 < args.Length; i++)
            {
                if (args[i] == "--loss-rings") lossRings = Array.ConvertAll(args[i + 1].Split(','), int.Parse);
            }
            if (Array.IndexOf(args, "--loss") >= 0)
            {
                LossBench.Run(5, lossRings);
                return 0;
            }
            if (Array.IndexOf(args, "--tap") >= 0)
            {
                TapBench.Run();
                return 0;
            }
            int megabytes = 20;
            for (int i = 0; i + 1 < args.Length; i++)
            {
                if (args[i] == "--megabytes") megabytes = int.Parse(args[i + 1]);
            }
            Console.WriteLine("bench: host " + Environment.ProcessorCount + " cores, .NET " + Environment.Version);
            ChecksumBench();
            StaticMemoryBench();
            TcpBench(megabytes, 2048);
            TcpBench(megabytes, 8192);
            LossBench.Run(5, lossRings);
            TapBench.Run();
            HttpBench.Run();
            HttpLoadBench.Run();
            return 0;
        }

        /// <summary>Our RFC 1071 loop (two words an iteration) against the plain textbook loop (one word an iteration).</summary>
        private static void ChecksumBench()
        {
            byte[] segment = new byte[1460];
            new Random(1).NextBytes(segment);
            const int rounds = 200_000;
            uint sink = 0;
            for (int i = 0; i < 10_000; i++) { sink += (uint)(Checksum.Compute(segment, 0, segment.Length) + Textbook(segment)); }
            var ours = Stopwatch.StartNew();
            for (int i = 0; i < rounds; i++) sink += Checksum.Compute(segment, 0, segment.Length);
            ours.Stop();
            var reference = Stopwatch.StartNew();
            for (int i = 0; i < rounds; i++) sink += Textbook(segment);
            reference.Stop();
            if (Checksum.Compute(segment, 0, segment.Length) != Textbook(segment)) throw new InvalidOperationException("checksums disagree");
            double oursNs = ours.Elapsed.TotalMilliseconds * 1e6 / rounds;
            double refNs = reference.Elapsed.TotalMilliseconds * 1e6 / rounds;
            Console.WriteLine($"checksum 1460 B     ours {oursNs,8:F0} ns   textbook loop {refNs,8:F0} ns   ratio {refNs / oursNs:F2}x (host JIT; the interpreter gains more)   [{sink & 1}]");
        }

        private static ushort Textbook(byte[] b)
        {
            uint sum = 0;
            for (int i = 0; i + 1 < b.Length; i += 2) sum += (uint)(b[i] << 8 | b[i + 1]);
            if ((b.Length & 1) != 0) sum += (uint)(b[b.Length - 1] << 8);
            while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
        }

        /// <summary>What the device app allocates at boot: every buffer, socket and table (the steady state adds nothing).</summary>
        private static void StaticMemoryBench()
        {
            foreach (int connections in new[] { 2, 4, 8 })
            {
                var config = new AppConfig();
                config.Tcp.Connections = connections;
                var mac = new QueueMac(QueueMac.Mac(2), 1);
                var random = new SystemRandomSource(1);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var app = new DeviceApp(config, mac, random);
                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                GC.KeepAlive(app);
                Console.WriteLine($"static memory       device app with {connections} TCP connections x {config.Tcp.ReceiveBufferBytes}+{config.Tcp.SendBufferBytes} B: {bytes / 1024.0,6:F1} KB (host CLR object sizes; the nanoCLR's are similar for byte arrays)");
            }
        }

        /// <summary>
        /// Bulk TCP through two whole stacks (Ethernet, ARP, IPv4, TCP) in one thread over an in-memory cable, against
        /// the Linux kernel's TCP over loopback moving the same bytes.
        /// </summary>
        private static void TcpBench(int megabytes, int ringBytes)
        {
            long total = (long)megabytes * 1024 * 1024;
            var tcpConfig = new TcpConfig { ReceiveBufferBytes = ringBytes, SendBufferBytes = ringBytes, MinRtoMs = 200 };
            var pair = new StackPair(tcpConfig, tcpConfig);
            NetworkStack a = pair.A, b = pair.B;
            TcpLayer tcpA = pair.TcpA, tcpB = pair.TcpB;
            Firmware.Net.Transport.TcpListener listener = tcpB.Listen(9, 1);
            long now = 0;
            TcpConnection client = tcpA.Connect(StackPair.AddressB, 9, now);
            TcpConnection server = null;
            byte[] chunk = new byte[4096];
            long sent = 0, received = 0, polls = 0;
            long allocatedBefore = 0;
            var watch = new Stopwatch();
            while (received < total && polls < 50_000_000)
            {
                if (server == null)
                {
                    server = listener.Accept();
                    if (server != null)
                    {
                        allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                        watch.Start();
                    }
                }
                if (client.State == TcpState.Established && sent < total)
                {
                    sent += client.Send(chunk, 0, (int)Math.Min(chunk.Length, total - sent));
                }
                if (server != null)
                {
                    int n;
                    while ((n = server.Receive(chunk, 0, chunk.Length)) > 0) received += n;
                }
                a.Poll(now);
                b.Poll(now);
                polls++;
                // Virtual time advances only when neither side has work now (then to the next deadline).
                long next = Math.Min(a.NextDeadlineMs, b.NextDeadlineMs);
                if (next > now && pair.CableIdle) now = Math.Min(next, now + 10);
            }
            watch.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            double oursMBps = received / 1048576.0 / watch.Elapsed.TotalSeconds;
            int segments = tcpA.Counters.SegmentsOut + tcpB.Counters.SegmentsOut;

            double kernelMBps = KernelLoopback(total);
            Console.WriteLine($"tcp {megabytes} MB, {ringBytes / 1024} KB rings  ours {oursMBps,7:F1} MB/s (whole stack both ends, one thread; {segments} segments, {allocated} B allocated = {(double)allocated / Math.Max(1, segments):F2} B/segment, {now / 1000.0:F1} s virtual)   kernel loopback {kernelMBps,7:F1} MB/s   ratio {kernelMBps / oursMBps:F1}x");
        }

        /// <summary>The Linux kernel's TCP over 127.0.0.1 (its default socket buffers: shrinking them after connect only stalls it), the same bytes in 4 KB writes.</summary>
        private static double KernelLoopback(long total)
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var watch = Stopwatch.StartNew();
            var writer = new Thread(() =>
            {
                using var c = new System.Net.Sockets.TcpClient();
                c.Connect(IPAddress.Loopback, port);
                byte[] data = new byte[4096];
                using NetworkStream s = c.GetStream();
                for (long left = total; left > 0; left -= data.Length) s.Write(data, 0, (int)Math.Min(data.Length, left));
            });
            writer.Start();
            using (System.Net.Sockets.TcpClient server = listener.AcceptTcpClient())
            {
                byte[] buffer = new byte[4096];
                using NetworkStream s = server.GetStream();
                long got = 0;
                int n;
                while (got < total && (n = s.Read(buffer, 0, buffer.Length)) > 0) got += n;
            }
            writer.Join();
            listener.Stop();
            watch.Stop();
            return total / 1048576.0 / watch.Elapsed.TotalSeconds;
        }
    }
}
