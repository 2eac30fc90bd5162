using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using Firmware.HostNet;
using Firmware.HostNet.Services;
using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;

namespace Firmware.Simulator;

/// <summary>
/// The device's neighbour on the virtual switch: an instance of our own stack with TCP, in the spirit of QEMU's
/// user-mode networking. Each host connection accepted on a <see cref="PortForward"/>'s 127.0.0.1 port becomes a
/// TCP connection of this stack to the device's port, so every byte a host program sends crosses the device's
/// real TCP. It is also the device's DHCP server (the device's MAC has the device address reserved, so the forwards know
/// where it is), its DNS server for the .sim names (gateway.sim, device.sim, ntp.sim) and its NTP server (the host's
/// clock). With --peer-traffic it also pings the device and uses its UDP echo once a second.
/// Single-threaded: the poll loop calls <see cref="Poll"/> and <see cref="Wait"/>; nothing else touches the stack.
/// </summary>
public sealed class Gateway : IDisposable
{
    /// <summary>
    /// Host connections carried at once (the gateway's TCP table; closing connections hold a slot until their
    /// FIN is acknowledged). Further host connections wait, unaccepted, in the kernel's listen backlog.
    /// </summary>
    public const int MaxConnections = 16;

    /// <summary>The gateway's rings per connection: far larger than the device's, so the device's window is the limit.</summary>
    public const int RingBytes = 16384;

    /// <summary>
    /// How long a SYN the device has not answered holds back the next one. On the switch a SYN is answered within
    /// a poll or two, so a burst of host connections reaches the device one handshake after another; a SYN the
    /// device dropped (its table full) stops holding the others after this time and retries on its own timer.
    /// </summary>
    public const int SynSpacingMs = 100;

    private readonly NetworkStack _stack;
    private readonly TcpLayer _tcp;
    private readonly VirtualSwitchPort _port;
    private readonly uint _device;
    private readonly PortForward[] _forwards;
    private readonly ForwardedConnection[] _links = new ForwardedConnection[MaxConnections];
    private readonly PeerTraffic _peer;
    private readonly UdpForward _dnsForward;
    private readonly HostDhcpServer _dhcp;
    private readonly HostDnsServer _dns;
    private readonly HostNtpServer _ntp;
    private readonly byte[] _deviceMac;
    private bool _deviceReachable;
    private long _nextReachabilityProbeMs;
    private ushort _reachabilitySequence;
    private int _echoRepliesSeen;
    private readonly Action<string> _log;
    private readonly byte[] _scratch = new byte[RingBytes];
    private readonly List<Socket> _read = new();
    private readonly List<Socket> _write = new();
    private bool _saidFull;
    private long _lastPollMs;

    /// <summary>The zone the gateway's DNS server answers.</summary>
    public const string Zone = "sim";

    /// <summary>While the device gets its address by DHCP, the gateway pings it this often until it answers.</summary>
    public const int ReachabilityProbeMs = 250;

    private const ushort ReachabilityEchoId = 0x4757;

    /// <param name="waitForLease">
    /// The device gets its address from this gateway: host connections are taken only once it has the lease and answers
    /// a ping (they wait in the kernel's backlog until then, instead of sending SYNs to nobody).
    /// </param>
    public Gateway(VirtualSwitch network, byte[] mac, uint address, int prefixLength, uint device, byte[] deviceMac, int leaseSeconds, int seed,
        IReadOnlyList<PortForward> forwards, bool peerTraffic, Action<string> log, bool waitForLease = false, UdpForward dnsForward = null)
    {
        _deviceMac = (byte[])deviceMac.Clone();
        _deviceReachable = !waitForLease;
        _port = network.CreatePort(mac);
        // Six UDP sockets: DHCP, DNS and NTP servers, peer traffic, the DNS forward, one spare.
        _stack = new NetworkStack(new StackConfig { UdpSockets = 6 }, _port, new SystemRandomSource(seed));
        _tcp = new TcpLayer(new TcpConfig
        {
            Connections = MaxConnections,
            Listeners = 1,
            ReceiveBufferBytes = RingBytes,
            SendBufferBytes = RingBytes,
            TimeWaitEntries = 4 * MaxConnections,
        }, _stack.Output, new SystemRandomSource(seed + 1));
        _stack.AttachTransport(6, _tcp);
        _stack.SetAddress(address, prefixLength, 0, 0);
        _device = device;
        _forwards = new PortForward[forwards.Count];
        for (int i = 0; i < _forwards.Length; i++)
        {
            _forwards[i] = forwards[i];
        }
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i] = new ForwardedConnection();
        }
        _log = log;
        uint mask = uint.MaxValue << (32 - prefixLength);
        _dhcp = new HostDhcpServer(_stack, _port)
        {
            PoolStart = (address & mask) | 100, PoolSize = 50, PrefixLength = prefixLength, Router = address,
            DnsServers = new[] { address }, DomainName = Zone, LeaseSeconds = (uint)leaseSeconds, Log = line => log("gateway " + line),
        };
        _dhcp.Reservations[PacketFormatter.FormatMac(deviceMac, 0)] = device;
        _dns = new HostDnsServer(_stack) { Zone = Zone, Log = line => log("gateway " + line) };
        _dns.AddAddress("gateway." + Zone, address);
        _dns.AddAddress("device." + Zone, device);
        _dns.AddAddress("ntp." + Zone, address);
        _ntp = new HostNtpServer(_stack, _ => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) { Stratum = 2, Log = line => log("gateway " + line) };
        if (peerTraffic)
        {
            _peer = new PeerTraffic(_stack, device, 7, log);
        }
        _dnsForward = dnsForward;
        _dnsForward?.Attach(_stack, device);
        Address = address;
    }

    /// <summary>The host's UDP port carried to the device's DNS server, null when none.</summary>
    public UdpForward DnsForward => _dnsForward;

    public uint Address { get; }

    public NetworkStack Stack => _stack;

    public TcpLayer Tcp => _tcp;

    /// <summary>The port on the switch (its queue tells the loop that frames wait).</summary>
    public VirtualSwitchPort Port => _port;

    public IReadOnlyList<PortForward> Forwards => _forwards;

    public PeerTraffic Peer => _peer;

    public HostDhcpServer Dhcp => _dhcp;

    public HostDnsServer Dns => _dns;

    public HostNtpServer Ntp => _ntp;

    /// <summary>Host connections being carried now.</summary>
    public int OpenConnections
    {
        get
        {
            int n = 0;
            foreach (var link in _links)
            {
                if (link.InUse)
                {
                    n++;
                }
            }
            return n;
        }
    }

    /// <summary>When the gateway must be polled next (absolute ms); frames waiting in its port count as now.</summary>
    public long NextDeadlineMs
    {
        get
        {
            long next = _stack.NextDeadlineMs;
            if (_peer != null)
            {
                next = Math.Min(next, _peer.NextDeadlineMs);
            }
            return next;
        }
    }

    /// <summary>
    /// Receives from the switch, moves bytes between host sockets and gateway connections, accepts new host
    /// connections, and sends what that queued without waiting a turn of the loop.
    /// </summary>
    public void Poll(long nowMs)
    {
        _lastPollMs = nowMs;
        _stack.Poll(nowMs);
        _dhcp.Poll(nowMs);
        _dns.Poll(nowMs);
        _ntp.Poll(nowMs);
        ProbeReachability(nowMs);
        _peer?.Poll(nowMs);
        Accept(nowMs);
        if (_deviceReachable)
        {
            _dnsForward?.Pump();
        }
        foreach (var link in _links)
        {
            if (!link.InUse)
            {
                continue;
            }
            PortForward forward = link.Forward;
            string host = link.HostEndPoint;
            ushort gatewayPort = link.GatewayPort;
            ForwardEnd end = link.Pump(_scratch);
            if (end == ForwardEnd.None)
            {
                continue;
            }
            forward.Open--;
            switch (end)
            {
                case ForwardEnd.Closed: forward.Closed++; break;
                case ForwardEnd.ResetByHost: forward.ResetByHost++; break;
                case ForwardEnd.ResetByDevice: forward.ResetByDevice++; break;
                default: forward.TimedOut++; break;
            }
            _log("gateway: " + host + " -> " + forward.Describe() + " (gateway port " + gatewayPort + ") "
                + EndText(end) + ": " + link.BytesToDevice + " bytes to the device, " + link.BytesToHost + " back");
        }
        _stack.Poll(nowMs);
    }

    /// <summary>
    /// Sleeps up to <paramref name="waitMs"/> unless a host socket becomes ready first (a connection to accept,
    /// bytes to carry, room for staged bytes). False when no host socket needs watching (the caller sleeps).
    /// </summary>
    public bool Wait(int waitMs)
    {
        _read.Clear();
        _write.Clear();
        if (CanAccept(_lastPollMs))
        {
            foreach (var forward in _forwards)
            {
                _read.Add(forward.Listener);
            }
        }
        foreach (var link in _links)
        {
            if (link.InUse)
            {
                link.AddWaits(_read, _write);
            }
        }
        if (_dnsForward != null && _deviceReachable)
        {
            _read.Add(_dnsForward.Socket);
        }
        if (_read.Count == 0 && _write.Count == 0)
        {
            return false;
        }
        Socket.Select(_read.Count > 0 ? _read : null, _write.Count > 0 ? _write : null, null, waitMs * 1000);
        return true;
    }

    private void Accept(long nowMs)
    {
        foreach (var forward in _forwards)
        {
            while (CanAccept(nowMs))
            {
                Socket socket = forward.TryAccept(out string host);
                if (socket == null)
                {
                    break;
                }
                TcpConnection connection = _tcp.Connect(_device, (ushort)forward.Rule.DevicePort, nowMs);
                forward.Accepted++;
                if (connection == null)
                {
                    // Cannot happen after CanAccept; should it, the host learns at once instead of hanging.
                    ForwardedConnection.ResetSocket(socket);
                    forward.ResetByDevice++;
                    _log("gateway: " + host + " -> " + forward.Describe() + " refused: no free gateway connection");
                    continue;
                }
                // The host program's writes are its segments: no Nagle delay on top.
                connection.NoDelay = true;
                forward.Open++;
                FreeLink().Open(forward, socket, connection, host, nowMs);
                _log("gateway: " + host + " -> " + forward.Describe() + " (gateway port " + connection.LocalPort + ") connecting");
            }
        }
    }

    /// <summary>
    /// A host connection is accepted only when it can be carried at once (a free slot and a free TCP connection)
    /// and no recent SYN of ours is still unanswered. Handshakes one after another matter twice: while the
    /// device's MAC is unknown, the ARP cache parks one frame per address, so a second SYN would push the first
    /// out; and a device listener whose backlog is full of half-open connections evicts the oldest (its SYN-flood
    /// defence), so a burst of SYNs would get some connections reset after their handshake.
    /// </summary>
    /// <summary>True once the device can be reached (at once with a static address; after its lease and a ping with DHCP).</summary>
    public bool DeviceReachable => _deviceReachable;

    private void ProbeReachability(long nowMs)
    {
        if (_deviceReachable)
        {
            return;
        }
        var icmp = _stack.Icmp;
        if (icmp.EchoRepliesReceived != _echoRepliesSeen)
        {
            _echoRepliesSeen = icmp.EchoRepliesReceived;
            if (icmp.LastEchoReplySource == _device && icmp.LastEchoReplyId == ReachabilityEchoId)
            {
                _deviceReachable = true;
                _log("gateway: the device answers at " + AddressText.FormatIpv4(_device) + "; forwarding host connections to it");
                return;
            }
        }
        if (nowMs >= _nextReachabilityProbeMs && _dhcp.LeaseOf(_deviceMac) == _device)
        {
            _nextReachabilityProbeMs = nowMs + ReachabilityProbeMs;
            _stack.SendEchoRequest(_device, ReachabilityEchoId, ++_reachabilitySequence, 0);
        }
    }

    private bool CanAccept(long nowMs)
    {
        if (!_deviceReachable)
        {
            return false;
        }
        bool free = FreeLink() != null && _tcp.FreeConnections > 0;
        if (!free)
        {
            if (!_saidFull)
            {
                _saidFull = true;
                _log("gateway: all " + MaxConnections + " connections busy; further host connections wait in the listen backlog");
            }
            return false;
        }
        _saidFull = false;
        foreach (var link in _links)
        {
            if (link.InUse && link.Connecting && nowMs - link.OpenedMs < SynSpacingMs)
            {
                return false;
            }
        }
        return true;
    }

    private ForwardedConnection FreeLink()
    {
        foreach (var link in _links)
        {
            if (!link.InUse)
            {
                return link;
            }
        }
        return null;
    }

    private static string EndText(ForwardEnd end) => end switch
    {
        ForwardEnd.Closed => "closed",
        ForwardEnd.ResetByHost => "reset by the host",
        ForwardEnd.ResetByDevice => "reset or refused by the device",
        _ => "timed out (the device did not answer)",
    };

    /// <summary>The exit summary: each forward's counters, the gateway's TCP counters, the peer traffic.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var forward in _forwards)
        {
            text.Append(forward.DescribeCounters()).Append('\n');
        }
        text.Append("gateway ").Append(AddressText.FormatIpv4(Address)).Append(' ').Append(_tcp.Counters.Describe());
        if (_peer != null)
        {
            text.Append('\n').Append(_peer.Describe());
        }
        return text.ToString();
    }

    /// <summary>Resets every carried connection and closes the listeners.</summary>
    public void Dispose()
    {
        foreach (var link in _links)
        {
            link.Abandon();
        }
        foreach (var forward in _forwards)
        {
            forward.Dispose();
        }
        _dnsForward?.Dispose();
    }
}
