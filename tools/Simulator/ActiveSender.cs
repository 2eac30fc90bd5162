using System.Globalization;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Services.Dns;

namespace Firmware.Simulator;

/// <summary>
/// --connect HOST:PORT [--send-file FILE]: once the device has an address (DHCP may take a few seconds) and, for a name,
/// its resolver has found it, the device opens a TCP connection (retried every <see cref="RetryMs"/> while no slot is
/// free, the peer refuses or the lookup fails), pushes the file into it as send space frees up, then closes gracefully.
/// Remembers the outcome for the exit summary.
/// </summary>
public sealed class ActiveSender
{
    public const int RetryMs = 500;

    private readonly NetworkStack _stack;
    private readonly TcpLayer _tcp;
    private readonly DnsResolver _resolver;
    private readonly string _host;
    private uint _address;
    private int _lookup = -1;
    private readonly ushort _port;
    private readonly byte[] _data;
    private readonly byte[] _sink = new byte[2048];
    private TcpConnection _connection;
    private ushort _localPort;
    private long _nextAttemptMs;
    private bool _closed;

    /// <param name="host">A name to look up first (with <paramref name="resolver"/>), or null when <paramref name="address"/> is given.</param>
    public ActiveSender(NetworkStack stack, TcpLayer tcp, DnsResolver resolver, string host, uint address, ushort port, byte[] data)
    {
        _stack = stack;
        _tcp = tcp;
        _resolver = resolver;
        _host = host;
        _address = address;
        _port = port;
        _data = data ?? new byte[0];
    }

    public int Attempts { get; private set; }

    /// <summary>Lookups of the name that failed (each retried after <see cref="RetryMs"/>).</summary>
    public int LookupFailures { get; private set; }

    /// <summary>Lines for people (the name's address once found).</summary>
    public System.Action<string> Log { get; set; }

    public int Refusals { get; private set; }

    public bool Established { get; private set; }

    public long BytesSent { get; private set; }

    /// <summary>Bytes the peer sent us (read and dropped so the close stays graceful).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>The last state seen; after Close, the first terminal one (TIME_WAIT or CLOSED).</summary>
    public TcpState FinalState { get; private set; } = TcpState.Closed;

    public TcpError FinalError { get; private set; }

    /// <summary>True once the connection was closed by us and reached TIME_WAIT or CLOSED, or failed for good.</summary>
    public bool Finished { get; private set; }

    public void Poll(long nowMs)
    {
        if (Finished)
        {
            return;
        }
        if (_connection == null)
        {
            if (nowMs < _nextAttemptMs || _stack.Interface.Address == 0)
            {
                return;
            }
            if (_address == 0 && !Lookup(nowMs))
            {
                return;
            }
            Attempts++;
            _connection = _tcp.Connect(_address, _port, nowMs);
            if (_connection == null)
            {
                _nextAttemptMs = nowMs + RetryMs;
                return;
            }
            _localPort = _connection.LocalPort;
        }
        TcpConnection c = _connection;
        if (_closed)
        {
            // After Close the layer owns the slot: watch it only while it is still ours.
            if (c.LocalPort != _localPort || c.State == TcpState.Closed || c.State == TcpState.TimeWait)
            {
                FinalState = c.LocalPort == _localPort ? c.State : TcpState.Closed;
                FinalError = c.LocalPort == _localPort ? c.Error : FinalError;
                if (FinalState == TcpState.Closed && InTimeWait())
                {
                    FinalState = TcpState.TimeWait;  // the layer moved it to its TIME_WAIT table and freed the slot
                }
                Finished = true;
                _connection = null;
                return;
            }
            FinalState = c.State;
            return;
        }
        FinalState = c.State;
        FinalError = c.Error;
        if (c.State == TcpState.Closed)
        {
            c.Close();  // frees the slot
            _connection = null;
            if (!Established && c.Error == TcpError.Refused)
            {
                Refusals++;
                _nextAttemptMs = nowMs + RetryMs;
                return;
            }
            Finished = true;
            return;
        }
        if (c.State == TcpState.SynSent || c.State == TcpState.SynReceived)
        {
            return;
        }
        Established = true;
        while (c.BytesAvailable > 0)
        {
            BytesReceived += c.Receive(_sink, 0, _sink.Length);
        }
        while (BytesSent < _data.Length)
        {
            int n = c.Send(_data, (int)BytesSent, _data.Length - (int)BytesSent);
            if (n == 0)
            {
                break;
            }
            BytesSent += n;
        }
        if (BytesSent == _data.Length)
        {
            c.Close();
            _closed = true;
            FinalState = c.State;
        }
    }

    // True once the name has an address; starts or polls the lookup otherwise.
    private bool Lookup(long nowMs)
    {
        if (_resolver == null)
        {
            Finished = true;
            return false;
        }
        if (_lookup < 0)
        {
            _lookup = _resolver.Resolve(_host, nowMs);
            if (_lookup < 0)
            {
                LookupFailures++;
                _nextAttemptMs = nowMs + RetryMs;
                return false;
            }
        }
        DnsStatus status = _resolver.GetStatus(_lookup);
        if (status == DnsStatus.Pending)
        {
            return false;
        }
        uint address = _resolver.GetAddress(_lookup);
        _resolver.Release(_lookup);
        _lookup = -1;
        if (status != DnsStatus.Resolved)
        {
            LookupFailures++;
            _nextAttemptMs = nowMs + RetryMs;
            Log?.Invoke("device: " + _host + " not resolved (" + status + "), retrying");
            return false;
        }
        _address = address;
        Log?.Invoke("device: resolved " + _host + " to " + AddressText.FormatIpv4(address));
        return true;
    }

    private bool InTimeWait()
    {
        TcpTimeWaitTable table = _tcp.TimeWait;
        for (int i = 0; i < table.Capacity; i++)
        {
            if (table.IsUsed(i) && table.GetLocalPort(i) == _localPort && table.GetRemotePort(i) == _port && table.GetRemoteAddress(i) == _address)
            {
                return true;
            }
        }
        return false;
    }

    public string Describe() =>
        "connect: " + (_host != null ? _host + " (" + (_address != 0 ? AddressText.FormatIpv4(_address) : "unresolved") + ")" : AddressText.FormatIpv4(_address))
        + ":" + _port.ToString(CultureInfo.InvariantCulture) + " attempts " + Attempts + " refused " + Refusals + " established " + (Established ? "yes" : "no")
        + " sent " + BytesSent + " of " + _data.Length + " bytes received " + BytesReceived
        + " closed " + (_closed ? "yes" : "no") + " state " + TcpNetstat.StateName(FinalState) + " error " + FinalError
        + (_host != null ? " lookup-failures " + LookupFailures : "");
}
