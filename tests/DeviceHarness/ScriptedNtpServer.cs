using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Sntp;

namespace Firmware.DeviceHarness
{
    /// <summary>An NTP server small enough for the interpreter: stratum 2, its time a fixed epoch plus the virtual time. Device-bound.</summary>
    public sealed class ScriptedNtpServer
    {
        private readonly UdpSocket _socket;
        private readonly byte[] _buffer = new byte[68];
        private readonly long _epochUnixMs;

        /// <summary>At virtual time 0 the server's clock reads <paramref name="epochUnixMs"/>.</summary>
        public ScriptedNtpServer(NetworkStack stack, long epochUnixMs)
        {
            _epochUnixMs = epochUnixMs;
            _socket = stack.OpenUdp();
            _socket.Bind(SntpPacket.Port);
        }

        /// <summary>Requests answered.</summary>
        public int Requests;

        /// <summary>Answers what arrived at <paramref name="nowMs"/>.</summary>
        public void Poll(long nowMs)
        {
            while (_socket.NextDatagramLength >= 0)
            {
                uint source;
                int port;
                int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out source, out port);
                if (length < SntpPacket.Length || SntpPacket.GetMode(_buffer) != SntpPacket.ModeClient)
                {
                    continue;
                }
                // The client's transmit timestamp becomes our originate timestamp.
                System.Array.Copy(_buffer, SntpPacket.TransmitOffset, _buffer, SntpPacket.OriginateOffset, 8);
                _buffer[0] = (4 << 3) | SntpPacket.ModeServer;
                _buffer[1] = 2;
                _buffer[2] = 6;
                _buffer[3] = 0xEC;
                BigEndian.WriteUInt32(_buffer, SntpPacket.RootDelayOffset, 0x100);
                BigEndian.WriteUInt32(_buffer, SntpPacket.RootDispersionOffset, 0x200);
                BigEndian.WriteUInt32(_buffer, SntpPacket.ReferenceIdOffset, 0x7F000001);
                long unixMs = _epochUnixMs + nowMs;
                SntpPacket.WriteUnixMs(_buffer, 16, unixMs - 60000);
                SntpPacket.WriteUnixMs(_buffer, SntpPacket.ReceiveOffset, unixMs);
                SntpPacket.WriteUnixMs(_buffer, SntpPacket.TransmitOffset, unixMs);
                Requests++;
                _socket.SendTo(source, port, _buffer, 0, SntpPacket.Length);
            }
        }
    }
}
