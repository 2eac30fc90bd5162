using System;
using System.Collections.Generic;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Sntp;

namespace Firmware.HostNet.Services;

/// <summary>A request as the server saw it.</summary>
public sealed record NtpRequest(uint Source, int SourcePort, int Version, int Mode, ulong Transmit, long AtMs);

/// <summary>How the server answers one request (a test's script decides).</summary>
public enum NtpServerAction
{
    Answer,
    Drop,
    KissRate,
    KissDeny,
    WrongOriginate,
    ClientMode,
    LeapAlarm,
    Stratum16,
    NoTransmitTime,
    Short,
}

/// <summary>
/// A small NTP server (RFC 4330 §5's server side) for the host side: the simulator's gateway gives the device the host's
/// time with it, and the SNTP client's tests drive it from a virtual clock. Port 123 of a <see cref="NetworkStack"/>;
/// scriptable per request. Host-only code.
/// </summary>
public sealed class HostNtpServer
{
    private readonly UdpSocket _socket;
    private readonly byte[] _buffer = new byte[256];
    private readonly Func<long, long> _unixMs;
    private readonly List<NtpRequest> _requests = new();

    /// <param name="unixMs">The server's time: Unix ms at the poll's nowMs.</param>
    public HostNtpServer(NetworkStack stack, Func<long, long> unixMs)
    {
        _unixMs = unixMs;
        _socket = stack.OpenUdp() ?? throw new InvalidOperationException("no UDP socket for the NTP server");
        if (!_socket.Bind(SntpPacket.Port))
        {
            throw new InvalidOperationException("port 123 taken");
        }
    }

    public int Stratum { get; set; } = 2;

    /// <summary>Time the server spends between receive and transmit timestamps, ms (pretend).</summary>
    public int ProcessingMs { get; set; }

    public Func<NtpRequest, NtpServerAction> Script { get; set; }

    public IReadOnlyList<NtpRequest> Requests => _requests;

    public Action<string> Log { get; set; }

    public void Poll(long nowMs)
    {
        while (_socket.NextDatagramLength >= 0)
        {
            int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out uint source, out int port);
            if (length < SntpPacket.Length)
            {
                continue;
            }
            var request = new NtpRequest(source, port, SntpPacket.GetVersion(_buffer), SntpPacket.GetMode(_buffer),
                ((ulong)BigEndian.ReadUInt32(_buffer, 40) << 32) | BigEndian.ReadUInt32(_buffer, 44), nowMs);
            _requests.Add(request);
            var action = Script?.Invoke(request) ?? NtpServerAction.Answer;
            if (action == NtpServerAction.Drop || request.Mode != SntpPacket.ModeClient)
            {
                continue;
            }
            long now = _unixMs(nowMs);
            var reply = new byte[SntpPacket.Length];
            int leap = action == NtpServerAction.LeapAlarm ? 3 : 0;
            int mode = action == NtpServerAction.ClientMode ? 3 : 4;
            reply[0] = (byte)((leap << 6) | (Math.Clamp(request.Version, 1, 4) << 3) | mode);
            reply[1] = (byte)(action == NtpServerAction.KissRate || action == NtpServerAction.KissDeny ? 0 : action == NtpServerAction.Stratum16 ? 16 : Stratum);
            reply[2] = 6;
            reply[3] = 0xEC;  // precision 2^-20 s
            BigEndian.WriteUInt32(reply, 4, 0x00000100);
            BigEndian.WriteUInt32(reply, 8, 0x00000200);
            BigEndian.WriteUInt32(reply, 12, action == NtpServerAction.KissRate ? SntpPacket.KissRate
                : action == NtpServerAction.KissDeny ? SntpPacket.KissDeny : 0x7F000001);
            SntpPacket.WriteUnixMs(reply, 16, now - 60000);
            BigEndian.WriteUInt32(reply, 24, (uint)(request.Transmit >> 32));
            BigEndian.WriteUInt32(reply, 28, (uint)request.Transmit ^ (action == NtpServerAction.WrongOriginate ? 1u : 0u));
            SntpPacket.WriteUnixMs(reply, 32, now);
            if (action != NtpServerAction.NoTransmitTime)
            {
                SntpPacket.WriteUnixMs(reply, 40, now + ProcessingMs);
            }
            _socket.SendTo(source, port, reply, 0, action == NtpServerAction.Short ? 40 : SntpPacket.Length);
            Log?.Invoke("ntp: time to " + AddressText.FormatIpv4(source));
        }
    }
}
