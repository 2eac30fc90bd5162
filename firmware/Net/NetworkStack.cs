using Firmware.Hal;
using Firmware.Net.Diagnostics;
using Firmware.Net.Link;
using Firmware.Net.Network;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.Net
{
    /// <summary>
    /// The stack: one interface over one MAC with ARP, IPv4 (fragmentation both ways), ICMP, UDP sockets, and a
    /// hook for TCP. Everything is allocated here, from the config; <see cref="Poll"/> does all the work.
    /// </summary>
    public class NetworkStack
    {
        private readonly StackConfig _config;
        private readonly IEthernetMac _mac;
        private readonly NetInterface _interface;
        private readonly ArpCache _arp;
        private readonly Ipv4Layer _ip;
        private readonly IcmpLayer _icmp;
        private readonly UdpLayer _udp;
        private readonly byte[] _receive;
        private readonly EthernetCounters _ethernetCounters = new EthernetCounters();
        private readonly ArpCounters _arpCounters = new ArpCounters();
        private readonly Ipv4Counters _ipCounters = new Ipv4Counters();
        private readonly IcmpCounters _icmpCounters = new IcmpCounters();
        private readonly UdpCounters _udpCounters = new UdpCounters();
        private readonly IgmpCounters _igmpCounters = new IgmpCounters();
        private readonly IgmpLayer _igmp;
        private bool _moreFramesWaiting;
        private long _lastPollMs;

        /// <summary>Allocates every buffer, table and socket the stack will use.</summary>
        public NetworkStack(StackConfig config, IEthernetMac mac, IRandomSource random)
        {
            if (config == null || mac == null || random == null)
            {
                throw new System.ArgumentNullException();
            }
            _config = config;
            _mac = mac;
            _interface = new NetInterface(mac.MacAddress, config.MulticastGroups);
            _arp = new ArpCache(config, mac, _interface, _ethernetCounters, _arpCounters);
            _ip = new Ipv4Layer(config, _interface, _arp, _ipCounters, random);
            _icmp = new IcmpLayer(config, _ip, _icmpCounters);
            _ip.Icmp = _icmp;
            _igmp = new IgmpLayer(config, _interface, _arp, _igmpCounters, random);
            _ip.Igmp = _igmp;
            _udp = new UdpLayer(config, _ip, random, _udpCounters);
            _ip.Attach(Ipv4Header.ProtocolUdp, _udp);
            _receive = new byte[EthernetFrame.HeaderLength + config.MtuBytes];
            // The limits behind two quiet drops, so their counter lines can name them.
            _udpCounters.ReceiveRingBytes = config.UdpReceiveBufferBytes;
            _ipCounters.ReassemblyBufferBytes = config.ReassemblyBufferBytes;
        }

        /// <summary>The configuration the stack was built from.</summary>
        public StackConfig Config { get { return _config; } }

        /// <summary>The interface: MAC, address, prefix, gateway.</summary>
        public NetInterface Interface { get { return _interface; } }

        /// <summary>Whether the MAC reports its link up.</summary>
        public bool IsLinkUp { get { return _mac.IsLinkUp; } }

        /// <summary>The ARP cache.</summary>
        public ArpCache Arp { get { return _arp; } }

        /// <summary>The IPv4 output for transports (TCP sends through this).</summary>
        public IIpv4Output Output { get { return _ip; } }

        /// <summary>The IPv4 layer.</summary>
        public Ipv4Layer Ipv4 { get { return _ip; } }

        /// <summary>ICMP: echo reply observation (EchoRepliesReceived, LastEchoReplyId, ...).</summary>
        public IcmpLayer Icmp { get { return _icmp; } }

        /// <summary>UDP: the socket table.</summary>
        public UdpLayer Udp { get { return _udp; } }

        /// <summary>Link counters.</summary>
        public EthernetCounters EthernetCounters { get { return _ethernetCounters; } }

        /// <summary>ARP counters.</summary>
        public ArpCounters ArpCounters { get { return _arpCounters; } }

        /// <summary>IPv4 counters.</summary>
        public Ipv4Counters Ipv4Counters { get { return _ipCounters; } }

        /// <summary>ICMP counters.</summary>
        public IcmpCounters IcmpCounters { get { return _icmpCounters; } }

        /// <summary>IGMP and multicast counters.</summary>
        public IgmpCounters IgmpCounters { get { return _igmpCounters; } }

        /// <summary>IGMP (RFC 2236): the groups' reports and leaves.</summary>
        public IgmpLayer Igmp { get { return _igmp; } }

        /// <summary>
        /// Joins the IPv4 multicast <paramref name="group"/> (host order; 224.0.0.0/4): its datagrams are taken from now on
        /// and IGMPv2 reports it (RFC 2236 §3). Joins count users: leave as often as joined. False when the table
        /// (<see cref="StackConfig.MulticastGroups"/>) is full or it is not a group (counted). A MAC driver that filters
        /// multicast must be told too (W5500/ENC28J60: see their READMEs).
        /// </summary>
        public bool JoinGroup(uint group, long nowMs)
        {
            _ip.NowMs = nowMs;
            return _igmp.Join(group, nowMs);
        }

        /// <summary>Leaves <paramref name="group"/> (the last user's leave sends IGMP's Leave Group). False when not joined.</summary>
        public bool LeaveGroup(uint group, long nowMs)
        {
            _ip.NowMs = nowMs;
            return _igmp.Leave(group, nowMs);
        }

        /// <summary>UDP counters.</summary>
        public UdpCounters UdpCounters { get { return _udpCounters; } }

        /// <summary>
        /// Sets the IPv4 configuration (host order; gateway 0 for none), forgets ARP entries learnt under the old one,
        /// and announces the address with a gratuitous ARP. A configuration no host may have (0.0.0.0, loopback,
        /// multicast, the subnet's network or broadcast address, a prefix outside /1–/30, an off-link gateway: see
        /// <see cref="NetInterface.CheckConfiguration"/>) throws ArgumentException with the reason. When the address
        /// itself changes, connections bound to the old one are reset first (a DHCP lease renewed with the same address
        /// keeps them, and keeps the ARP cache when the subnet is the same).
        /// </summary>
        public void SetAddress(uint address, int prefixLength, uint gateway, long nowMs)
        {
            string problem = NetInterface.CheckConfiguration(address, prefixLength, gateway);
            if (problem != null)
            {
                // A configuration error: the device would stay silent (a broadcast address ignores every ping).
                throw new System.ArgumentException(problem);
            }
            _ip.NowMs = nowMs;
            uint old = _interface.Address;
            if (old == address && _interface.PrefixLength == prefixLength)
            {
                // A renewal: same address and subnet; only the gateway may move. Connections and neighbours stay.
                _interface.Configure(address, prefixLength, gateway);
                return;
            }
            if (old != 0 && old != address)
            {
                _ipCounters.AddressResets += _ip.AddressChanging(old, nowMs);
            }
            _ipCounters.AddressChanges++;
            _interface.Configure(address, prefixLength, gateway);
            _arp.Clear();
            _arp.AnnounceGratuitous();
        }

        /// <summary>
        /// Removes the address (a DHCP lease expired, or the client gave it back): connections bound to it are reset
        /// (their RSTs go out from it first), ARP is forgotten, and from now on only UDP from 0.0.0.0 (DHCP) is sent and
        /// only broadcasts and the any-destination UDP port are received.
        /// </summary>
        public void ClearAddress(long nowMs)
        {
            _ip.NowMs = nowMs;
            uint old = _interface.Address;
            if (old == 0)
            {
                return;
            }
            _ipCounters.AddressResets += _ip.AddressChanging(old, nowMs);
            _ipCounters.AddressChanges++;
            _interface.Configure(0, 0, 0);
            _arp.Clear();
        }

        /// <summary>Plugs a transport in for an IPv4 protocol (TCP: 6). False when taken or the table is full.</summary>
        public bool AttachTransport(byte protocol, IIpv4Transport transport)
        {
            return _ip.Attach(protocol, transport);
        }

        /// <summary>A UDP socket from the table (unbound), or null when all are open (counted).</summary>
        public UdpSocket OpenUdp()
        {
            return _udp.Open();
        }

        /// <summary>
        /// Sends an ICMP echo request with <paramref name="payloadBytes"/> bytes (one packet: at most MTU − 28).
        /// Watch <see cref="Icmp"/> for the reply. False when it did not go now (ARP resolving parks it).
        /// </summary>
        public bool SendEchoRequest(uint destination, ushort id, ushort sequence, int payloadBytes)
        {
            return _icmp.SendEchoRequest(destination, id, sequence, payloadBytes);
        }

        /// <summary>
        /// Does everything due at <paramref name="nowMs"/>: receives up to <see cref="StackConfig.MaxFramesPerPoll"/>
        /// frames, then runs ARP, reassembly and transport timers.
        /// </summary>
        public void Poll(long nowMs)
        {
            _lastPollMs = nowMs;
            _ip.NowMs = nowMs;
            _moreFramesWaiting = false;
            int frames = 0;
            while (frames < _config.MaxFramesPerPoll)
            {
                int length = _mac.TryReceive(_receive, 0, _receive.Length);
                if (length <= 0)
                {
                    break;
                }
                frames++;
                HandleFrame(_receive, length, nowMs);
            }
            if (frames == _config.MaxFramesPerPoll)
            {
                _moreFramesWaiting = true;
            }
            _arp.Poll(nowMs);
            _ip.Poll(nowMs);
            _igmp.Poll(nowMs);
        }

        /// <summary>
        /// The absolute time (ms) by which <see cref="Poll"/> must run again; the last poll's time when frames are
        /// still waiting. A caller with a receive interrupt may sleep until then or until a frame arrives.
        /// </summary>
        public long NextDeadlineMs
        {
            get
            {
                if (_moreFramesWaiting)
                {
                    return _lastPollMs;
                }
                long deadline = _arp.NextDeadlineMs;
                long ip = _ip.NextDeadlineMs;
                long igmp = _igmp.NextDeadlineMs;
                if (igmp < deadline)
                {
                    deadline = igmp;
                }
                return ip < deadline ? ip : deadline;
            }
        }

        /// <summary>Every counter, one line a layer (allocates: for people, e.g. the simulator on exit).</summary>
        public string DescribeCounters()
        {
            return _ethernetCounters.Describe() + "\n" + _arpCounters.Describe() + "\n" + _ipCounters.Describe() + "\n"
                + _icmpCounters.Describe() + "\n" + _udpCounters.Describe() + "\n" + _igmpCounters.Describe();
        }

        /// <summary>The interface, the ARP cache and the UDP socket table as text.</summary>
        public string DescribeState()
        {
            return "if: " + PacketFormatter.FormatMac(_interface.Mac, 0) + " " + PacketFormatter.FormatIp(_interface.Address) + "/"
                + _interface.PrefixLength.ToString() + " gw " + PacketFormatter.FormatIp(_interface.Gateway) + "\n"
                + _arp.Describe(_lastPollMs) + "\n" + _udp.Describe();
        }

        // Ethernet II demultiplexing: our MAC, broadcast or a joined group's MAC, then ARP or IPv4.
        private void HandleFrame(byte[] frame, int length, long nowMs)
        {
            _ethernetCounters.FramesIn++;
            _ethernetCounters.BytesIn += length;
            if (length < EthernetFrame.HeaderLength)
            {
                _ethernetCounters.DroppedTooShort++;
                return;
            }
            if (!EthernetFrame.MacEquals(frame, EthernetFrame.DestinationOffset, _interface.Mac, 0)
                && !EthernetFrame.IsBroadcast(frame, EthernetFrame.DestinationOffset)
                && !_interface.Groups.AcceptsMac(frame, EthernetFrame.DestinationOffset))
            {
                _ethernetCounters.DroppedNotForUs++;
                return;
            }
            int type = EthernetFrame.GetType(frame, 0);
            int payloadLength = length - EthernetFrame.HeaderLength;
            if (type == EthernetFrame.TypeIpv4)
            {
                _ip.Input(frame, EthernetFrame.HeaderLength, payloadLength, nowMs);
            }
            else if (type == EthernetFrame.TypeArp)
            {
                _arp.Input(frame, EthernetFrame.HeaderLength, payloadLength, nowMs);
            }
            else if (type == EthernetFrame.TypeVlan)
            {
                _ethernetCounters.DroppedVlan++;
            }
            else
            {
                _ethernetCounters.DroppedUnknownType++;
            }
        }
    }
}
