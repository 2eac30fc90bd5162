using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Firmware.Bench
{
    /// <summary>
    /// The simulated device against the Linux kernel over a TAP, in network namespaces the bench creates and deletes
    /// (fwbench-PID, and fwbench-PID-N for the discard peers that run side by side: every packet stays inside them).
    /// A python3 client in a namespace moves the bytes; the simulator runs with its default settings unless a row says
    /// otherwise. Needs root, ip, python3 and /dev/net/tun; skipped
    /// with the reason otherwise. The lwIP rows build tools/Bench/lwip/lwip-peer.c against Debian's liblwip-dev.
    /// </summary>
    internal static class TapBench
    {
        private const string Tap = "tap0";
        private const string Kernel = "10.0.0.1";
        private const string Device = "10.0.0.2";

        /// <summary>Issue 12's faults, on every frame the device sends and receives.</summary>
        public static readonly string[] Faults = { "--drop", "0.05", "--duplicate", "0.02", "--reorder", "0.05", "--delay", "0.1", "--seed", "7" };

        private const string ClientScript = @"
import socket, sys, threading, time
address, port, length, mode, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
payload = bytes((i * 31 + (i >> 8)) & 255 for i in range(65536)) * (length // 65536 + 1)
payload = payload[:length]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(limit)
start = time.monotonic()
try:
    s.connect((address, port))
    got = bytearray()
    def reader():
        while True:
            chunk = s.recv(65536)
            if not chunk: return
            got.extend(chunk)
    t = threading.Thread(target=reader, daemon=True)
    if mode == 'echo': t.start()
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    if mode == 'echo':
        t.join(limit)
        if t.is_alive() or bytes(got) != payload:
            print('FAIL echo: %d of %d bytes back' % (len(got), length)); sys.exit(1)
    else:
        if s.recv(1) != b'':
            print('FAIL discard answered'); sys.exit(1)
    print('OK %.3f' % (time.monotonic() - start))
except Exception as e:
    print('FAIL %r after %.3f s' % (e, time.monotonic() - start)); sys.exit(1)
";

        [DllImport("libc")]
        private static extern uint geteuid();

        [DllImport("libc")]
        private static extern int kill(int pid, int signal);

        /// <summary>Why the TAP rows cannot run here, or null.</summary>
        public static string Missing()
        {
            if (!OperatingSystem.IsLinux()) return "not Linux";
            if (geteuid() != 0) return "not root (namespaces and TAP devices need CAP_NET_ADMIN)";
            if (!File.Exists("/dev/net/tun")) return "no /dev/net/tun";
            if (Which("ip") == null || Which("python3") == null) return "ip and python3 are needed on PATH";
            if (!File.Exists(SimulatorDll)) return "no Simulator.dll beside Bench";
            return null;
        }

        private static string SimulatorDll => Path.Combine(AppContext.BaseDirectory, "Simulator.dll");

        public static void Run()
        {
            string missing = Missing();
            if (missing != null)
            {
                Console.WriteLine("tap                 skipped: " + missing);
                return;
            }
            const int echoBytes = 1024 * 1024;
            // Side by side: the same 1 MiB echo through the same simulator build, clean and with the faults.
            Result clean = Transfer("echo", 7, echoBytes, Array.Empty<string>(), 120);
            Result faulty = Transfer("echo", 7, echoBytes, Faults, 120);
            Console.WriteLine($"tap echo 1 MiB      kernel <-> device, default settings: clean {clean.Describe()}   with faults ({string.Join(" ", Faults, 0, 8)}, both ways) {faulty.Describe()}   goal <= 60 s: {(faulty.Ok && faulty.Seconds <= 60 ? "met" : "NOT met")}");
            if (faulty.Counters != null)
            {
                Console.WriteLine("tap echo 1 MiB      device with faults: " + faulty.Counters);
            }
            // Kernel -> device discard, no faults, at the default window and at 8 KB and 64 KB (--tcp-rx-buffer), and the
            // same into lwIP (Debian's build: a 64 KB window) through the same TAP setup. The simulator runs without
            // its capture ring, as a device does (AppConfig.CaptureBufferBytes: 0), so each frame is not copied once
            // more. Every peer stays up in a namespace of its own for all its transfers: a first connection (the .NET
            // JIT compiles and then recompiles the simulator's receive path while it runs; lwIP is compiled ahead of
            // time), a pause for the recompiling to finish, then DiscardTurns transfers taking turns, so a change of
            // load on a shared machine falls on every peer alike. Each figure is a peer's median turn.
            const int megabytes = 32;
            string peer = BuildLwipPeer(out string why);
            var peers = new[]
            {
                new DiscardPeer("ours, receive ring 4380 B (default)", 0, null),
                new DiscardPeer("8 KB", 8192, null),
                new DiscardPeer("64 KB", 65536, null),
                new DiscardPeer("lwIP 2.1.3 (64 KB window)", 0, peer) { Error = peer == null ? why : null },
            };
            MeasureDiscard(peers, megabytes * 1024 * 1024, DiscardTurns, 120);
            var line = new StringBuilder($"tap discard {megabytes} MiB  kernel -> device, median of {DiscardTurns} turns after a first connection (the peer's CPU) [first connection]:");
            foreach (var p in peers)
            {
                line.Append("   ").Append(p.Name).Append(' ').Append(p.Describe());
            }
            Console.WriteLine(line);
            DiscardPeer eight = peers[1], big = peers[2], lwip = peers[3];
            if (big.Ok && lwip.Ok && eight.Ok)
            {
                var turns = new StringBuilder();
                for (int i = 0; i < DiscardTurns; i++)
                {
                    turns.Append(i == 0 ? "" : " ").Append((lwip.Seconds[i] / big.Seconds[i]).ToString("F2", CultureInfo.InvariantCulture));
                }
                Console.WriteLine($"tap discard {megabytes} MiB  ours / lwIP at equal 64 KB windows: {lwip.MedianSeconds / big.MedianSeconds:F2}x (goal >= 1.0; turn by turn {turns}; first connections {lwip.FirstSeconds / big.FirstSeconds:F2}x; CPU a transfer {lwip.MedianCpuSeconds / big.MedianCpuSeconds:F2}x)   ours at 8 KB / lwIP at 64 KB: {lwip.MedianSeconds / eight.MedianSeconds:F2}x");
            }
        }

        /// <summary>Transfers a peer makes after its first connection, taking turns with the others.</summary>
        public const int DiscardTurns = 9;

        /// <summary>One discard peer of <see cref="MeasureDiscard"/>: the simulator at a receive ring, or the lwIP peer.</summary>
        internal sealed class DiscardPeer
        {
            public readonly string Name;
            public readonly int RingBytes;
            public readonly string LwipPeer;
            public readonly List<double> Seconds = new List<double>();
            /// <summary>The peer's processor time (user and system, all its threads) in each turn.</summary>
            public readonly List<double> CpuSeconds = new List<double>();
            public double FirstSeconds;
            public long Bytes;
            public string Error;
            public Peer Running;

            public DiscardPeer(string name, int ringBytes, string lwipPeer)
            {
                Name = name;
                RingBytes = ringBytes;
                LwipPeer = lwipPeer;
            }

            public bool Ok => Error == null && Seconds.Count > 0;

            public double MedianSeconds => Median(Seconds);

            public double MedianCpuSeconds => Median(CpuSeconds);

            public string Describe() => Ok
                ? $"{MedianSeconds:F2} s ({Bytes * 8 / 1e6 / MedianSeconds:F0} Mbit/s, {MedianCpuSeconds * 1000:F0} ms CPU) [{FirstSeconds:F2} s]"
                : "failed: " + Error;

            private static double Median(List<double> values)
            {
                var sorted = new List<double>(values);
                sorted.Sort();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
        }

        /// <summary>
        /// Starts every peer (a namespace each), gives each its first connection, waits a second, then runs
        /// <paramref name="turns"/> rounds of one transfer a peer, the order rotating each round; tears all down.
        /// </summary>
        internal static void MeasureDiscard(DiscardPeer[] peers, int bytes, int turns, int limitSeconds)
        {
            try
            {
                for (int i = 0; i < peers.Length; i++)
                {
                    DiscardPeer p = peers[i];
                    if (p.Error != null)
                    {
                        continue;
                    }
                    string[] extra = p.LwipPeer != null ? null : p.RingBytes > 0
                        ? new[] { "--capture-kb", "0", "--tcp-rx-buffer", p.RingBytes.ToString(CultureInfo.InvariantCulture) }
                        : new[] { "--capture-kb", "0" };
                    p.Running = Peer.Start("fwbench-" + Environment.ProcessId + "-" + (i + 1).ToString(CultureInfo.InvariantCulture),
                        extra, limitSeconds * (turns + 2), p.LwipPeer, out p.Error);
                    if (p.Error == null)
                    {
                        Result first = p.Running.Client("discard", 9, bytes, limitSeconds);
                        p.Error = first.Ok ? null : first.Error;
                        p.FirstSeconds = first.Seconds;
                        p.Bytes = bytes;
                    }
                }
                Thread.Sleep(1000);
                for (int turn = 0; turn < turns; turn++)
                {
                    for (int k = 0; k < peers.Length; k++)
                    {
                        DiscardPeer p = peers[(turn + k) % peers.Length];
                        if (p.Error != null)
                        {
                            continue;
                        }
                        double cpu = p.Running.ProcessorSeconds;
                        Result r = p.Running.Client("discard", 9, bytes, limitSeconds);
                        if (r.Ok)
                        {
                            p.Seconds.Add(r.Seconds);
                            p.CpuSeconds.Add(p.Running.ProcessorSeconds - cpu);
                        }
                        else
                        {
                            p.Error = r.Error;
                        }
                    }
                }
            }
            finally
            {
                foreach (var p in peers)
                {
                    p.Running?.Dispose();
                }
            }
        }

        internal sealed class Result
        {
            public bool Ok;
            public double Seconds;
            public long Bytes;
            public string Error;
            public string Counters;

            public double MegabytesPerSecond => Bytes / 1048576.0 / Seconds;

            public string Describe() => Ok ? $"{Seconds:F1} s ({Bytes * 8 / 1e6 / Seconds:F1} Mbit/s)" : "failed: " + Error;
        }

        /// <summary>
        /// Compiles tools/Bench/lwip/lwip-peer.c (copied beside Bench.dll) against Debian's liblwip-dev into a temporary
        /// folder; null, with the reason, when it cannot (apt-get install liblwip-dev gcc pkg-config).
        /// </summary>
        private static string BuildLwipPeer(out string why)
        {
            why = null;
            string source = Path.Combine(AppContext.BaseDirectory, "lwip", "lwip-peer.c");
            if (!File.Exists(source) || !File.Exists("/usr/include/lwip/lwipopts.h") || Which("gcc") == null)
            {
                why = "skipped: needs gcc and liblwip-dev (apt-get install gcc liblwip-dev)";
                return null;
            }
            string binary = Path.Combine(Path.GetTempPath(), "fwbench-lwip-peer-" + Environment.ProcessId);
            string error = Run("gcc", 120000, "-O2", "-o", binary, source, "-I/usr/include/lwip", "-llwip", "-lpthread");
            if (error != null)
            {
                why = error;
                return null;
            }
            return binary;
        }

        /// <summary>
        /// One namespace, one peer (the simulator with <paramref name="simulatorArguments"/>, or the lwIP peer at
        /// <paramref name="lwipPeer"/>), one client run; everything torn down before it returns.
        /// </summary>
        private static Result Transfer(string mode, int port, int bytes, string[] simulatorArguments, int limitSeconds, string lwipPeer = null)
        {
            using Peer peer = Peer.Start("fwbench-" + Environment.ProcessId, simulatorArguments, limitSeconds, lwipPeer, out string error);
            if (error != null)
            {
                return new Result { Bytes = bytes, Error = error };
            }
            Result result = peer.Client(mode, port, bytes, limitSeconds);
            result.Counters = peer.Stop();
            return result;
        }

        /// <summary>
        /// A network namespace with a TAP (the kernel at 10.0.0.1) and a peer attached to it at 10.0.0.2: the simulator
        /// or the lwIP peer. Disposing stops the peer and deletes the namespace.
        /// </summary>
        internal sealed class Peer : IDisposable
        {
            private readonly string _namespace;
            private readonly StringBuilder _output = new StringBuilder();
            private Process _process;

            private Peer(string ns)
            {
                _namespace = ns;
            }

            /// <summary>Starts a peer that runs for <paramref name="limitSeconds"/> plus 30 s at most; null and the reason when it cannot.</summary>
            public static Peer Start(string ns, string[] simulatorArguments, int limitSeconds, string lwipPeer, out string error)
            {
                var peer = new Peer(ns);
                error = peer.Launch(simulatorArguments, limitSeconds, lwipPeer);
                if (error != null)
                {
                    peer.Dispose();
                    return null;
                }
                return peer;
            }

            private string Launch(string[] simulatorArguments, int limitSeconds, string lwipPeer)
            {
                Run("ip", 10000, "netns", "del", _namespace);
                string error = Run("ip", 10000, "netns", "add", _namespace)
                    ?? Run("ip", 10000, "-n", _namespace, "tuntap", "add", "dev", Tap, "mode", "tap")
                    ?? Run("ip", 10000, "-n", _namespace, "addr", "add", Kernel + "/24", "dev", Tap)
                    ?? Run("ip", 10000, "-n", _namespace, "link", "set", Tap, "up")
                    ?? Run("ip", 10000, "-n", _namespace, "link", "set", "lo", "up");
                if (error != null)
                {
                    return error;
                }
                var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                string seconds = (limitSeconds + 30).ToString(CultureInfo.InvariantCulture);
                string[] command = lwipPeer != null
                    ? new[] { "netns", "exec", _namespace, lwipPeer, Tap, Device, seconds }
                    : new[] { "netns", "exec", _namespace, "dotnet", SimulatorDll, "--tap", Tap, "--ip", Device + "/24", "--quiet", "--seconds", seconds };
                foreach (string a in command) info.ArgumentList.Add(a);
                foreach (string a in simulatorArguments ?? Array.Empty<string>()) info.ArgumentList.Add(a);
                using var running = new ManualResetEventSlim(false);
                _process = new Process { StartInfo = info };
                _process.OutputDataReceived += (_, e) =>
                {
                    if (e.Data == null) return;
                    lock (_output) _output.AppendLine(e.Data);
                    if (e.Data.StartsWith("simulator: running", StringComparison.Ordinal) || e.Data.StartsWith("lwip: running", StringComparison.Ordinal)) running.Set();
                };
                _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
                _process.Start();
                _process.BeginOutputReadLine();
                _process.BeginErrorReadLine();
                if (!running.Wait(30000))
                {
                    lock (_output) return "the peer did not start: " + _output;
                }
                return null;
            }

            /// <summary>
            /// The peer's processor time so far, in seconds: `ip netns exec` execs the peer in its own process, so this
            /// is the simulator's or the lwIP peer's, with the kernel's work done on its behalf (its reads and writes).
            /// </summary>
            public double ProcessorSeconds
            {
                get
                {
                    _process.Refresh();
                    return _process.TotalProcessorTime.TotalSeconds;
                }
            }

            /// <summary>One python3 client run in the namespace: <paramref name="bytes"/> to the peer's port, echoed or discarded.</summary>
            public Result Client(string mode, int port, int bytes, int limitSeconds)
            {
                var result = new Result { Bytes = bytes };
                string client = Exec(limitSeconds * 1000 + 10000, "ip", "netns", "exec", _namespace, "python3", "-c", ClientScript, Device,
                    port.ToString(CultureInfo.InvariantCulture), bytes.ToString(CultureInfo.InvariantCulture), mode,
                    limitSeconds.ToString(CultureInfo.InvariantCulture));
                Match ok = Regex.Match(client, @"^OK ([0-9.]+)", RegexOptions.Multiline);
                if (ok.Success)
                {
                    result.Ok = true;
                    result.Seconds = double.Parse(ok.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else
                {
                    result.Error = client.Trim();
                }
                return result;
            }

            /// <summary>Stops the peer (SIGTERM: the simulator prints its counters) and returns its TCP recovery counters, or null.</summary>
            public string Stop()
            {
                if (_process == null || _process.HasExited)
                {
                    return null;
                }
                kill(_process.Id, 15);
                _process.WaitForExit(15000);
                string text;
                lock (_output) text = _output.ToString();
                Match counters = Regex.Match(text, @"^tcp: .*$", RegexOptions.Multiline);
                return counters.Success
                    ? Pick(counters.Value, "retransmitted", "fast-retransmits", "early-retransmits", "limited-transmits", "tail-loss-probes", "timeouts")
                    : null;
            }

            public void Dispose()
            {
                if (_process != null)
                {
                    if (!_process.HasExited)
                    {
                        kill(_process.Id, 15);
                        if (!_process.WaitForExit(15000))
                        {
                            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                            _process.WaitForExit(5000);
                        }
                    }
                    _process.Dispose();
                    _process = null;
                }
                for (int attempt = 0; attempt < 3 && Run("ip", 10000, "netns", "del", _namespace) != null; attempt++)
                {
                    Thread.Sleep(200);
                }
            }
        }

        private static string Pick(string line, params string[] names)
        {
            var sb = new StringBuilder();
            foreach (string name in names)
            {
                Match m = Regex.Match(line, " " + name + " ([0-9]+)");
                if (m.Success) sb.Append(name).Append(' ').Append(m.Groups[1].Value).Append("  ");
            }
            return sb.ToString().TrimEnd();
        }

        /// <summary>Runs a command; null when it exited 0, else what it said.</summary>
        private static string Run(string file, int timeoutMs, params string[] arguments)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments) info.ArgumentList.Add(a);
            using var p = Process.Start(info);
            string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            if (!p.WaitForExit(timeoutMs))
            {
                p.Kill(entireProcessTree: true);
                return file + " " + string.Join(" ", arguments) + ": timed out";
            }
            return p.ExitCode == 0 ? null : file + " " + string.Join(" ", arguments) + ": " + text.Trim();
        }

        /// <summary>Runs a command and returns its output (stdout and stderr), bounded by <paramref name="timeoutMs"/>.</summary>
        private static string Exec(int timeoutMs, string file, params string[] arguments)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments) info.ArgumentList.Add(a);
            using var p = Process.Start(info);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutMs))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
                return "timed out after " + timeoutMs + " ms";
            }
            return stdout.Result + stderr.Result;
        }

        private static string Which(string tool)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
            }
            return null;
        }
    }
}
