using System;
using System.Collections.Generic;
using System.Threading;
using Firmware.Services.Basic;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Simulator;
using Xunit;
using static Firmware.HostNet.Tests.LoopbackClient;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The gateway in this process, against a device-side stack larger than the app's (24 connections, an echo
/// serving 24 clients), so the gateway's own table is the limit that shows.
/// </summary>
public sealed class GatewayTests
{
    private const uint DeviceAddress = 0x0A000002;
    private const uint GatewayAddress = 0x0A000001;

    [Fact]
    public void TwentyHostConnections_SixteenCarriedAtOnce_TheRestWaitInTheListenBacklogAndAllComplete()
    {
        const int clients = 20;
        var network = new VirtualSwitch();
        var deviceStack = new NetworkStack(new StackConfig(), network.CreatePort(QueueMac.Mac(2)), new SystemRandomSource(5));
        var deviceTcp = new TcpLayer(new TcpConfig { Connections = 24, TimeWaitEntries = 32 }, deviceStack.Output, new SystemRandomSource(6));
        deviceStack.AttachTransport(6, deviceTcp);
        var echo = new TcpEchoService(deviceTcp, 7, 24, 512);
        deviceStack.SetAddress(DeviceAddress, 24, 0, 0);
        PortForward forward = null;
        string error = null;
        for (int attempt = 0; attempt < 3 && forward == null; attempt++)
        {
            PortForward.TryOpen(new ForwardRule(SimulatorProcess.FreePort(), 7), DeviceAddress, out forward, out error);
        }
        Assert.True(forward != null, error);
        var log = new List<string>();
        using var gateway = new Gateway(network, QueueMac.Mac(0xfe), GatewayAddress, 24, DeviceAddress, QueueMac.Mac(2), 120, 1, new[] { forward }, false,
            line => { lock (log) log.Add(line); });

        // The poll loop, as the simulator runs it: one thread owns both stacks.
        var clock = new MonotonicClock();
        int mostOpen = 0;
        bool stop = false;
        Exception loopFailure = null;
        var loop = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    long nowMs = clock.NowMs;
                    deviceStack.Poll(nowMs);
                    echo.Poll(nowMs);
                    gateway.Poll(nowMs);
                    mostOpen = Math.Max(mostOpen, gateway.OpenConnections);
                    if (network.Ports[0].QueuedFrames == 0 && gateway.Port.QueuedFrames == 0 && !gateway.Wait(1))
                    {
                        Thread.Sleep(1);
                    }
                }
            }
            catch (Exception e)
            {
                loopFailure = e;
            }
        });
        loop.Start();

        var sent = new byte[clients][];
        var back = new byte[clients][];
        // Every client is connected (the kernel completes the handshake for those not yet accepted) and has sent
        // its bytes before any closes, so 16 are carried at once and 4 wait.
        using var allSent = new Barrier(clients);
        var connections = new Action[clients];
        for (int i = 0; i < clients; i++)
        {
            int k = i;
            sent[k] = new byte[20000];
            new Random(100 + k).NextBytes(sent[k]);
            connections[k] = () =>
            {
                using var client = Connect(forward.Rule.HostPort);
                var stream = client.GetStream();
                stream.Write(sent[k], 0, sent[k].Length);
                allSent.SignalAndWait(SocketTimeoutMs);
                client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                back[k] = ReadToEnd(stream);
            };
        }
        string failures = RunAll(connections, 60000);
        Thread.Sleep(200);  // the last FINs' ACKs free the gateway's connections
        Volatile.Write(ref stop, true);
        Assert.True(loop.Join(10000), "the poll loop did not stop");

        Assert.Null(loopFailure);
        Assert.True(failures.Length == 0, failures);
        for (int i = 0; i < clients; i++)
        {
            AssertSameBytes(sent[i], back[i]);
        }
        Assert.Equal(Gateway.MaxConnections, mostOpen);
        Assert.Equal(clients, forward.Accepted);
        Assert.Equal(clients, forward.Closed);
        Assert.Equal(0, forward.Open);
        Assert.Equal(clients * 20000L, forward.BytesToDevice);
        Assert.Equal(clients * 20000L, forward.BytesToHost);
        Assert.Equal(Gateway.MaxConnections, gateway.Tcp.FreeConnections);
        Assert.Equal(0, gateway.Tcp.Counters.Retransmitted);
        Assert.Contains(log, line => line.Contains("all 16 connections busy; further host connections wait in the listen backlog"));
    }
}
