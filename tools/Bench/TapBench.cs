using System;
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
    /// The simulated device against the Linux kernel over a TAP, in a network namespace the bench creates and deletes
    /// (fwbench-PID: every packet stays inside it). A python3 client in the namespace moves the bytes; the simulator
    /// runs with its default settings unless a row says otherwise. Needs root, ip, python3 and /dev/net/tun; skipped
    /// with the reason otherwise. The lwIP rows build tools/Bench/lwip/lwip-peer.c against Debian's liblwip-dev.
    /// </summary>
    internal static class TapBench
    {
        private const string Tap = "tap0";
        private const string Kernel = "10.0.0.1";
        private const string Device = "10.0.0.2";

        /// <summary>Issue 12's faults, on every frame the device sends and receives.</summary>
        public static readonly string[] Faults = { "--drop", "0.05", "--duplicate", "0.02", "--reorder", "0.05", "--delay", "0.1", "--seed", "7" };

        private const string Client = @"
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
            // Kernel -> device discard, no faults, at the default window and at 8 KB and 64 KB (--tcp-rx-buffer), and
            // the same into lwIP (Debian's build: a 64 KB window) through the same TAP setup.
            const int megabytes = 32;
            Result ours = Discard(megabytes, 0);
            Result eight = Discard(megabytes, 8192);
            Result big = Discard(megabytes, 65536);
            string peer = BuildLwipPeer(out string why);
            Result lwip = peer != null ? Transfer("discard", 9, megabytes * 1024 * 1024, null, 120, peer) : new Result { Error = why };
            Console.WriteLine($"tap discard {megabytes} MiB  kernel -> device: ours, receive ring 4380 B (default) {ours.Describe()}   8 KB {eight.Describe()}   64 KB {big.Describe()}   lwIP 2.1.3 (64 KB window) {lwip.Describe()}");
            if (big.Ok && lwip.Ok && eight.Ok)
            {
                Console.WriteLine($"tap discard {megabytes} MiB  ours / lwIP at equal 64 KB windows: {lwip.Seconds / big.Seconds:F2}x (goal >= 1.0)   ours at 8 KB / lwIP at 64 KB: {lwip.Seconds / eight.Seconds:F2}x");
            }
        }

        /// <summary>Kernel -> device discard at the given receive ring (the window), in MB/s; null when it failed.</summary>
        public static Result Discard(int megabytes, int ringBytes)
        {
            var extra = ringBytes > 0 ? new[] { "--tcp-rx-buffer", ringBytes.ToString(CultureInfo.InvariantCulture) } : Array.Empty<string>();
            return Transfer("discard", 9, megabytes * 1024 * 1024, extra, 120);
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
            string ns = "fwbench-" + Environment.ProcessId;
            var result = new Result { Bytes = bytes };
            Run("ip", 10000, "netns", "del", ns);
            Process simulator = null;
            var output = new StringBuilder();
            try
            {
                string error = Run("ip", 10000, "netns", "add", ns)
                    ?? Run("ip", 10000, "-n", ns, "tuntap", "add", "dev", Tap, "mode", "tap")
                    ?? Run("ip", 10000, "-n", ns, "addr", "add", Kernel + "/24", "dev", Tap)
                    ?? Run("ip", 10000, "-n", ns, "link", "set", Tap, "up")
                    ?? Run("ip", 10000, "-n", ns, "link", "set", "lo", "up");
                if (error != null)
                {
                    result.Error = error;
                    return result;
                }
                var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                string seconds = (limitSeconds + 30).ToString(CultureInfo.InvariantCulture);
                string[] command = lwipPeer != null
                    ? new[] { "netns", "exec", ns, lwipPeer, Tap, Device, seconds }
                    : new[] { "netns", "exec", ns, "dotnet", SimulatorDll, "--tap", Tap, "--ip", Device + "/24", "--quiet", "--seconds", seconds };
                foreach (string a in command) info.ArgumentList.Add(a);
                foreach (string a in simulatorArguments ?? Array.Empty<string>()) info.ArgumentList.Add(a);
                using var running = new ManualResetEventSlim(false);
                simulator = new Process { StartInfo = info };
                simulator.OutputDataReceived += (_, e) =>
                {
                    if (e.Data == null) return;
                    lock (output) output.AppendLine(e.Data);
                    if (e.Data.StartsWith("simulator: running", StringComparison.Ordinal) || e.Data.StartsWith("lwip: running", StringComparison.Ordinal)) running.Set();
                };
                simulator.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                simulator.Start();
                simulator.BeginOutputReadLine();
                simulator.BeginErrorReadLine();
                if (!running.Wait(30000))
                {
                    result.Error = "the simulator did not start: " + output;
                    return result;
                }
                var client = Exec(limitSeconds * 1000 + 10000, "ip", "netns", "exec", ns, "python3", "-c", Client, Device,
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
                kill(simulator.Id, 15);
                simulator.WaitForExit(15000);
                Match counters = Regex.Match(output.ToString(), @"^tcp: .*$", RegexOptions.Multiline);
                if (counters.Success)
                {
                    result.Counters = Pick(counters.Value, "retransmitted", "fast-retransmits", "early-retransmits", "limited-transmits", "tail-loss-probes", "timeouts");
                }
                return result;
            }
            finally
            {
                if (simulator != null)
                {
                    if (!simulator.HasExited)
                    {
                        try { simulator.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                        simulator.WaitForExit(5000);
                    }
                    simulator.Dispose();
                }
                for (int attempt = 0; attempt < 3 && Run("ip", 10000, "netns", "del", ns) != null; attempt++)
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
