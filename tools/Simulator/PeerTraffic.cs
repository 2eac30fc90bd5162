using System;
using System.Text;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.Simulator;

/// <summary>
/// --peer-traffic: the gateway's stack pings the device and sends a datagram to its UDP echo service once a
/// second, so someone watching the packet lines sees traffic. The gateway polls the stack; this only adds work.
/// </summary>
public sealed class PeerTraffic
{
    public const int IntervalMs = 1000;
    private const ushort EchoId = 0x5045;

    private readonly NetworkStack _stack;
    private readonly UdpSocket _udp;
    private readonly uint _device;
    private readonly int _echoPort;
    private readonly Action<string> _log;
    private readonly byte[] _buffer = new byte[1500];
    private long _nextRoundMs;
    private long _nextDatagramMs = long.MaxValue;
    private ushort _sequence;
    private int _lastRepliesIn;

    public PeerTraffic(NetworkStack stack, uint device, int echoPort, Action<string> log)
    {
        _stack = stack;
        _udp = _stack.OpenUdp();
        _udp.Bind(0);
        _device = device;
        _echoPort = echoPort;
        _log = log;
    }

    public uint Address => _stack.Interface.Address;

    public int PingsSent { get; private set; }

    public int PingRepliesReceived => _stack.IcmpCounters.EchoRepliesIn;

    public int DatagramsSent { get; private set; }

    public int DatagramsEchoed { get; private set; }

    public long NextDeadlineMs => Math.Min(_nextRoundMs, _nextDatagramMs);

    /// <summary>Sends what is due and reports what came back; call after the stack's Poll.</summary>
    public void Poll(long nowMs)
    {
        if (nowMs >= _nextRoundMs)
        {
            _nextRoundMs = nowMs + IntervalMs;
            _nextDatagramMs = nowMs + IntervalMs / 2;
            _sequence++;
            // A false return only means ARP is still resolving: the stack parks the packet and sends it later.
            _stack.SendEchoRequest(_device, EchoId, _sequence, 56);
            PingsSent++;
        }
        if (nowMs >= _nextDatagramMs)
        {
            // Half a round after the ping, so the first datagram does not displace the ping ARP parked (one frame per entry).
            _nextDatagramMs = long.MaxValue;
            string text = "hello #" + _sequence;
            int length = Encoding.ASCII.GetBytes(text, 0, text.Length, _buffer, 0);
            _udp.SendTo(_device, _echoPort, _buffer, 0, length);
            DatagramsSent++;
        }
        for (int i = 0; i < 8; i++)
        {
            int length = _udp.TryReceiveFrom(_buffer, 0, _buffer.Length, out uint source, out int sourcePort);
            if (length < 0)
            {
                break;
            }
            DatagramsEchoed++;
            _log("peer: udp echo from " + AddressText.FormatIpv4(source) + ":" + sourcePort + " '" + Encoding.ASCII.GetString(_buffer, 0, length) + "'");
        }
        if (PingRepliesReceived != _lastRepliesIn)
        {
            _lastRepliesIn = PingRepliesReceived;
            _log("peer: ping reply from " + AddressText.FormatIpv4(_device) + " (" + _lastRepliesIn + " of " + PingsSent + ")");
        }
    }

    public string Describe() =>
        "peer " + AddressText.FormatIpv4(Address) + ": pings " + PingsSent + " sent, " + PingRepliesReceived + " answered; udp echo "
        + DatagramsSent + " sent, " + DatagramsEchoed + " echoed";
}
