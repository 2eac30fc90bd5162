using System.Globalization;
using Firmware.HostNet;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;

namespace Firmware.Simulator;

/// <summary>
/// --connect ADDR:PORT [--send-file FILE]: the device opens a TCP connection (retried every
/// <see cref="RetryMs"/> while no slot is free or the peer refuses), pushes the file into it as send space frees
/// up, then closes gracefully. Remembers the outcome for the exit summary.
/// </summary>
public sealed class ActiveSender
{
    public const int RetryMs = 500;

    private readonly TcpLayer _tcp;
    private readonly uint _address;
    private readonly ushort _port;
    private readonly byte[] _data;
    private readonly byte[] _sink = new byte[2048];
    private TcpConnection _connection;
    private ushort _localPort;
    private long _nextAttemptMs;
    private bool _closed;

    public ActiveSender(TcpLayer tcp, uint address, ushort port, byte[] data)
    {
        _tcp = tcp;
        _address = address;
        _port = port;
        _data = data ?? new byte[0];
    }

    public int Attempts { get; private set; }

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
            if (nowMs < _nextAttemptMs)
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
        "connect: " + AddressText.FormatIpv4(_address) + ":" + _port.ToString(CultureInfo.InvariantCulture)
        + " attempts " + Attempts + " refused " + Refusals + " established " + (Established ? "yes" : "no")
        + " sent " + BytesSent + " of " + _data.Length + " bytes received " + BytesReceived
        + " closed " + (_closed ? "yes" : "no") + " state " + TcpNetstat.StateName(FinalState) + " error " + FinalError;
}
