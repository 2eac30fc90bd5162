using System.Collections.Generic;
using Firmware.Net.Wire;

namespace Firmware.Fuzz.Targets;

/// <summary>
/// TCP options: the parser on the raw input, then a connection to the web server whose SYN carries the first
/// option block (MSS, window scale... as the fuzzer likes them) and whose later segments carry the second, while
/// the peer fetches /api/netstat and acknowledges everything the device sends with a fuzzed window.
/// </summary>
public sealed class TcpOptionsTarget : IFuzzTarget
{
    private const ushort PeerPort = 41000;
    private const uint PeerIsn = 7000;
    private const uint DeviceIsn = 90000;
    private static readonly byte[] Request = System.Text.Encoding.ASCII.GetBytes("GET /api/netstat HTTP/1.1\r\nHost: d\r\n\r\n");

    private readonly TcpOptions _options = new TcpOptions();
    private readonly byte[] _synOptions = new byte[40];
    private readonly byte[] _segmentOptions = new byte[40];

    public string Name => "tcp-options";

    public string Description => "TCP options: [syn option bytes n][n bytes][segment option bytes m][m bytes][window hi][window lo]; the whole input also goes to TcpOptions.Parse";

    public void Run(byte[] data, int length)
    {
        _options.Parse(data, 0, length);

        var input = new FuzzInput(data, length);
        int synLength = input.TakeInto(_synOptions, 0, input.TakeByte() % 41);
        int segmentLength = input.TakeInto(_segmentOptions, 0, input.TakeByte() % 41);
        int window = input.TakeUInt16();

        var device = new DeviceUnderTest();
        device.Mac.Sent = new List<byte[]>();
        device.App.Tcp.ForceNextIsn(DeviceIsn);
        Send(device, PeerIsn, 0, TcpHeader.Syn, 65535, _synOptions, synLength, 0);
        uint deviceNext = DeviceIsn + 1;
        Send(device, PeerIsn + 1, deviceNext, TcpHeader.Ack, window, _segmentOptions, segmentLength, 0);
        Send(device, PeerIsn + 1, deviceNext, TcpHeader.Ack | TcpHeader.Psh, window, _segmentOptions, segmentLength, Request.Length);
        uint peerNext = PeerIsn + 1 + (uint)Request.Length;
        bool finSent = false;
        for (int round = 0; round < 40; round++)
        {
            device.Advance(round < 20 ? 20 : 1000);
            uint acked = HighestSent(device, deviceNext);
            if (acked != deviceNext)
            {
                deviceNext = acked;
                Send(device, peerNext, deviceNext, TcpHeader.Ack, window, _segmentOptions, segmentLength, 0);
            }
            else if (!finSent && round >= 20)
            {
                Send(device, peerNext, deviceNext, TcpHeader.Ack | TcpHeader.Fin, window, _segmentOptions, segmentLength, 0);
                peerNext++;
                finSent = true;
            }
        }
        device.Advance(70000);
    }

    private static void Send(DeviceUnderTest device, uint seq, uint ack, byte flags, int window, byte[] options, int optionsLength, int payloadLength)
    {
        byte[] f = PeerFrames.Tcp(PeerPort, DeviceUnderTest.HttpPort, seq, ack, flags, window, options, optionsLength, Request, 0, payloadLength);
        device.Inject(f, f.Length);
    }

    /// <summary>The end of what the device sent the peer (data and FIN), as a cumulative ACK would acknowledge it.</summary>
    private static uint HighestSent(DeviceUnderTest device, uint current)
    {
        uint highest = current;
        foreach (byte[] f in device.Mac.Sent)
        {
            if (f.Length < 54 || EthernetFrame.GetType(f, 0) != EthernetFrame.TypeIpv4 || f[23] != Ipv4Header.ProtocolTcp)
            {
                continue;
            }
            int ip = 14;
            int t = ip + (f[ip] & 0x0F) * 4;
            int total = f[ip + 2] << 8 | f[ip + 3];
            if (TcpHeader.GetDestinationPort(f, t) != PeerPort)
            {
                continue;
            }
            int payload = total - (t - ip) - TcpHeader.GetHeaderLength(f, t);
            byte flags = TcpHeader.GetFlags(f, t);
            uint end = TcpHeader.GetSequence(f, t) + (uint)payload + ((flags & TcpHeader.Fin) != 0 ? 1u : 0u);
            if ((int)(end - highest) > 0)
            {
                highest = end;
            }
        }
        device.Mac.Sent.Clear();
        return highest;
    }
}
