using System.Collections.Generic;
using System.Net.Sockets;
using Firmware.Net.Transport;

namespace Firmware.Simulator;

/// <summary>How a forwarded connection ended.</summary>
public enum ForwardEnd
{
    /// <summary>Still open.</summary>
    None,
    /// <summary>Both sides closed in order: every byte delivered, a FIN each way.</summary>
    Closed,
    /// <summary>The host reset its socket (or vanished); the device got a RST.</summary>
    ResetByHost,
    /// <summary>The device reset the connection or refused it (nothing listens on its port); the host got a RST.</summary>
    ResetByDevice,
    /// <summary>The device never answered (SYN or data retransmissions ran out); the host got a RST.</summary>
    TimedOut,
}

/// <summary>
/// One host connection carried across the virtual switch: the host's non-blocking socket on one side, a TCP
/// connection of the gateway's stack to the device on the other. <see cref="Pump"/> moves only as many bytes
/// as the receiving side takes at once, so each side's flow control reaches the other (a slow host reader closes
/// the device's window; a full send ring leaves bytes in the host socket). A half-close passes on as a FIN, a
/// reset as a reset. A slot is allocated once and reused; only the poll loop's thread touches it.
/// </summary>
public sealed class ForwardedConnection
{
    /// <summary>Bytes read from the gateway connection in one go (and held while the host socket is full).</summary>
    public const int StagingBytes = 16384;

    private readonly byte[] _toHost = new byte[StagingBytes];
    private int _toHostOffset;
    private int _toHostCount;
    private Socket _socket;
    private TcpConnection _connection;
    private bool _hostEof;
    private bool _finQueued;
    private bool _finPassedToHost;

    /// <summary>True while the slot carries a connection.</summary>
    public bool InUse => _socket != null;

    /// <summary>The forward the connection came in on.</summary>
    public PortForward Forward { get; private set; }

    /// <summary>The host side's address and port, for the log.</summary>
    public string HostEndPoint { get; private set; }

    /// <summary>The gateway's local port on the switch, for the log.</summary>
    public ushort GatewayPort { get; private set; }

    /// <summary>When the slot was opened (ms, the poll loop's clock).</summary>
    public long OpenedMs { get; private set; }

    /// <summary>True while the gateway's SYN is not answered yet.</summary>
    public bool Connecting => _connection != null && _connection.State == TcpState.SynSent;

    public long BytesToDevice { get; private set; }

    public long BytesToHost { get; private set; }

    /// <summary>Takes a freshly accepted host socket and the gateway's connection (from Connect) for it.</summary>
    public void Open(PortForward forward, Socket socket, TcpConnection connection, string hostEndPoint, long nowMs)
    {
        OpenedMs = nowMs;
        Forward = forward;
        _socket = socket;
        _connection = connection;
        HostEndPoint = hostEndPoint;
        GatewayPort = connection.LocalPort;
        _toHostOffset = 0;
        _toHostCount = 0;
        _hostEof = false;
        _finQueued = false;
        _finPassedToHost = false;
        BytesToDevice = 0;
        BytesToHost = 0;
    }

    /// <summary>
    /// Moves what each side can take now; returns how the connection ended (then the slot is free again), or
    /// <see cref="ForwardEnd.None"/> while it goes on. <paramref name="scratch"/> is a shared read buffer.
    /// </summary>
    public ForwardEnd Pump(byte[] scratch)
    {
        TcpConnection c = _connection;

        // Device -> host: what the host socket does not take stays staged, and the connection's ring is not read
        // further until it has, so the window the device sees closes when the host stops reading.
        while (true)
        {
            if (_toHostCount > 0)
            {
                int sent = _socket.Send(_toHost, _toHostOffset, _toHostCount, SocketFlags.None, out SocketError error);
                if (error == SocketError.WouldBlock || (error == SocketError.Success && sent == 0))
                {
                    break;
                }
                if (error != SocketError.Success)
                {
                    return End(ForwardEnd.ResetByHost);
                }
                _toHostOffset += sent;
                _toHostCount -= sent;
                BytesToHost += sent;
                Forward.BytesToHost += sent;
                if (_toHostCount > 0)
                {
                    break;
                }
            }
            if (c.BytesAvailable == 0)
            {
                break;
            }
            _toHostOffset = 0;
            _toHostCount = c.Receive(_toHost, 0, _toHost.Length);
        }
        if (!_finPassedToHost && _toHostCount == 0 && c.IsReceiveClosed)
        {
            // The device's FIN, after every byte before it: half-close the host socket the same way.
            _finPassedToHost = true;
            try
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                return End(ForwardEnd.ResetByHost);
            }
        }

        // Host -> device: read no more than the send ring takes, so nothing has to be held here.
        int room = c.SendSpace;
        if (!_hostEof && room > 0)
        {
            int n = _socket.Receive(scratch, 0, room < scratch.Length ? room : scratch.Length, SocketFlags.None, out SocketError error);
            if (error == SocketError.Success && n == 0)
            {
                _hostEof = true;
            }
            else if (error == SocketError.Success)
            {
                c.Send(scratch, 0, n);
                BytesToDevice += n;
                Forward.BytesToDevice += n;
            }
            else if (error != SocketError.WouldBlock)
            {
                return End(ForwardEnd.ResetByHost);
            }
        }
        else if (_hostEof)
        {
            // After the host's FIN a read returns 0 again, or the error of a reset that came since.
            _socket.Receive(scratch, 0, 1, SocketFlags.None, out SocketError error);
            if (error != SocketError.Success && error != SocketError.WouldBlock)
            {
                return End(ForwardEnd.ResetByHost);
            }
        }
        if (_hostEof && !_finQueued && c.State != TcpState.SynSent)
        {
            // Shutdown in SYN_SENT would drop the attempt: the FIN waits until the handshake is done.
            c.Shutdown();
            _finQueued = true;
        }

        if (c.State == TcpState.Closed && c.Error != TcpError.None)
        {
            // Whatever the device sent before its RST was passed on above as far as the host took it.
            return End(c.Error == TcpError.TimedOut ? ForwardEnd.TimedOut : ForwardEnd.ResetByDevice);
        }
        if (_finQueued && _finPassedToHost)
        {
            return End(ForwardEnd.Closed);
        }
        return ForwardEnd.None;
    }

    /// <summary>Adds the host socket to the lists a wait should watch: readable when the ring has room, writable when bytes are staged.</summary>
    public void AddWaits(List<Socket> read, List<Socket> write)
    {
        if (!_hostEof && _connection.SendSpace > 0)
        {
            read.Add(_socket);
        }
        if (_toHostCount > 0)
        {
            write.Add(_socket);
        }
    }

    /// <summary>Resets both sides (the simulator is stopping).</summary>
    public void Abandon()
    {
        if (InUse)
        {
            End(ForwardEnd.ResetByHost);
        }
    }

    private ForwardEnd End(ForwardEnd how)
    {
        if (how == ForwardEnd.Closed)
        {
            // Both directions are done and the host's data all read, so close() sends no RST.
            _connection.Close();
            _socket.Close();
        }
        else
        {
            if (_connection.State == TcpState.Closed)
            {
                _connection.Close();  // frees the slot; the device's RST already ended it
            }
            else
            {
                _connection.Abort();  // sends the device a RST
            }
            ResetSocket(_socket);
        }
        _socket = null;
        _connection = null;
        return how;
    }

    /// <summary>Closes a host socket with a RST instead of a FIN (SO_LINGER with a zero timeout).</summary>
    public static void ResetSocket(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the peer: closing it is all that is left.
        }
        socket.Close();
    }
}
