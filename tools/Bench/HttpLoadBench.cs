using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Firmware.Bench
{
    /// <summary>
    /// wrk (Debian's HTTP load generator: 1 thread, 3 keep-alive connections — it opens a 4th to probe, and the device
    /// holds 4 — for 3 s) against the simulator's HTTP forward
    /// — the device app's server behind the gateway's TCP and the virtual switch, in real time — beside wrk against a
    /// canned responder on the host's own TCP (the same response bytes, no stacks of ours), so the ratio is what the
    /// simulated path costs. No privileges; skipped, with the reason printed, when wrk or Simulator.dll is missing.
    /// tests/HttpPeers runs the same load as a test (zero errors), over a TAP too.
    /// </summary>
    public static class HttpLoadBench
    {
        private const string Path = "/api/status";

        public static void Run()
        {
            string wrk = FindOnPath("wrk");
            string simulatorDll = System.IO.Path.Combine(AppContext.BaseDirectory, "Simulator.dll");
            if (wrk == null || !File.Exists(simulatorDll))
            {
                Console.WriteLine("http wrk            skipped: " + (wrk == null ? "wrk is not on PATH (apt-get install wrk)" : "no Simulator.dll beside Bench"));
                return;
            }
            int port = FreePort();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { simulatorDll, "--quiet", "--http-port", port.ToString(CultureInfo.InvariantCulture), "--seconds", "60" })
            {
                info.ArgumentList.Add(argument);
            }
            using var simulator = Process.Start(info);
            var output = new StringBuilder();
            simulator.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            simulator.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            simulator.BeginOutputReadLine();
            simulator.BeginErrorReadLine();
            try
            {
                var watch = Stopwatch.StartNew();
                while (!Contains(output, "simulator: running") && !simulator.HasExited && watch.ElapsedMilliseconds < 30000)
                {
                    Thread.Sleep(20);
                }
                if (!Contains(output, "simulator: running"))
                {
                    Console.WriteLine("http wrk            skipped: the simulator did not start: " + output.ToString().Trim());
                    return;
                }
                byte[] response = Fetch(port);
                string ours = Wrk(wrk, port, out string oursLatency);
                string reference;
                string referenceLatency;
                using (var canned = new CannedServer(response))
                {
                    reference = Wrk(wrk, canned.Port, out referenceLatency);
                }
                double ratio = double.TryParse(ours, NumberStyles.Float, CultureInfo.InvariantCulture, out double o)
                    && double.TryParse(reference, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && o > 0 ? r / o : 0;
                Console.WriteLine($"http wrk            {ours,8} requests/s (GET {Path} through the simulator's forward: gateway TCP, switch, device; 3 connections, 3 s, p99 {oursLatency})   canned responder on host TCP {reference,8} requests/s (p99 {referenceLatency})   ratio {ratio:F1}x");
            }
            finally
            {
                if (!simulator.HasExited)
                {
                    simulator.Kill(entireProcessTree: true);
                }
                simulator.WaitForExit(5000);
            }
        }

        private static bool Contains(StringBuilder output, string text)
        {
            lock (output) return output.ToString().Contains(text);
        }

        /// <summary>Runs wrk; returns its Requests/sec (as printed) and its p99 latency, or "failed" with what it said.</summary>
        private static string Wrk(string wrk, int port, out string p99)
        {
            var info = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { "-t", "1", "-c", "3", "-d", "3s", "--timeout", "5s", "--latency", "http://127.0.0.1:" + port + Path })
            {
                info.ArgumentList.Add(argument);
            }
            using var process = Process.Start(info);
            var errors = process.StandardError.ReadToEndAsync();
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var rate = Regex.Match(text, @"Requests/sec:\s+([\d.]+)");
            var latency = Regex.Match(text, @"99%\s+(\S+)");
            p99 = latency.Success ? latency.Groups[1].Value : "?";
            if (!rate.Success || text.Contains("Socket errors") || text.Contains("Non-2xx"))
            {
                return "failed: " + (text + errors.Result).Replace('\n', ' ');
            }
            return rate.Groups[1].Value;
        }

        /// <summary>One GET through the forward: the device's response, which the canned server then repeats.</summary>
        private static byte[] Fetch(int port)
        {
            using var client = new TcpClient();
            client.ReceiveTimeout = 10000;
            client.Connect(IPAddress.Loopback, port);
            var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes("GET " + Path + " HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"));
            var all = new MemoryStream();
            stream.CopyTo(all);
            // Keep-alive for wrk: the same response without the close.
            return Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(all.ToArray()).Replace("Connection: close\r\n", ""));
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private static string FindOnPath(string tool)
        {
            foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                if (directory.Length > 0 && File.Exists(System.IO.Path.Combine(directory, tool)))
                {
                    return System.IO.Path.Combine(directory, tool);
                }
            }
            return null;
        }

        /// <summary>The reference: the host's TCP on 127.0.0.1, a thread per connection answering each request head with fixed bytes.</summary>
        private sealed class CannedServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly byte[] _response;

            public CannedServer(byte[] response)
            {
                _response = response;
                _listener.Start();
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
                new Thread(Accept) { IsBackground = true }.Start();
            }

            public int Port { get; }

            private void Accept()
            {
                try
                {
                    while (true)
                    {
                        Socket socket = _listener.AcceptSocket();
                        socket.NoDelay = true;
                        new Thread(() => Serve(socket)) { IsBackground = true }.Start();
                    }
                }
                catch (SocketException)
                {
                    // Stopped.
                }
                catch (ObjectDisposedException)
                {
                }
            }

            private void Serve(Socket socket)
            {
                byte[] buffer = new byte[8192];
                int filled = 0;
                try
                {
                    while (true)
                    {
                        int n = socket.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                        if (n == 0)
                        {
                            break;
                        }
                        filled += n;
                        // Answer every complete head (wrk sends no bodies), keep a partial one.
                        int start = 0;
                        int end;
                        while ((end = IndexOfHeadEnd(buffer, start, filled)) > 0)
                        {
                            socket.Send(_response);
                            start = end;
                        }
                        Array.Copy(buffer, start, buffer, 0, filled - start);
                        filled -= start;
                        if (filled == buffer.Length)
                        {
                            break;
                        }
                    }
                }
                catch (SocketException)
                {
                }
                finally
                {
                    socket.Dispose();
                }
            }

            private static int IndexOfHeadEnd(byte[] b, int start, int end)
            {
                for (int i = start; i + 3 < end; i++)
                {
                    if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n')
                    {
                        return i + 4;
                    }
                }
                return -1;
            }

            public void Dispose() => _listener.Stop();
        }
    }
}
