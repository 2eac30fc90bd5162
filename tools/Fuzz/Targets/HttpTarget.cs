using System;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.Fuzz.Targets;

/// <summary>
/// A whole HTTP server slot fed bytes: a client stack connects to the device app's web server (every route),
/// sends the input as its request stream in pieces, reads what comes back, and closes. Afterwards every slot and
/// every connection of the device must come free again within minutes of virtual time (a stuck slot is a crash).
/// </summary>
public sealed class HttpTarget : IFuzzTarget
{
    private const int StepMs = 5;
    private const int MaxSteps = 600;
    private const long SettleLimitMs = 400_000;

    private readonly byte[] _request = new byte[8192];
    private readonly byte[] _response = new byte[4096];

    public string Name => "http";

    public string Description => "request bytes into the device's web server over TCP: [control: bits 0-6 piece size x16 (0 = all), bit 7 half-close after sending][bytes]";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        byte control = input.TakeByte();
        int total = input.TakeInto(_request, 0, _request.Length);
        int piece = (control & 0x7F) == 0 ? total : (control & 0x7F) * 16;
        bool halfClose = (control & 0x80) != 0;

        var device = new DeviceUnderTest();
        var clientMac = new QueueMac(PeerFrames.PeerMac, 64);
        QueueMac.Connect(clientMac, device.Mac);
        var clientStack = new NetworkStack(new StackConfig(), clientMac, new SystemRandomSource(11));
        clientStack.SetAddress(PeerFrames.PeerAddress, 24, 0, device.NowMs);
        var clientTcp = new TcpLayer(new TcpConfig { Connections = 2, ReceiveBufferBytes = 8192 }, clientStack.Output, new SystemRandomSource(12));
        clientStack.AttachTransport(6, clientTcp);

        TcpConnection c = clientTcp.Connect(PeerFrames.DeviceAddress, DeviceUnderTest.HttpPort, device.NowMs);
        int sent = 0;
        bool closed = false;
        for (int step = 0; step < MaxSteps; step++)
        {
            device.NowMs += StepMs;
            clientStack.Poll(device.NowMs);
            device.App.Poll(device.NowMs);
            if (c.State == TcpState.Established || c.State == TcpState.CloseWait)
            {
                if (sent < total)
                {
                    int want = Math.Min(piece, total - sent);
                    sent += c.Send(_request, sent, want);
                }
                else if (halfClose && !closed)
                {
                    c.Shutdown();
                    closed = true;
                }
            }
            while (c.Receive(_response, 0, _response.Length) > 0)
            {
            }
            if (c.State == TcpState.Closed || c.IsReceiveClosed)
            {
                break;
            }
        }
        c.Close();

        // Everything must come free: the client's close (or abort), the server's timeouts, TIME_WAIT aside.
        long deadline = device.NowMs + SettleLimitMs;
        while (device.App.Http.ActiveSlots != 0 || device.App.Tcp.FreeConnections != device.App.Tcp.Capacity)
        {
            if (device.NowMs > deadline)
            {
                throw new InvalidOperationException("the device did not free its connections: http slots " + device.App.Http.ActiveSlots
                    + " active, tcp " + device.App.Tcp.FreeConnections + "/" + device.App.Tcp.Capacity + " free; "
                    + device.App.Http.Counters.Describe() + "\n" + Firmware.Net.Diagnostics.TcpNetstat.Format(device.App.Tcp));
            }
            device.NowMs += 500;
            clientStack.Poll(device.NowMs);
            device.App.Poll(device.NowMs);
        }
    }
}
