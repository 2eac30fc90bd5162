using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Hal;
using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.HostNet.Services;

/// <summary>What a <see cref="HostDhcpServer"/> does with one client message (a test's script decides).</summary>
public enum DhcpServerAction
{
    /// <summary>Answer as a server would.</summary>
    Answer,
    /// <summary>Say nothing.</summary>
    Drop,
    /// <summary>Answer a REQUEST with DHCPNAK.</summary>
    Nak,
}

/// <summary>A client message as the server saw it (for scripts and logs).</summary>
public sealed record DhcpClientMessage(int Type, uint Xid, byte[] Mac, uint Ciaddr, uint RequestedAddress, uint ServerId, string HostName,
    byte[] ParameterList, int MaxMessageSize, byte[] ClientId, int Secs);

/// <summary>
/// A small DHCP server (RFC 2131) for the host side: the simulator's gateway hands the device its address with it, and the
/// host tests drive the device's client against it. It runs on a <see cref="NetworkStack"/> (port 67 of its UDP table),
/// keeps leases in a table (a pool, reservations by MAC), answers DISCOVER, REQUEST (selecting, init-reboot, renewing,
/// rebinding), DECLINE and RELEASE, and can be scripted per message (drop, NAK, answer), told to reply by broadcast or by
/// unicast to the client's MAC (a raw frame: a client without an address answers no ARP), and to add or change options.
/// Host-only code: it allocates freely.
/// </summary>
public sealed class HostDhcpServer
{
    private readonly NetworkStack _stack;
    private readonly IEthernetMac _raw;
    private readonly UdpSocket _socket;
    private readonly byte[] _buffer = new byte[1500];
    private readonly Dictionary<string, Lease> _leases = new();
    private readonly Dictionary<uint, long> _declined = new();
    private readonly List<DhcpClientMessage> _received = new();
    private long _nowMs;

    private sealed class Lease
    {
        public uint Address;
        public long ExpiresMs;
        public bool Bound;
    }

    /// <param name="stack">The server's own stack, already configured with <see cref="ServerAddress"/>.</param>
    /// <param name="raw">The MAC under that stack, for unicast replies to clients without an address (null: broadcast only).</param>
    public HostDhcpServer(NetworkStack stack, IEthernetMac raw)
    {
        _stack = stack;
        _raw = raw;
        _socket = stack.OpenUdp() ?? throw new InvalidOperationException("no UDP socket for the DHCP server");
        if (!_socket.Bind(67))
        {
            throw new InvalidOperationException("port 67 taken");
        }
    }

    public uint ServerAddress => _stack.Interface.Address;

    /// <summary>First address of the pool (host order).</summary>
    public uint PoolStart { get; set; }

    /// <summary>Addresses in the pool.</summary>
    public int PoolSize { get; set; } = 50;

    public int PrefixLength { get; set; } = 24;

    /// <summary>Option 3; 0 for none.</summary>
    public uint Router { get; set; }

    /// <summary>Option 6.</summary>
    public uint[] DnsServers { get; set; } = Array.Empty<uint>();

    /// <summary>Option 42.</summary>
    public uint[] NtpServers { get; set; } = Array.Empty<uint>();

    /// <summary>Option 15; null for none.</summary>
    public string DomainName { get; set; }

    public uint LeaseSeconds { get; set; } = 3600;

    /// <summary>Option 58 when set (else the client's default, half the lease).</summary>
    public uint? RenewalSeconds { get; set; }

    /// <summary>Option 59 when set.</summary>
    public uint? RebindingSeconds { get; set; }

    /// <summary>Leave option 1 out (the client falls back to the class mask).</summary>
    public bool OmitSubnetMask { get; set; }

    /// <summary>Reply to clients by unicast to their MAC and yiaddr (RFC 2131 §4.1 when the BROADCAST bit is clear) instead of broadcast.</summary>
    public bool UnicastReplies { get; set; }

    /// <summary>NAK requests for addresses this server does not lease (dnsmasq's dhcp-authoritative; RFC 2131 §4.3.2).</summary>
    public bool Authoritative { get; set; } = true;

    /// <summary>Decides per client message; null answers everything.</summary>
    public Func<DhcpClientMessage, DhcpServerAction> Script { get; set; }

    /// <summary>
    /// When set, the address an ACK names instead of the lease's (a server that moves its client at a renewal, as a
    /// misbehaving or reconfigured one may); the lease follows.
    /// </summary>
    public Func<DhcpClientMessage, uint, uint> AckAddress { get; set; }

    /// <summary>Fixed addresses by MAC ("02:00:00:00:00:02").</summary>
    public Dictionary<string, uint> Reservations { get; } = new();

    /// <summary>Every client message received, in order.</summary>
    public IReadOnlyList<DhcpClientMessage> Received => _received;

    /// <summary>Lines for people ("dhcp: ACK 10.0.0.2 to 02:00:00:00:00:02, lease 3600 s").</summary>
    public Action<string> Log { get; set; }

    public int Offers { get; private set; }
    public int Acks { get; private set; }
    public int Naks { get; private set; }
    public int Declines { get; private set; }
    public int Releases { get; private set; }

    /// <summary>The address leased to <paramref name="mac"/> now (bound and unexpired), or 0.</summary>
    public uint LeaseOf(byte[] mac)
    {
        return _leases.TryGetValue(Key(mac), out var lease) && lease.Bound && lease.ExpiresMs > _nowMs ? lease.Address : 0;
    }

    /// <summary>Forgets every lease (a server restarted without its lease file).</summary>
    public void ForgetLeases() => _leases.Clear();

    /// <summary>Answers what arrived; call after the stack's Poll.</summary>
    public void Poll(long nowMs)
    {
        _nowMs = nowMs;
        while (_socket.NextDatagramLength >= 0)
        {
            int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out uint source, out int sourcePort);
            if (length < 240 || _buffer[0] != 1 || BigEndian.ReadUInt32(_buffer, 236) != 0x63825363)
            {
                continue;
            }
            var message = Parse(length);
            if (message == null)
            {
                continue;
            }
            _received.Add(message);
            var action = Script?.Invoke(message) ?? DhcpServerAction.Answer;
            if (action == DhcpServerAction.Drop)
            {
                continue;
            }
            Handle(message, action, nowMs);
        }
    }

    private void Handle(DhcpClientMessage m, DhcpServerAction action, long nowMs)
    {
        string key = Key(m.Mac);
        switch (m.Type)
        {
            case 1: // DISCOVER
            {
                uint address = Choose(key, m);
                if (address == 0)
                {
                    Log?.Invoke("dhcp: no free address for " + PacketFormatter.FormatMac(m.Mac, 0));
                    return;
                }
                _leases[key] = new Lease { Address = address, ExpiresMs = nowMs + 60000, Bound = false };
                Offers++;
                Reply(m, 2, address);
                Log?.Invoke("dhcp: OFFER " + PacketFormatter.FormatIp(address) + " to " + PacketFormatter.FormatMac(m.Mac, 0));
                break;
            }
            case 3: // REQUEST
            {
                uint wanted = m.Ciaddr != 0 ? m.Ciaddr : m.RequestedAddress;
                if (m.ServerId != 0 && m.ServerId != ServerAddress)
                {
                    // The client chose another server's offer: ours is free again.
                    if (_leases.TryGetValue(key, out var offered) && !offered.Bound)
                    {
                        _leases.Remove(key);
                    }
                    return;
                }
                bool ours = _leases.TryGetValue(key, out var lease) && lease.Address == wanted
                    && (m.ServerId != 0 || lease.Bound || InPool(wanted));
                if (!ours && m.ServerId == 0 && InPool(wanted) && !LeasedToOther(key, wanted) && !_declined.ContainsKey(wanted))
                {
                    // INIT-REBOOT or REBINDING for an address we do not know but could give: take it (RFC 2131 §4.3.2 leaves it open).
                    lease = new Lease { Address = wanted };
                    _leases[key] = lease;
                    ours = true;
                }
                if (action == DhcpServerAction.Nak || !ours)
                {
                    if (action == DhcpServerAction.Nak || Authoritative)
                    {
                        Naks++;
                        Reply(m, 6, 0);
                        Log?.Invoke("dhcp: NAK " + PacketFormatter.FormatIp(wanted) + " to " + PacketFormatter.FormatMac(m.Mac, 0));
                    }
                    return;
                }
                lease.Address = AckAddress?.Invoke(m, lease.Address) ?? lease.Address;
                lease.Bound = true;
                lease.ExpiresMs = LeaseSeconds == 0xFFFFFFFF ? long.MaxValue : nowMs + LeaseSeconds * 1000L;
                Acks++;
                Reply(m, 5, lease.Address);
                Log?.Invoke("dhcp: ACK " + PacketFormatter.FormatIp(lease.Address) + " to " + PacketFormatter.FormatMac(m.Mac, 0)
                    + (m.HostName != null ? " (" + m.HostName + ")" : "") + ", lease " + LeaseSeconds + " s");
                break;
            }
            case 4: // DECLINE
                Declines++;
                _declined[m.RequestedAddress] = nowMs + 600000;
                _leases.Remove(key);
                Log?.Invoke("dhcp: DECLINE " + PacketFormatter.FormatIp(m.RequestedAddress) + " from " + PacketFormatter.FormatMac(m.Mac, 0));
                break;
            case 7: // RELEASE
                Releases++;
                if (_leases.TryGetValue(key, out var released) && released.Address == m.Ciaddr)
                {
                    _leases.Remove(key);
                }
                Log?.Invoke("dhcp: RELEASE " + PacketFormatter.FormatIp(m.Ciaddr) + " from " + PacketFormatter.FormatMac(m.Mac, 0));
                break;
        }
    }

    private uint Choose(string key, DhcpClientMessage m)
    {
        if (Reservations.TryGetValue(key, out uint reserved))
        {
            return reserved;
        }
        if (_leases.TryGetValue(key, out var lease) && !_declined.ContainsKey(lease.Address))
        {
            return lease.Address;
        }
        if (m.RequestedAddress != 0 && InPool(m.RequestedAddress) && !LeasedToOther(key, m.RequestedAddress) && !_declined.ContainsKey(m.RequestedAddress))
        {
            return m.RequestedAddress;
        }
        for (uint i = 0; i < PoolSize; i++)
        {
            uint candidate = PoolStart + i;
            if (!LeasedToOther(key, candidate) && !_declined.ContainsKey(candidate) && !Reservations.ContainsValue(candidate))
            {
                return candidate;
            }
        }
        return 0;
    }

    private bool InPool(uint address) => (address >= PoolStart && address < PoolStart + PoolSize) || Reservations.ContainsValue(address);

    private bool LeasedToOther(string key, uint address) =>
        _leases.Any(pair => pair.Key != key && pair.Value.Address == address && pair.Value.ExpiresMs > _nowMs);

    private static string Key(byte[] mac) => PacketFormatter.FormatMac(mac, 0);

    private DhcpClientMessage Parse(int length)
    {
        int type = Option(length, 53, out int at) == 1 ? _buffer[at] : 0;
        if (type == 0)
        {
            return null;
        }
        byte[] mac = new byte[6];
        Array.Copy(_buffer, 28, mac, 0, 6);
        uint requested = Option(length, 50, out at) == 4 ? BigEndian.ReadUInt32(_buffer, at) : 0;
        uint serverId = Option(length, 54, out at) == 4 ? BigEndian.ReadUInt32(_buffer, at) : 0;
        int n = Option(length, 12, out at);
        string host = n > 0 ? System.Text.Encoding.ASCII.GetString(_buffer, at, n) : null;
        n = Option(length, 55, out at);
        byte[] parameters = n > 0 ? _buffer.AsSpan(at, n).ToArray() : Array.Empty<byte>();
        int maxSize = Option(length, 57, out at) == 2 ? BigEndian.ReadUInt16(_buffer, at) : 0;
        n = Option(length, 61, out at);
        byte[] clientId = n > 0 ? _buffer.AsSpan(at, n).ToArray() : null;
        return new DhcpClientMessage(type, BigEndian.ReadUInt32(_buffer, 4), mac, BigEndian.ReadUInt32(_buffer, 12), requested, serverId,
            host, parameters, maxSize, clientId, BigEndian.ReadUInt16(_buffer, 8));
    }

    private int Option(int length, int code, out int dataOffset)
    {
        dataOffset = -1;
        int at = 240;
        while (at < length)
        {
            int c = _buffer[at];
            if (c == 0) { at++; continue; }
            if (c == 255 || at + 1 >= length) { return -1; }
            int n = _buffer[at + 1];
            if (at + 2 + n > length) { return -1; }
            if (c == code) { dataOffset = at + 2; return n; }
            at += 2 + n;
        }
        return -1;
    }

    private void Reply(DhcpClientMessage m, int type, uint yiaddr)
    {
        var b = new byte[548];
        b[0] = 2; b[1] = 1; b[2] = 6;
        BigEndian.WriteUInt32(b, 4, m.Xid);
        BigEndian.WriteUInt32(b, 12, type == 6 ? 0 : m.Ciaddr);
        BigEndian.WriteUInt32(b, 16, yiaddr);
        Array.Copy(m.Mac, 0, b, 28, 6);
        BigEndian.WriteUInt32(b, 236, 0x63825363);
        int at = 240;
        void Put(int code, byte[] data) { b[at] = (byte)code; b[at + 1] = (byte)data.Length; data.CopyTo(b, at + 2); at += 2 + data.Length; }
        static byte[] U32(uint v) { var x = new byte[4]; BigEndian.WriteUInt32(x, 0, v); return x; }
        Put(53, new[] { (byte)type });
        Put(54, U32(ServerAddress));
        if (type != 6)
        {
            Put(51, U32(LeaseSeconds));
            if (RenewalSeconds.HasValue) Put(58, U32(RenewalSeconds.Value));
            if (RebindingSeconds.HasValue) Put(59, U32(RebindingSeconds.Value));
            if (!OmitSubnetMask) Put(1, U32(PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength)));
            if (Router != 0) Put(3, U32(Router));
            if (DnsServers.Length > 0) Put(6, DnsServers.SelectMany(U32).ToArray());
            if (NtpServers.Length > 0) Put(42, NtpServers.SelectMany(U32).ToArray());
            if (DomainName != null) Put(15, System.Text.Encoding.ASCII.GetBytes(DomainName));
        }
        b[at++] = 255;
        int length = Math.Max(at, 300);
        // RFC 2131 §4.1: a NAK is broadcast; otherwise unicast to the client's MAC and yiaddr when asked (and possible).
        if (UnicastReplies && _raw != null && type != 6 && yiaddr != 0 && m.Ciaddr == 0)
        {
            SendRaw(m.Mac, yiaddr, b, length);
        }
        else if (m.Ciaddr != 0 && type != 6)
        {
            _socket.SendTo(m.Ciaddr, 68, b, 0, length);
        }
        else
        {
            _socket.SendTo(0xFFFFFFFF, 68, b, 0, length);
        }
    }

    private void SendRaw(byte[] mac, uint destination, byte[] payload, int length)
    {
        var frame = new byte[14 + 20 + 8 + length];
        EthernetFrame.EmitHeader(frame, 0, mac, 0, _raw.MacAddress, EthernetFrame.TypeIpv4);
        Array.Copy(payload, 0, frame, 42, length);
        UdpHeader.Emit(frame, 34, 67, 68, length, ServerAddress, destination);
        Ipv4Header.Emit(frame, 14, 28 + length, 0x4321, false, false, 0, 64, Ipv4Header.ProtocolUdp, ServerAddress, destination);
        _raw.TrySend(frame, 0, frame.Length);
    }
}
