using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using Firmware.Services.Dhcp;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// A DHCP server small enough for the interpreter: one address for whoever asks, OFFER to DISCOVER, ACK to REQUEST for
    /// that address (NAK otherwise), RELEASE noted. Replies are broadcast (unicast to ciaddr for renewals). Device-bound,
    /// so the same scenario runs on .NET and on nanoCLR.
    /// </summary>
    public sealed class ScriptedDhcpServer
    {
        private readonly NetworkStack _stack;
        private readonly UdpSocket _socket;
        private readonly byte[] _buffer = new byte[600];
        private readonly uint _address;
        private readonly int _prefixLength;
        private readonly uint _dns;
        private readonly uint _ntp;
        private readonly uint _leaseSeconds;

        /// <summary>Offers <paramref name="address"/>/<paramref name="prefixLength"/> with this stack as router, DNS and NTP server.</summary>
        public ScriptedDhcpServer(NetworkStack stack, uint address, int prefixLength, uint leaseSeconds)
        {
            _stack = stack;
            _address = address;
            _prefixLength = prefixLength;
            _dns = stack.Interface.Address;
            _ntp = stack.Interface.Address;
            _leaseSeconds = leaseSeconds;
            _socket = stack.OpenUdp();
            _socket.Bind(DhcpMessage.ServerPort);
        }

        /// <summary>DHCPOFFERs sent.</summary>
        public int Offers;

        /// <summary>DHCPACKs sent.</summary>
        public int Acks;

        /// <summary>DHCPNAKs sent.</summary>
        public int Naks;

        /// <summary>DHCPRELEASEs received.</summary>
        public int Releases;

        /// <summary>Answers what arrived.</summary>
        public void Poll()
        {
            while (_socket.NextDatagramLength >= 0)
            {
                uint source;
                int port;
                int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out source, out port);
                if (length < DhcpMessage.OptionsOffset || _buffer[0] != DhcpMessage.OpRequest
                    || BigEndian.ReadUInt32(_buffer, DhcpMessage.CookieOffset) != DhcpMessage.MagicCookie)
                {
                    continue;
                }
                int type = DhcpMessage.GetMessageType(_buffer, length);
                uint ciaddr = BigEndian.ReadUInt32(_buffer, DhcpMessage.CiaddrOffset);
                uint requested = DhcpMessage.GetAddressOption(_buffer, length, DhcpMessage.OptionRequestedAddress);
                if (type == DhcpMessage.Discover)
                {
                    Offers++;
                    Reply(DhcpMessage.Offer, 0);
                }
                else if (type == DhcpMessage.Request)
                {
                    uint wanted = ciaddr != 0 ? ciaddr : requested;
                    if (wanted == _address)
                    {
                        Acks++;
                        Reply(DhcpMessage.Ack, ciaddr);
                    }
                    else
                    {
                        Naks++;
                        Reply(DhcpMessage.Nak, 0);
                    }
                }
                else if (type == DhcpMessage.Release)
                {
                    Releases++;
                }
            }
        }

        private void Reply(int type, uint ciaddr)
        {
            // The request's xid and chaddr stay where they are; the rest of the BOOTP header is rewritten.
            _buffer[0] = DhcpMessage.OpReply;
            _buffer[3] = 0;
            BigEndian.WriteUInt16(_buffer, DhcpMessage.SecsOffset, 0);
            BigEndian.WriteUInt32(_buffer, DhcpMessage.CiaddrOffset, type == DhcpMessage.Nak ? 0 : ciaddr);
            BigEndian.WriteUInt32(_buffer, DhcpMessage.YiaddrOffset, type == DhcpMessage.Nak ? 0 : _address);
            BigEndian.WriteUInt32(_buffer, DhcpMessage.SiaddrOffset, 0);
            System.Array.Clear(_buffer, DhcpMessage.SnameOffset, 192);
            int at = DhcpMessage.OptionsOffset;
            at = DhcpMessage.PutByte(_buffer, at, DhcpMessage.OptionMessageType, type);
            at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionServerId, _stack.Interface.Address);
            if (type != DhcpMessage.Nak)
            {
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionLeaseTime, _leaseSeconds);
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionSubnetMask, 0xFFFFFFFF << (32 - _prefixLength));
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionRouter, _stack.Interface.Address);
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionDnsServers, _dns);
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionNtpServers, _ntp);
            }
            int length = DhcpMessage.Finish(_buffer, at);
            _socket.SendTo(ciaddr != 0 ? ciaddr : 0xFFFFFFFF, DhcpMessage.ClientPort, _buffer, 0, length);
        }
    }
}
