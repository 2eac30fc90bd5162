using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Dns;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// A DNS server small enough for the interpreter: A records for a few names (case-insensitive), NXDOMAIN for the rest,
    /// built with the firmware's message layer. Device-bound.
    /// </summary>
    public sealed class ScriptedDnsServer
    {
        private readonly UdpSocket _socket;
        private readonly byte[] _buffer = new byte[512];
        private readonly byte[] _name = new byte[256];
        private readonly byte[][] _names;
        private readonly uint[] _addresses;
        private readonly uint _ttlSeconds;
        private readonly DnsReader _reader = new DnsReader();
        private readonly DnsWriter _writer = new DnsWriter(4);

        /// <summary>Answers <paramref name="names"/>[i] with <paramref name="addresses"/>[i], for <paramref name="ttlSeconds"/>.</summary>
        public ScriptedDnsServer(NetworkStack stack, string[] names, uint[] addresses, uint ttlSeconds)
        {
            _names = new byte[names.Length][];
            for (int i = 0; i < names.Length; i++)
            {
                byte[] wire = new byte[256];
                DnsName.FromDotted(names[i], wire, 0, wire.Length);
                _names[i] = wire;
            }
            _addresses = addresses;
            _ttlSeconds = ttlSeconds;
            _socket = stack.OpenUdp();
            _socket.Bind(53);
        }

        /// <summary>Queries answered.</summary>
        public int Queries;

        /// <summary>Answers what arrived.</summary>
        public void Poll()
        {
            while (_socket.NextDatagramLength >= 0)
            {
                uint source;
                int port;
                int length = _socket.TryReceiveFrom(_buffer, 0, _buffer.Length, out source, out port);
                int end;
                if (length < 0 || !_reader.Begin(_buffer, length) || !_reader.Next()
                    || DnsName.Read(_buffer, length, _reader.NameOffset, _name, 0, _name.Length, out end) < 0)
                {
                    continue;
                }
                int type = _reader.Type;
                int id = DnsHeader.GetId(_buffer);
                int found = -1;
                for (int i = 0; i < _names.Length; i++)
                {
                    if (DnsName.NamesEqual(_names[i], 0, _name, 0))
                    {
                        found = i;
                    }
                }
                int flags = DnsHeader.FlagResponse | DnsHeader.FlagAuthoritative | DnsHeader.FlagRecursionDesired
                    | (found < 0 ? DnsHeader.RcodeNameError : 0);
                _writer.Begin(_buffer, _buffer.Length, id, flags);
                _writer.AddQuestion(_name, 0, type, DnsType.ClassIn);
                if (found >= 0 && type == DnsType.A)
                {
                    _writer.AddAddressRecord(DnsSection.Answer, _name, 0, _ttlSeconds, _addresses[found]);
                }
                Queries++;
                _socket.SendTo(source, port, _buffer, 0, _writer.Finish());
            }
        }
    }
}
