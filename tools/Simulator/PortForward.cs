using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Firmware.HostNet;

namespace Firmware.Simulator;

/// <summary>
/// A listening socket on the host's 127.0.0.1 for one <see cref="ForwardRule"/>, and what went through it.
/// Loopback only: the simulated device is never exposed beyond this machine.
/// </summary>
public sealed class PortForward : IDisposable
{
    /// <summary>Host connections the kernel queues for us while the gateway has no free connection.</summary>
    public const int ListenBacklog = 64;

    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly Socket _listener;

    private PortForward(ForwardRule rule, uint deviceAddress, Socket listener)
    {
        Rule = rule;
        DeviceAddress = deviceAddress;
        _listener = listener;
    }

    public ForwardRule Rule { get; }

    public uint DeviceAddress { get; }

    /// <summary>The listening socket (for the poll loop's wait).</summary>
    public Socket Listener => _listener;

    public int Accepted { get; internal set; }

    public int Open { get; internal set; }

    public int Closed { get; internal set; }

    public int ResetByHost { get; internal set; }

    public int ResetByDevice { get; internal set; }

    public int TimedOut { get; internal set; }

    public long BytesToDevice { get; internal set; }

    public long BytesToHost { get; internal set; }

    /// <summary>
    /// Binds and listens on 127.0.0.1:HostPort; on failure (the port is taken, or below 1024 without privileges)
    /// <paramref name="error"/> is one line saying so.
    /// </summary>
    public static bool TryOpen(ForwardRule rule, uint deviceAddress, out PortForward forward, out string error)
    {
        forward = null;
        error = null;
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone (.NET's ReuseAddress option also sets SO_REUSEPORT, which would let a second
            // simulator share the port): a restart binds again while old connections sit in TIME_WAIT, and
            // Linux still refuses a port another socket listens on.
            listener.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            listener.Bind(new IPEndPoint(IPAddress.Loopback, rule.HostPort));
            listener.Listen(ListenBacklog);
            listener.Blocking = false;
        }
        catch (SocketException e)
        {
            listener.Dispose();
            string where = "127.0.0.1:" + rule.HostPort.ToString(CultureInfo.InvariantCulture);
            error = e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? "host port " + where + " is already in use (another simulator?); pick another with "
                    + (rule.DevicePort == SimulatorOptions.DeviceHttpPort ? "--http-port N" : "--forward N:" + rule.DevicePort.ToString(CultureInfo.InvariantCulture))
                : e.SocketErrorCode == SocketError.AccessDenied
                    ? "host port " + where + ": permission denied (ports below 1024 need privileges); pick a port above 1023"
                    : "host port " + where + ": " + e.Message;
            return false;
        }
        forward = new PortForward(rule, deviceAddress, listener);
        return true;
    }

    /// <summary>
    /// The next waiting host connection, non-blocking and without Nagle, with the client's address for the log;
    /// null when none waits.
    /// </summary>
    public Socket TryAccept(out string client)
    {
        client = null;
        if (!_listener.Poll(0, SelectMode.SelectRead))
        {
            return null;
        }
        Socket socket;
        try
        {
            socket = _listener.Accept();
        }
        catch (SocketException)
        {
            return null;  // the client gave up between the poll and the accept
        }
        try
        {
            socket.Blocking = false;
            // The device decides how its bytes are segmented; the proxy should not add Nagle delays of its own.
            socket.NoDelay = true;
            var endPoint = (IPEndPoint)socket.RemoteEndPoint;
            client = endPoint.Address + ":" + endPoint.Port.ToString(CultureInfo.InvariantCulture);
        }
        catch (SocketException)
        {
            // Reset by the client before we got to it: nothing to carry.
            socket.Dispose();
            return null;
        }
        return socket;
    }

    /// <summary>One line for the log: "127.0.0.1:8080 -> 10.0.0.2:80".</summary>
    public string Describe() =>
        "127.0.0.1:" + Rule.HostPort.ToString(CultureInfo.InvariantCulture) + " -> " + AddressText.FormatIpv4(DeviceAddress) + ":"
        + Rule.DevicePort.ToString(CultureInfo.InvariantCulture);

    /// <summary>What went through, for the exit summary.</summary>
    public string DescribeCounters() =>
        "forward " + Describe() + ": " + Accepted + " connections (" + Open + " open) closed " + Closed + " reset-by-host " + ResetByHost
        + " reset-by-device " + ResetByDevice + " timed-out " + TimedOut + "; " + BytesToDevice + " bytes to the device, " + BytesToHost + " back";

    public void Dispose() => _listener.Dispose();
}
