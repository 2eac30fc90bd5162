using Firmware.Net.Diagnostics;
using Firmware.Net.Link;
using Firmware.Net.Wire;

namespace Firmware.Net.Network
{
    /// <summary>
    /// IPv4 (RFC 791, RFC 1122 §3.2.1): validates what comes in, reassembles fragments, hands payloads to ICMP and
    /// the attached transports; wraps what goes out in a header (TTL from the config, fragmented when larger than
    /// the MTU) and gives it to the link with the next hop (on-link destination or the gateway).
    /// </summary>
    public class Ipv4Layer : IIpv4Output
    {
        private readonly NetInterface _interface;
        private readonly ArpCache _arp;
        private readonly Ipv4Counters _counters;
        private readonly Reassembler _reassembler;
        private readonly int _mtuBytes;
        private readonly int _ttl;
        private int _multicastTtl;
        private IgmpLayer _igmp;
        private readonly byte[] _transmit;
        private readonly byte[] _protocols;
        private readonly IIpv4Transport[] _transports;
        private int _transportCount;
        private IcmpLayer _icmp;
        private int _nextIdentification;
        private long _nowMs;
        private int _anyDestinationUdpPort;

        // The datagram being delivered, so a transport can ask for an ICMP error about it (ReplyUnreachable).
        private byte[] _quoteBuffer;
        private int _quoteOffset;
        private int _quoteLength;
        private uint _currentSource;
        private bool _currentIsBroadcast;

        /// <summary>Allocates the transmit frame and the reassembly pool.</summary>
        public Ipv4Layer(StackConfig config, NetInterface netInterface, ArpCache arp, Ipv4Counters counters, IRandomSource random)
        {
            if (config.MtuBytes < 68 || config.MtuBytes > 1500)
            {
                // RFC 791: every host must take 68-byte packets; Ethernet carries at most 1500.
                throw new System.ArgumentOutOfRangeException("MtuBytes");
            }
            _interface = netInterface;
            _arp = arp;
            _counters = counters;
            _mtuBytes = config.MtuBytes;
            _ttl = config.TimeToLive;
            _multicastTtl = config.MulticastTimeToLive;
            _reassembler = new Reassembler(config, counters);
            _transmit = new byte[EthernetFrame.HeaderLength + _mtuBytes];
            _protocols = new byte[config.MaxAttachedTransports + 1];
            _transports = new IIpv4Transport[config.MaxAttachedTransports + 1];
            _nextIdentification = (int)(random.NextUInt32() & 0xFFFF);
        }

        /// <summary>IGMP, wired by the stack after construction (null: IGMP messages are dropped as an unknown protocol).</summary>
        public IgmpLayer Igmp { get { return _igmp; } set { _igmp = value; } }

        /// <summary>TTL of the multicast datagrams sent (RFC 1112 §6.1: 1 by default; mDNS sends 255, RFC 6762 §11).</summary>
        public int MulticastTimeToLive { get { return _multicastTtl; } set { _multicastTtl = value; } }

        /// <summary>ICMP, wired by the stack after construction (the two call each other).</summary>
        public IcmpLayer Icmp { get { return _icmp; } set { _icmp = value; } }

        /// <summary>The reassembly pool (for diagnostics and tests).</summary>
        public Reassembler Reassembler { get { return _reassembler; } }

        /// <inheritdoc />
        public uint LocalAddress { get { return _interface.Address; } }

        /// <inheritdoc />
        public byte[] TransmitBuffer { get { return _transmit; } }

        /// <inheritdoc />
        public int TransportOffset { get { return EthernetFrame.HeaderLength + Ipv4Header.MinLength; } }

        /// <inheritdoc />
        public int MaxTransportLength { get { return _mtuBytes - Ipv4Header.MinLength; } }

        /// <summary>Plugs a transport in for <paramref name="protocol"/>; false when the table is full or the protocol is taken.</summary>
        public bool Attach(byte protocol, IIpv4Transport transport)
        {
            if (transport == null || protocol == Ipv4Header.ProtocolIcmp || FindTransport(protocol) != null || _transportCount >= _transports.Length)
            {
                return false;
            }
            _protocols[_transportCount] = protocol;
            _transports[_transportCount] = transport;
            _transportCount++;
            return true;
        }

        /// <summary>
        /// Handles the IPv4 packet of <paramref name="length"/> bytes at <paramref name="offset"/> (link padding
        /// may follow it). Malformed or foreign packets are counted and dropped.
        /// </summary>
        public void Input(byte[] b, int offset, int length, long nowMs)
        {
            _nowMs = nowMs;
            _counters.PacketsIn++;
            int check = Ipv4Header.Check(b, offset, length);
            if (check != Ipv4Header.CheckOk)
            {
                if (check == Ipv4Header.CheckBadChecksum)
                {
                    _counters.BadChecksum++;
                }
                else if (check == Ipv4Header.CheckBadTotalLength)
                {
                    _counters.BadLength++;
                }
                else
                {
                    _counters.BadHeader++;
                }
                return;
            }
            uint source = Ipv4Header.GetSource(b, offset);
            uint destination = Ipv4Header.GetDestination(b, offset);
            if (source == 0xFFFFFFFF || NetInterface.IsMulticast(source) || (source != 0 && _interface.IsBroadcast(source)))
            {
                _counters.BadSource++;
                return;
            }
            if (NetInterface.IsMulticast(destination))
            {
                // RFC 1112 §7.2: only the groups joined (and all-systems); the MAC filter lets 32 groups share an address.
                if (!_interface.Groups.Contains(destination))
                {
                    _counters.NotForUs++;
                    if (_igmp != null)
                    {
                        _igmp.Counters.NotJoined++;
                    }
                    return;
                }
                if (_igmp != null)
                {
                    _igmp.Counters.MulticastIn++;
                }
            }
            else if (!_interface.Accepts(destination) && !IsForAnyDestinationPort(b, offset, length, destination))
            {
                _counters.NotForUs++;
                return;
            }
            int headerLength = Ipv4Header.GetHeaderLength(b, offset);
            int totalLength = Ipv4Header.GetTotalLength(b, offset);
            byte protocol = Ipv4Header.GetProtocol(b, offset);
            if (Ipv4Header.GetMoreFragments(b, offset) || Ipv4Header.GetFragmentOffsetBytes(b, offset) != 0)
            {
                _counters.FragmentsIn++;
                int slot = _reassembler.Add(b, offset, nowMs);
                if (slot >= 0)
                {
                    Deliver(source, destination, protocol, _reassembler.GetBuffer(slot), 0, _reassembler.GetLength(slot),
                        _reassembler.GetQuote(slot), 0, _reassembler.GetQuoteLength(slot), nowMs);
                    _reassembler.Release(slot);
                }
                return;
            }
            int payloadLength = totalLength - headerLength;
            Deliver(source, destination, protocol, b, offset + headerLength, payloadLength,
                b, offset, headerLength + (payloadLength < 8 ? payloadLength : 8), nowMs);
        }

        /// <summary>Runs the reassembly timeouts (RFC 1122 §3.3.2: time exceeded when fragment zero had come) and the transports.</summary>
        public void Poll(long nowMs)
        {
            _nowMs = nowMs;
            int slot;
            while ((slot = _reassembler.TakeExpired(nowMs)) >= 0)
            {
                int quoteLength = _reassembler.GetQuoteLength(slot);
                if (quoteLength > 0 && _icmp != null)
                {
                    byte[] quote = _reassembler.GetQuote(slot);
                    uint source = Ipv4Header.GetSource(quote, 0);
                    if (!_interface.IsBroadcast(Ipv4Header.GetDestination(quote, 0)))
                    {
                        _icmp.SendError(IcmpMessage.TypeTimeExceeded, IcmpMessage.CodeReassemblyTimeExceeded, source, quote, 0, quoteLength, nowMs);
                    }
                }
                _reassembler.Release(slot);
            }
            for (int i = 0; i < _transportCount; i++)
            {
                _transports[i].Poll(nowMs);
            }
        }

        /// <summary>The earliest of the reassembly and transport deadlines.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long deadline = _reassembler.NextDeadlineMs;
                for (int i = 0; i < _transportCount; i++)
                {
                    long t = _transports[i].NextDeadlineMs;
                    if (t < deadline)
                    {
                        deadline = t;
                    }
                }
                return deadline;
            }
        }

        /// <summary>
        /// A UDP port (0 for none) whose datagrams are taken whatever their unicast destination: the DHCP client's 68,
        /// because a server may send DHCPOFFER/DHCPACK to the offered address before the client has configured it
        /// (RFC 2131 §4.1, when the BROADCAST bit is clear). The link layer has already checked that the frame was for
        /// our MAC or broadcast.
        /// </summary>
        public int AnyDestinationUdpPort { get { return _anyDestinationUdpPort; } set { _anyDestinationUdpPort = value; } }

        /// <summary>The time the layer last saw (Send has no time parameter; ARP needs one).</summary>
        public long NowMs { get { return _nowMs; } set { _nowMs = value; } }

        /// <summary>
        /// Tells every transport that <paramref name="oldAddress"/> (still configured) is going away; returns the
        /// connections they reset.
        /// </summary>
        public int AddressChanging(uint oldAddress, long nowMs)
        {
            _nowMs = nowMs;
            int reset = 0;
            for (int i = 0; i < _transportCount; i++)
            {
                reset += _transports[i].LocalAddressChanging(oldAddress, nowMs);
            }
            return reset;
        }

        /// <summary>
        /// During a transport's Receive: answers the datagram being delivered with an ICMP destination unreachable
        /// of <paramref name="code"/> (RFC 1122 §3.2.2 limits apply: not to broadcasts, rate-limited).
        /// </summary>
        public void ReplyUnreachable(int code)
        {
            if (_quoteBuffer == null || _currentIsBroadcast || _icmp == null)
            {
                return;
            }
            _icmp.SendError(IcmpMessage.TypeDestinationUnreachable, code, _currentSource, _quoteBuffer, _quoteOffset, _quoteLength, _nowMs);
        }

        /// <inheritdoc />
        public bool Send(uint destination, byte protocol, int transportLength)
        {
            return SendFrom(_interface.Address, destination, protocol, transportLength);
        }

        /// <summary>
        /// <see cref="Send"/> with an explicit source address: ours, or 0.0.0.0 for the UDP of a host that has no address
        /// yet or must not use the one it has (RFC 2131 §4.1: DHCPDISCOVER and DHCPREQUEST before the lease). Without an
        /// address only UDP goes out (ICMP and TCP from 0.0.0.0 are refused and counted).
        /// </summary>
        public bool SendFrom(uint source, uint destination, byte protocol, int transportLength)
        {
            if (transportLength < 0 || transportLength > MaxTransportLength || (source == 0 && protocol != Ipv4Header.ProtocolUdp))
            {
                _counters.OutputDropped++;
                return false;
            }
            uint nextHop = Route(destination);
            if (nextHop == 0)
            {
                _counters.OutputDropped++;
                return false;
            }
            int totalLength = Ipv4Header.MinLength + transportLength;
            Ipv4Header.Emit(_transmit, EthernetFrame.HeaderLength, totalLength, NextIdentification(), false, false, 0,
                NetInterface.IsMulticast(destination) ? _multicastTtl : _ttl, protocol, source, destination);
            _counters.PacketsOut++;
            return _arp.SendIpv4(nextHop, _transmit, EthernetFrame.HeaderLength + totalLength, _nowMs);
        }

        /// <summary>
        /// Sends <paramref name="length"/> payload bytes from any buffer as one IPv4 datagram, fragmented
        /// (RFC 791 §3.2) when longer than <see cref="MaxTransportLength"/>. The payload is copied, never modified.
        /// </summary>
        public bool SendPayload(uint destination, byte protocol, byte[] payload, int offset, int length)
        {
            if (length <= MaxTransportLength)
            {
                System.Array.Copy(payload, offset, _transmit, TransportOffset, length);
                return Send(destination, protocol, length);
            }
            uint nextHop = Route(destination);
            if (nextHop == 0 || length > 65535 - Ipv4Header.MinLength || (_interface.Address == 0 && protocol != Ipv4Header.ProtocolUdp))
            {
                _counters.OutputDropped++;
                return false;
            }
            int identification = NextIdentification();
            int chunkBytes = MaxTransportLength & ~7;
            bool sentAll = true;
            for (int at = 0; at < length; at += chunkBytes)
            {
                int remaining = length - at;
                int fragmentLength = remaining < chunkBytes ? remaining : chunkBytes;
                bool more = at + fragmentLength < length;
                System.Array.Copy(payload, offset + at, _transmit, TransportOffset, fragmentLength);
                Ipv4Header.Emit(_transmit, EthernetFrame.HeaderLength, Ipv4Header.MinLength + fragmentLength, identification, false, more,
                    at, NetInterface.IsMulticast(destination) ? _multicastTtl : _ttl, protocol, _interface.Address, destination);
                _counters.PacketsOut++;
                _counters.FragmentsOut++;
                if (!_arp.SendIpv4(nextHop, _transmit, TransportOffset + fragmentLength, _nowMs))
                {
                    // Not resolved yet (the first fragment is parked) or the MAC is full: the rest would be lost anyway.
                    sentAll = false;
                    break;
                }
            }
            return sentAll;
        }

        // A UDP datagram for the any-destination port, to a unicast address (never multicast or this-network).
        private bool IsForAnyDestinationPort(byte[] b, int offset, int length, uint destination)
        {
            if (_anyDestinationUdpPort == 0 || Ipv4Header.GetProtocol(b, offset) != Ipv4Header.ProtocolUdp
                || NetInterface.IsMulticast(destination) || destination == 0
                || Ipv4Header.GetMoreFragments(b, offset) || Ipv4Header.GetFragmentOffsetBytes(b, offset) != 0)
            {
                return false;
            }
            int headerLength = Ipv4Header.GetHeaderLength(b, offset);
            if (Ipv4Header.GetTotalLength(b, offset) - headerLength < UdpHeader.Length)
            {
                return false;
            }
            return BigEndian.ReadUInt16(b, offset + headerLength + 2) == _anyDestinationUdpPort;
        }

        private uint Route(uint destination)
        {
            if (_interface.IsBroadcast(destination))
            {
                return 0xFFFFFFFF;
            }
            if (NetInterface.IsMulticast(destination))
            {
                // RFC 1112 §6.4: straight to the group's MAC (ArpCache maps it), never through a gateway.
                return destination;
            }
            if (destination == 0)
            {
                return 0;
            }
            return _interface.NextHop(destination);
        }

        private int NextIdentification()
        {
            int id = _nextIdentification;
            _nextIdentification = (_nextIdentification + 1) & 0xFFFF;
            return id;
        }

        private void Deliver(uint source, uint destination, byte protocol, byte[] b, int offset, int length,
            byte[] quote, int quoteOffset, int quoteLength, long nowMs)
        {
            // Multicast is answered like broadcast: no echo reply, no ICMP error (RFC 1122 §3.2.2, §3.2.2.6).
            bool multicast = NetInterface.IsMulticast(destination);
            bool broadcast = _interface.IsBroadcast(destination) || multicast;
            if (protocol == IgmpMessage.Protocol && _igmp != null)
            {
                _counters.Delivered++;
                _igmp.Input(source, destination, b, offset, length, nowMs);
                return;
            }
            if (multicast && protocol != Ipv4Header.ProtocolUdp && protocol != Ipv4Header.ProtocolIcmp)
            {
                // RFC 1122 §4.2.3.10: TCP to a multicast address is silently discarded (no RST either).
                _counters.NotForUs++;
                return;
            }
            if (protocol == Ipv4Header.ProtocolIcmp)
            {
                _counters.Delivered++;
                if (_icmp != null)
                {
                    _icmp.Input(source, destination, b, offset, length, broadcast, nowMs);
                }
                return;
            }
            IIpv4Transport transport = FindTransport(protocol);
            if (transport == null)
            {
                // RFC 1122 §3.2.2.1 would allow a protocol unreachable; a stack without TCP just drops (TCP answers with RST when attached).
                _counters.UnknownProtocol++;
                return;
            }
            _counters.Delivered++;
            _quoteBuffer = quoteLength > 0 ? quote : null;
            _quoteOffset = quoteOffset;
            _quoteLength = quoteLength;
            _currentSource = source;
            _currentIsBroadcast = broadcast;
            transport.Receive(source, destination, b, offset, length, nowMs);
            _quoteBuffer = null;
        }

        private IIpv4Transport FindTransport(byte protocol)
        {
            for (int i = 0; i < _transportCount; i++)
            {
                if (_protocols[i] == protocol)
                {
                    return _transports[i];
                }
            }
            return null;
        }
    }
}
