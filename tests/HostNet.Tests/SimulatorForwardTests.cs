using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

using static Firmware.HostNet.Tests.LoopbackClient;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The simulator's port forwards, end to end: a TcpClient on 127.0.0.1 -> the simulator's host socket -> the
/// gateway's TCP across the virtual switch -> the device's TCP and its echo (7), discard (9) and chargen (19)
/// services -> all the way back. Every test runs the real simulator process on free loopback ports.
/// </summary>
public sealed class SimulatorForwardTests
{
    private readonly ITestOutputHelper _out;

    public SimulatorForwardTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Echo200KiB_ThroughTheForward_ComesBackIdentical()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--quiet", "--http-port", "0", "--forward", p[0] + ":7" });
        byte[] data = RandomBytes(200 * 1024, seed: 1);

        byte[] back;
        using (var client = Connect(sim.Ports[0]))
        {
            back = SendAllShutdownAndReadToEnd(client, data);
        }

        AssertSameBytes(data, back);
        var stopped = sim.Stop();
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("forward 127.0.0.1:" + sim.Ports[0] + " -> 10.0.0.2:7: 1 connections (0 open) closed 1 reset-by-host 0 reset-by-device 0 timed-out 0; "
            + data.Length + " bytes to the device, " + data.Length + " back", stopped.Output);
        Assert.Contains("tcp services: echoed " + data.Length + " bytes", stopped.Output);
    }

    /// <summary>The host's UDP port to the device's DNS server: its name, its reverse name, a refusal, with IDs kept.</summary>
    [Fact]
    public void DnsForward_QueriesOnTheHostPort_AnsweredByTheDevicesDnsServer()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--quiet", "--http-port", "0", "--dns-port", p[0].ToString() });
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        udp.Client.ReceiveTimeout = 2000;
        byte[] Ask(int id, string name, int type)
        {
            var q = new System.Collections.Generic.List<byte> { (byte)(id >> 8), (byte)id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
            foreach (var label in name.Split('.'))
            {
                q.Add((byte)label.Length);
                q.AddRange(Encoding.ASCII.GetBytes(label));
            }
            q.AddRange(new byte[] { 0, 0, (byte)type, 0, 1 });
            // The device may still be getting its lease: ask again until it answers (at most 15 s).
            var watch = Stopwatch.StartNew();
            while (true)
            {
                udp.Send(q.ToArray(), q.Count, new IPEndPoint(IPAddress.Loopback, sim.Ports[0]));
                try
                {
                    IPEndPoint from = null;
                    byte[] answer = udp.Receive(ref from);
                    while ((answer[0] << 8 | answer[1]) != id)
                    {
                        answer = udp.Receive(ref from);  // a late answer to an earlier attempt
                    }
                    return answer;
                }
                catch (SocketException) when (watch.ElapsedMilliseconds < 15000)
                {
                }
            }
        }
        byte[] a = Ask(0x1234, "sim-device.lan", 1);
        Assert.Equal(new byte[] { 0x12, 0x34, 0x85, 0x00 }, a[..4]);
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, a[^4..]);
        byte[] ptr = Ask(0x2345, "2.0.0.10.in-addr.arpa", 12);
        Assert.Equal(0x85, ptr[2]);
        Assert.Equal(1, ptr[7]);
        byte[] refused = Ask(0x3456, "example.com", 1);
        Assert.Equal(new byte[] { 0x34, 0x56, 0x81, 0x05 }, refused[..4]);
        var stopped = sim.Stop();
        Assert.Matches(@"dns-server: udp \d+ tcp 0 noerror [2-9]", stopped.Output);
    }

    /// <summary>Each direction on its own (discard: host to device; chargen: device to host).</summary>
    [Fact]
    public void DiscardAndChargen_OverALossySwitch_EveryByteArrivesOnceInOrder()
    {
        using var sim = SimulatorProcess.Start(2, p => new[]
        {
            "--quiet", "--http-port", "0", "--forward", p[0] + ":9", "--forward", p[1] + ":19",
            "--drop", "0.05", "--duplicate", "0.03", "--reorder", "0.03", "--delay", "0.03", "--seed", "11",
        });
        byte[] data = RandomBytes(64 * 1024, seed: 6);

        byte[] discardBack;
        using (var client = Connect(sim.Ports[0]))
        {
            discardBack = SendAllShutdownAndReadToEnd(client, data);
        }
        byte[] chargen;
        long chargenTotal;
        using (var client = Connect(sim.Ports[1]))
        {
            var stream = client.GetStream();
            chargen = ReadExactly(client, 64 * 1024);
            client.Client.Shutdown(SocketShutdown.Send);
            chargenTotal = chargen.Length + ReadToEnd(stream).Length;
        }

        Assert.Empty(discardBack);
        AssertChargenPattern(chargen);
        var stopped = sim.Stop();
        Assert.Matches(@"faults: seen \d+ dropped [1-9]", stopped.Output);
        Assert.Matches(@"\ntcp: .* retransmitted [1-9]", stopped.Output);
        Assert.Contains("discarded " + data.Length + " bytes", stopped.Output);
        Assert.Contains("-> 10.0.0.2:9: 1 connections (0 open) closed 1 reset-by-host 0 reset-by-device 0 timed-out 0; " + data.Length + " bytes to the device, 0 back",
            stopped.Output);
        Assert.Contains("-> 10.0.0.2:19: 1 connections (0 open) closed 1 reset-by-host 0 reset-by-device 0 timed-out 0; 0 bytes to the device, "
            + chargenTotal + " back", stopped.Output);
    }

    /// <summary>
    /// Both directions at once, so windows close and probes flow: this once stalled until the connection timed out (an
    /// ACK beyond a refused window probe was dropped with its segment; RFC 9293 §3.10.7.4 says to accept it).
    /// </summary>
    [Fact]
    public void Echo_OverALossySwitch_ComesBackIdentical()
    {
        using var sim = SimulatorProcess.Start(1, p => new[]
        {
            "--quiet", "--http-port", "0", "--forward", p[0] + ":7",
            "--drop", "0.05", "--duplicate", "0.03", "--reorder", "0.03", "--delay", "0.03", "--seed", "11",
        });
        byte[] data = RandomBytes(64 * 1024, seed: 8);
        byte[] back;
        using (var client = Connect(sim.Ports[0]))
        {
            back = SendAllShutdownAndReadToEnd(client, data);
        }
        Assert.Equal(data, back);
        var stopped = sim.Stop();
        Assert.Matches(@"faults: seen \d+ dropped [1-9]", stopped.Output);
        Assert.Contains("timed-out 0;", stopped.Output);
    }

    [Fact]
    public void FourConnectionsAtOnce_TwoEchoesDiscardAndChargen_AllCorrect()
    {
        using var sim = SimulatorProcess.Start(3, p => new[]
        {
            "--quiet", "--http-port", "0", "--forward", p[0] + ":7", "--forward", p[1] + ":9", "--forward", p[2] + ":19",
        });
        byte[] echo1 = RandomBytes(100 * 1024, seed: 2);
        byte[] echo2 = RandomBytes(100 * 1024, seed: 3);
        byte[] discard = RandomBytes(100 * 1024, seed: 4);
        const int chargenBytes = 64 * 1024;
        byte[] back1 = null, back2 = null, discardBack = null, chargen = null;
        long chargenTotal = 0;

        // The four connections are all open before any of them closes: the device's table holds exactly four.
        using var allConnected = new Barrier(4);
        var connections = new Action[]
        {
            () => { using var c = Connect(sim.Ports[0]); allConnected.SignalAndWait(SocketTimeoutMs); back1 = SendAllShutdownAndReadToEnd(c, echo1); },
            () => { using var c = Connect(sim.Ports[0]); allConnected.SignalAndWait(SocketTimeoutMs); back2 = SendAllShutdownAndReadToEnd(c, echo2); },
            () => { using var c = Connect(sim.Ports[1]); allConnected.SignalAndWait(SocketTimeoutMs); discardBack = SendAllShutdownAndReadToEnd(c, discard); },
            () =>
            {
                using var c = Connect(sim.Ports[2]);
                var stream = c.GetStream();
                allConnected.SignalAndWait(SocketTimeoutMs);
                chargen = ReadExactly(c, chargenBytes);
                // Our FIN makes chargen close too; what it sent meanwhile is drained up to its FIN.
                c.Client.Shutdown(SocketShutdown.Send);
                chargenTotal = chargenBytes + ReadToEnd(stream).Length;
            },
        };
        var failures = RunAll(connections, 60000);

        Assert.True(failures.Length == 0, failures);
        AssertSameBytes(echo1, back1);
        AssertSameBytes(echo2, back2);
        Assert.Empty(discardBack);
        AssertChargenPattern(chargen);
        var stopped = sim.Stop();
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("forward 127.0.0.1:" + sim.Ports[0] + " -> 10.0.0.2:7: 2 connections (0 open) closed 2 ", stopped.Output);
        Assert.Contains("forward 127.0.0.1:" + sim.Ports[1] + " -> 10.0.0.2:9: 1 connections (0 open) closed 1 ", stopped.Output);
        Assert.Contains("forward 127.0.0.1:" + sim.Ports[2] + " -> 10.0.0.2:19: 1 connections (0 open) closed 1 reset-by-host 0 reset-by-device 0 timed-out 0; 0 bytes to the device, "
            + chargenTotal + " back", stopped.Output);
        Assert.Contains("tcp services: echoed " + (echo1.Length + echo2.Length) + " bytes discarded " + discard.Length + " bytes", stopped.Output);
    }

    [Fact]
    public void FiveEchoConnections_OneMoreThanTheDeviceHolds_TheLastGetsACookieIsRetriedAndAllComplete()
    {
        const int clients = 5;
        using var sim = SimulatorProcess.Start(1, p => new[] { "--quiet", "--http-port", "0", "--forward", p[0] + ":7" });
        var sent = new byte[clients][];
        var back = new byte[clients][];
        // All five are connected on the host side and have written before any closes: the device (4 connections:
        // echo serves 2, 2 wait in its backlog) answers the fifth SYN with a SYN cookie and drops its ACK and data
        // until a slot frees; the gateway retransmits the data, whose ACK still proves the cookie.
        using var allSent = new Barrier(clients);
        var connections = new Action[clients];
        for (int i = 0; i < clients; i++)
        {
            int k = i;
            sent[k] = RandomBytes(10000, seed: 10 + k);
            connections[k] = () =>
            {
                using var c = Connect(sim.Ports[0]);
                var stream = c.GetStream();
                stream.Write(sent[k], 0, sent[k].Length);
                allSent.SignalAndWait(SocketTimeoutMs);
                c.Client.Shutdown(SocketShutdown.Send);
                back[k] = ReadToEnd(stream);
            };
        }

        string failures = RunAll(connections, 60000);

        Assert.True(failures.Length == 0, failures);
        for (int i = 0; i < clients; i++)
        {
            AssertSameBytes(sent[i], back[i]);
        }
        var stopped = sim.Stop();
        Assert.Matches(@"\ntcp: active-opens 0 passive-opens 5 .* syn-cookies-sent [1-9]\d* syn-cookies-accepted [1-9]\d* syn-cookies-rejected 0 syn-cookie-acks-deferred [1-9]", stopped.Output);
        Assert.Matches(@"gateway 10\.0\.0\.1 tcp: .* retransmitted [1-9]", stopped.Output);
        Assert.Contains(": 5 connections (0 open) closed 5 ", stopped.Output);
    }

    [Fact]
    public void HostStopsReading_DeviceIsHeldBackByAZeroWindow_ThenResumesWithoutALostByte()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--http-port", "0", "--forward", p[0] + ":19" });
        // A small host buffer fills fast; the simulator's socket buffer (a few MB) and its staging follow, and then
        // the gateway stops reading its connection, whose window closes.
        using var client = Connect(sim.Ports[0], receiveBufferBytes: 16384);
        var stream = client.GetStream();
        WaitForOutput(sim, new Regex(@"< 10\.0\.0\.1\.\d+ > 10\.0\.0\.2\.19: Flags \[\.\], seq \d+, ack \d+, win 0,"), 30000);

        // Far more than the buffers held, so the tail was sent after the window opened again.
        byte[] bytes = ReadExactly(client, 8 * 1024 * 1024);

        AssertChargenPattern(bytes);
        client.Client.Shutdown(SocketShutdown.Send);
        long total = bytes.Length + ReadToEnd(stream).Length;
        var stopped = sim.Stop();
        // Nothing was lost or repeated on the way: the device's chargen sent exactly what arrived.
        Assert.Contains("-> 10.0.0.2:19: 1 connections (0 open) closed 1 reset-by-host 0 reset-by-device 0 timed-out 0; 0 bytes to the device, "
            + total + " back", stopped.Output);
    }

    [Fact]
    public void OurHalfClose_DeviceSeesFin_EchoClosesAndOurReadReturnsZero()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--http-port", "0", "--forward", p[0] + ":7" });
        using var client = Connect(sim.Ports[0]);
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("ping\n"));
        Assert.Equal("ping\n", Encoding.ASCII.GetString(ReadExactly(client, 5)));

        client.Client.Shutdown(SocketShutdown.Send);
        var stopwatch = Stopwatch.StartNew();
        int n = stream.Read(new byte[16], 0, 16);

        Assert.Equal(0, n);
        Assert.True(stopwatch.ElapsedMilliseconds < 5000, "the device's FIN took " + stopwatch.ElapsedMilliseconds + " ms");
        var stopped = sim.Stop();
        int gatewayPort = GatewayPort(stopped.Output);
        // The packet lines are the device's view: the gateway's FIN came in, the echo service's FIN went out.
        Assert.Matches(@"< 10\.0\.0\.1\." + gatewayPort + @" > 10\.0\.0\.2\.7: Flags \[F", stopped.Output);
        Assert.Matches(@"> 10\.0\.0\.2\.7 > 10\.0\.0\.1\." + gatewayPort + @": Flags \[F", stopped.Output);
        Assert.Contains("(gateway port " + gatewayPort + ") closed: 5 bytes to the device, 5 back", stopped.Output);
        Assert.Contains("tcp services: echoed 5 bytes", stopped.Output);
    }

    [Fact]
    public void HostResetsItsSocket_DeviceGetsRst()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--http-port", "0", "--forward", p[0] + ":7" });
        using (var client = Connect(sim.Ports[0]))
        {
            client.GetStream().Write(new byte[] { 42 });
            Assert.Equal(42, ReadExactly(client, 1)[0]);
            // close() with a zero linger sends RST, not FIN (the socket's own Close: TcpClient.Dispose would shut down first).
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }

        WaitForOutput(sim, "reset by the host", 10000);
        var stopped = sim.Stop();
        int gatewayPort = GatewayPort(stopped.Output);
        Assert.Matches(@"< 10\.0\.0\.1\." + gatewayPort + @" > 10\.0\.0\.2\.7: Flags \[R\]", stopped.Output);
        Assert.Matches(@"\ntcp: active-opens 0 passive-opens 1 failed-attempts 0 resets 1 ", stopped.Output);
        Assert.Contains(": 1 connections (0 open) closed 0 reset-by-host 1 reset-by-device 0", stopped.Output);
    }

    [Fact]
    public void DevicePortNotListening_HostConnectionIsReset()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--http-port", "0", "--forward", p[0] + ":1234" });
        using var client = Connect(sim.Ports[0]);

        var e = Assert.Throws<IOException>(() => client.GetStream().Read(new byte[16], 0, 16));

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(e.InnerException).SocketErrorCode);
        var stopped = sim.Stop();
        Assert.Matches(@"> 10\.0\.0\.2\.1234 > 10\.0\.0\.1\.\d+: Flags \[R\.\]", stopped.Output);
        Assert.Contains("reset or refused by the device", stopped.Output);
        Assert.Contains("-> 10.0.0.2:1234: 1 connections (0 open) closed 0 reset-by-host 0 reset-by-device 1", stopped.Output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HostPortTaken_OneLineErrorAndExit2(bool httpPort)
    {
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        try
        {
            int port = ((IPEndPoint)holder.LocalEndpoint).Port;
            string[] arguments = httpPort
                ? new[] { SimulatorProcess.Dll, "--seconds", "5", "--http-port", port.ToString() }
                : new[] { SimulatorProcess.Dll, "--seconds", "5", "--http-port", "0", "--forward", port + ":7" };

            var run = ProcessRunner.Run("dotnet", 60000, arguments);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("simulator: host port 127.0.0.1:" + port + " is already in use (another simulator?); pick another with "
                + (httpPort ? "--http-port N" : "--forward N:7"), run.Errors.Trim());
            Assert.Equal("", run.Output);
        }
        finally
        {
            holder.Stop();
        }
    }

    [Fact]
    public void HttpPort_ForwardAndOpenLinePrinted()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--quiet", "--http-port", p[0].ToString() });

        var stopped = sim.Stop();

        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("  forward  127.0.0.1:" + sim.Ports[0] + " -> 10.0.0.2:80\n", stopped.Output.Replace("\r", ""));
        Assert.Contains("\nopen http://127.0.0.1:" + sim.Ports[0] + "/\n", stopped.Output.Replace("\r", ""));
    }

    /// <summary>
    /// Not a benchmark (those live in tools/Bench): a 1 MiB echo must come back identical; the figures are logged.
    /// </summary>
    [Fact]
    public void Echo1MiB_AndSmallRoundTrips_CorrectWithFiguresLogged()
    {
        using var sim = SimulatorProcess.Start(1, p => new[] { "--quiet", "--http-port", "0", "--forward", p[0] + ":7" });
        byte[] data = RandomBytes(1024 * 1024, seed: 5);

        var stopwatch = Stopwatch.StartNew();
        byte[] back;
        using (var client = Connect(sim.Ports[0]))
        {
            back = SendAllShutdownAndReadToEnd(client, data);
        }
        double seconds = stopwatch.Elapsed.TotalSeconds;

        AssertSameBytes(data, back);
        var roundTripsUs = new double[200];
        using (var client = Connect(sim.Ports[0]))
        {
            var request = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
            for (int i = 0; i < roundTripsUs.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                client.GetStream().Write(request);
                byte[] answer = ReadExactly(client, request.Length);
                roundTripsUs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000;
                AssertSameBytes(request, answer);
            }
        }
        Array.Sort(roundTripsUs);
        _out.WriteLine("1 MiB echo through the forward: " + seconds.ToString("F3") + " s, " + (data.Length / seconds / 1e6).ToString("F2")
            + " MB/s each way; 32-byte round trip: median " + roundTripsUs[100].ToString("F0") + " us, p90 " + roundTripsUs[180].ToString("F0")
            + " us, max " + roundTripsUs[^1].ToString("F0") + " us");
        Assert.Equal(0, sim.Stop().ExitCode);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>RFC 864's lines from the first: line i is 72 characters starting at ' ' + i (mod 95), then CR LF.</summary>
    private static void AssertChargenPattern(byte[] bytes)
    {
        Assert.NotNull(bytes);
        for (int j = 0; j < bytes.Length; j++)
        {
            int line = j / 74;
            int column = j % 74;
            int expected = column < 72 ? ' ' + (line + column) % 95 : column == 72 ? 13 : 10;
            if (bytes[j] != expected)
            {
                Assert.Fail("chargen byte " + j + " is " + bytes[j] + ", expected " + expected);
            }
        }
    }

    private static void WaitForOutput(SimulatorProcess sim, string text, int timeoutMs) =>
        WaitForOutput(sim, new Regex(Regex.Escape(text)), timeoutMs);

    private static void WaitForOutput(SimulatorProcess sim, Regex pattern, int timeoutMs)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!pattern.IsMatch(sim.Output) && stopwatch.ElapsedMilliseconds < timeoutMs)
        {
            Thread.Sleep(20);
        }
        Assert.True(pattern.IsMatch(sim.Output), "no '" + pattern + "' within " + timeoutMs + " ms:\n" + sim.Output);
    }

    private static int GatewayPort(string output)
    {
        var match = Regex.Match(output, @"\(gateway port (\d+)\) connecting");
        Assert.True(match.Success, "no connection in the log:\n" + output);
        return int.Parse(match.Groups[1].Value);
    }
}
