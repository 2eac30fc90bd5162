using System;
using System.Collections.Generic;
using Firmware.DeviceHarness;
using Firmware.HostNet;
using Firmware.HostNet.Services;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Dhcp;

namespace Firmware.Clients.Tests;

/// <summary>
/// A virtual switch with the device (a bare stack with TCP and the DHCP client, MAC 02:00:00:00:00:02) and a server node
/// (our stack again, 10.0.0.1/24, with a <see cref="HostDhcpServer"/>), plus any extra hosts a test adds. Virtual time:
/// <see cref="Run"/> jumps from deadline to deadline and steps 1 ms while frames are on the wire.
/// </summary>
public sealed class Lan
{
    public const uint ServerAddress = 0x0A000001;
    public static readonly byte[] DeviceMac = { 0x02, 0, 0, 0, 0, 0x02 };
    public static readonly byte[] ServerMac = { 0x02, 0, 0, 0, 0, 0x01 };

    public readonly VirtualSwitch Switch = new(256);
    public readonly VirtualSwitchPort DevicePort;
    private readonly MeteredMac DeviceMac_;
    public readonly VirtualSwitchPort ServerPort;
    public readonly NetworkStack Device;
    public readonly TcpLayer DeviceTcp;
    public readonly DhcpClient Dhcp;
    public readonly NetworkStack Server;
    public readonly TcpLayer ServerTcp;
    public readonly HostDhcpServer DhcpServer;
    public readonly List<Action<long>> Pollers = new();
    public readonly List<Func<long>> Deadlines = new();
    public long NowMs = 1000;

    public Lan(DhcpConfig config = null, uint seed = 1, Action<Lan> beforeStart = null, bool withDhcp = true)
    {
        DevicePort = Switch.CreatePort(DeviceMac);
        ServerPort = Switch.CreatePort(ServerMac);
        DeviceMac_ = new MeteredMac(DevicePort);
        Device = new NetworkStack(new StackConfig(), DeviceMac_, new SeededRandom(seed));
        DeviceTcp = new TcpLayer(new TcpConfig(), Device.Output, new SeededRandom(seed + 1));
        Device.AttachTransport(6, DeviceTcp);
        Server = new NetworkStack(new StackConfig(), ServerPort, new SeededRandom(seed + 2));
        ServerTcp = new TcpLayer(new TcpConfig(), Server.Output, new SeededRandom(seed + 3));
        Server.AttachTransport(6, ServerTcp);
        Server.SetAddress(ServerAddress, 24, 0, NowMs);
        DhcpServer = new HostDhcpServer(Server, ServerPort)
        {
            PoolStart = 0x0A000032, PoolSize = 20, Router = ServerAddress, DnsServers = new[] { ServerAddress },
            NtpServers = new[] { ServerAddress }, LeaseSeconds = 3600,
        };
        if (withDhcp)
        {
            Dhcp = new DhcpClient(Device, config ?? new DhcpConfig(), new SeededRandom(seed + 4));
        }
        beforeStart?.Invoke(this);
        Dhcp?.Start(NowMs);
    }

    /// <summary>Adds a host with its own stack on the switch (configured with <paramref name="address"/> unless 0).</summary>
    public NetworkStack AddHost(byte last, uint address, out VirtualSwitchPort port)
    {
        port = Switch.CreatePort(new byte[] { 0x02, 0, 0, 0, 0, last });
        var stack = new NetworkStack(new StackConfig(), port, new SeededRandom(last));
        if (address != 0)
        {
            stack.SetAddress(address, 24, 0, NowMs);
        }
        var s = stack;
        Pollers.Add(now => s.Poll(now));
        Deadlines.Add(() => s.NextDeadlineMs);
        return stack;
    }

    /// <summary>Bytes the host-side switch allocated for frames the device sent (not the device's).</summary>
    public long MacAllocatedBytes => DeviceMac_.AllocatedBytes;

    /// <summary>Bytes the device's side (its stack and clients) allocated in Poll since the last reset.</summary>
    public long DeviceAllocatedBytes;

    /// <summary>Device-side clients polled right after the DHCP client (resolver, SNTP).</summary>
    public readonly List<Action<long>> DevicePollers = new();

    private void PollAll()
    {
        long before = GC.GetAllocatedBytesForCurrentThread() - DeviceMac_.AllocatedBytes;
        Device.Poll(NowMs);
        Dhcp?.Poll(NowMs);
        foreach (var p in DevicePollers)
        {
            p(NowMs);
        }
        DeviceAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - DeviceMac_.AllocatedBytes - before;
        Server.Poll(NowMs);
        DhcpServer.Poll(NowMs);
        foreach (var p in Pollers)
        {
            p(NowMs);
        }
    }

    private bool FramesInFlight()
    {
        foreach (var port in Switch.Ports)
        {
            if (port.QueuedFrames > 0)
            {
                return true;
            }
        }
        return false;
    }

    private long NextDeadline()
    {
        long next = Math.Min(Device.NextDeadlineMs, Server.NextDeadlineMs);
        if (Dhcp != null)
        {
            next = Math.Min(next, Dhcp.NextDeadlineMs);
        }
        foreach (var d in Deadlines)
        {
            next = Math.Min(next, d());
        }
        return next;
    }

    /// <summary>Runs until <paramref name="done"/> holds (true) or <paramref name="maxMs"/> of virtual time pass (false).</summary>
    public bool RunUntil(Func<bool> done, long maxMs)
    {
        long end = NowMs + maxMs;
        while (true)
        {
            PollAll();
            if (done())
            {
                return true;
            }
            if (NowMs >= end)
            {
                return false;
            }
            long next = FramesInFlight() ? NowMs + 1 : Math.Max(NowMs + 1, Math.Min(NextDeadline(), NowMs + 1000));
            NowMs = Math.Min(next, end);
        }
    }

    /// <summary>Runs <paramref name="ms"/> of virtual time.</summary>
    public void Run(long ms) => RunUntil(() => false, ms);
}
