using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.Simulator;

/// <summary>
/// The host's 127.0.0.1:<see cref="HostPort"/>/udp carried to the device's DNS server (port 53) by the gateway: each
/// datagram from a host client goes out of one gateway UDP socket with a DNS ID of the gateway's own, and the answer
/// to that ID goes back to the client with its ID restored. Loopback only. A DNS-aware forward, not a NAT: it is only
/// for DNS (every datagram is taken as a DNS message; shorter than a header is dropped).
/// </summary>
public sealed class UdpForward : IDisposable
{
    /// <summary>Questions in flight at once; the oldest is forgotten first (its client retries).</summary>
    public const int MaxPending = 64;

    /// <summary>The device's DNS port.</summary>
    public const int DevicePort = 53;

    private readonly Socket _host;
    private readonly byte[] _buffer = new byte[2048];
    private readonly Dictionary<int, (EndPoint Client, int Id)> _pending = new();
    private readonly Queue<int> _order = new();
    private UdpSocket _gateway;
    private uint _device;
    private int _nextId;

    private UdpForward(int hostPort, Socket host)
    {
        HostPort = hostPort;
        _host = host;
    }

    public int HostPort { get; }

    /// <summary>The host socket (for the poll loop's wait).</summary>
    public Socket Socket => _host;

    public int ToDevice { get; private set; }

    public int ToHost { get; private set; }

    /// <summary>Binds 127.0.0.1:<paramref name="hostPort"/>/udp; on failure <paramref name="error"/> is one line saying why.</summary>
    public static bool TryOpen(int hostPort, out UdpForward forward, out string error)
    {
        forward = null;
        error = null;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, hostPort));
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            error = "host port 127.0.0.1:" + hostPort.ToString(CultureInfo.InvariantCulture) + "/udp: "
                + (e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "already in use (avahi-daemon or another simulator?); pick another with --dns-port N"
                    : e.SocketErrorCode == SocketError.AccessDenied ? "permission denied (ports below 1024 need privileges)" : e.Message);
            return false;
        }
        forward = new UdpForward(hostPort, socket);
        return true;
    }

    /// <summary>Takes a UDP socket of the gateway's stack (the forward's side on the switch) and the device's address.</summary>
    public void Attach(NetworkStack gateway, uint device)
    {
        _gateway = gateway.OpenUdp() ?? throw new InvalidOperationException("gateway: no UDP socket for the DNS forward");
        _gateway.Bind(0);
        _device = device;
        _nextId = Environment.TickCount & 0xFFFF;
    }

    /// <summary>Carries what waits on either side; never blocks.</summary>
    public void Pump()
    {
        for (int i = 0; i < 32 && _host.Available > 0; i++)
        {
            EndPoint client = new IPEndPoint(IPAddress.Any, 0);
            int n;
            try
            {
                n = _host.ReceiveFrom(_buffer, ref client);
            }
            catch (SocketException)
            {
                break;
            }
            if (n < 12)
            {
                continue;
            }
            int id = _nextId++ & 0xFFFF;
            if (_pending.Count >= MaxPending)
            {
                _pending.Remove(_order.Dequeue());
            }
            _pending[id] = (client, _buffer[0] << 8 | _buffer[1]);
            _order.Enqueue(id);
            _buffer[0] = (byte)(id >> 8);
            _buffer[1] = (byte)id;
            // False the first time: it waits for ARP, then goes.
            _gateway.SendTo(_device, DevicePort, _buffer, 0, n);
            ToDevice++;
        }
        while (_gateway.QueuedDatagrams > 0)
        {
            int n = _gateway.TryReceiveFrom(_buffer, 0, _buffer.Length, out uint source, out int port);
            if (n < 12 || source != _device || port != DevicePort)
            {
                continue;
            }
            int id = _buffer[0] << 8 | _buffer[1];
            if (!_pending.Remove(id, out var asker))
            {
                continue;
            }
            _buffer[0] = (byte)(asker.Id >> 8);
            _buffer[1] = (byte)asker.Id;
            try
            {
                _host.SendTo(_buffer, 0, n, SocketFlags.None, asker.Client);
                ToHost++;
            }
            catch (SocketException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    public string Describe() =>
        "127.0.0.1:" + HostPort.ToString(CultureInfo.InvariantCulture) + "/udp -> device:53 (dns; " + ToDevice + " queries, " + ToHost + " answers)";

    public void Dispose() => _host.Dispose();
}
