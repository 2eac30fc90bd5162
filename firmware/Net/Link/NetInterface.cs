namespace Firmware.Net.Link
{
    /// <summary>
    /// The interface's identity: MAC and IPv4 configuration (address, prefix, gateway), changeable at run time
    /// (DHCP later). Answers the routing questions: is it ours, is it a broadcast, what is the next hop.
    /// </summary>
    public class NetInterface
    {
        private readonly byte[] _mac;
        private uint _address;
        private int _prefixLength;
        private uint _mask;
        private uint _gateway;

        private readonly MulticastGroups _groups;

        /// <summary>Takes a copy of the 6-byte station address; no multicast group beyond all-systems.</summary>
        public NetInterface(byte[] mac) : this(mac, 0)
        {
        }

        /// <summary>Takes a copy of the 6-byte station address, with room for <paramref name="multicastGroups"/> groups.</summary>
        public NetInterface(byte[] mac, int multicastGroups)
        {
            _mac = new byte[6];
            System.Array.Copy(mac, 0, _mac, 0, 6);
            _groups = new MulticastGroups(multicastGroups);
        }

        /// <summary>The multicast groups joined (join and leave through the stack, which tells IGMP).</summary>
        public MulticastGroups Groups { get { return _groups; } }

        /// <summary>Our MAC address (do not modify).</summary>
        public byte[] Mac { get { return _mac; } }

        /// <summary>Our IPv4 address, host order; 0 while unconfigured.</summary>
        public uint Address { get { return _address; } }

        /// <summary>Prefix length in bits.</summary>
        public int PrefixLength { get { return _prefixLength; } }

        /// <summary>The subnet mask derived from the prefix.</summary>
        public uint SubnetMask { get { return _mask; } }

        /// <summary>The default gateway, 0 for none.</summary>
        public uint Gateway { get { return _gateway; } }

        /// <summary>The directed broadcast of our subnet (0 while unconfigured).</summary>
        public uint SubnetBroadcast { get { return _address == 0 ? 0 : (_address | ~_mask); } }

        /// <summary>Sets the configuration; a prefix outside 0..32 is a programming error.</summary>
        public void Configure(uint address, int prefixLength, uint gateway)
        {
            if (prefixLength < 0 || prefixLength > 32)
            {
                throw new System.ArgumentOutOfRangeException("prefixLength");
            }
            _address = address;
            _prefixLength = prefixLength;
            _mask = prefixLength == 0 ? 0 : 0xFFFFFFFF << (32 - prefixLength);
            _gateway = gateway;
        }

        /// <summary>
        /// Why <paramref name="address"/>/<paramref name="prefixLength"/> with <paramref name="gateway"/> (0 for none) cannot
        /// be a host's configuration, or null when it can (RFC 1122 §3.2.1.3: no 0, loopback, multicast, class E or
        /// broadcast address, no all-zeros or all-ones host part). A prefix of 1 to 30 leaves room for a network, a
        /// broadcast and at least two hosts; /31 (RFC 3021) and /32 links are not supported. Every way in — the
        /// simulator's options, SetAddress, DHCP — checks here.
        /// </summary>
        public static string CheckConfiguration(uint address, int prefixLength, uint gateway)
        {
            if (prefixLength == 0)
            {
                return "prefix /0 would put every address on the link";
            }
            if (prefixLength == 31)
            {
                return "prefix /31 (a point-to-point link, RFC 3021) is not supported: it has no broadcast address";
            }
            if (prefixLength == 32)
            {
                return "prefix /32 leaves no other host on the link";
            }
            if (prefixLength < 1 || prefixLength > 32)
            {
                return "a prefix is 1 to 30 bits";
            }
            string problem = CheckHostAddress(address, prefixLength, "address");
            if (problem != null)
            {
                return problem;
            }
            if (gateway != 0)
            {
                uint mask = 0xFFFFFFFF << (32 - prefixLength);
                if ((gateway & mask) != (address & mask))
                {
                    return "the gateway is not on the device's subnet";
                }
                if (gateway == address)
                {
                    return "the gateway is the device's own address";
                }
                return CheckHostAddress(gateway, prefixLength, "gateway");
            }
            return null;
        }

        private static string CheckHostAddress(uint address, int prefixLength, string what)
        {
            uint hostMask = ~(0xFFFFFFFF << (32 - prefixLength));
            if (address == 0)
            {
                return "the " + what + " 0.0.0.0 means 'this host' and is never configured (RFC 1122 §3.2.1.3)";
            }
            if ((address >> 24) == 127)
            {
                return "the " + what + " is a loopback address (127.0.0.0/8), which never appears on a network";
            }
            if (IsMulticast(address))
            {
                return "the " + what + " is a multicast address (224.0.0.0/4)";
            }
            if ((address & 0xF0000000) == 0xF0000000)
            {
                return "the " + what + " is reserved (240.0.0.0/4) or the limited broadcast";
            }
            if ((address & 0xFF000000) == 0)
            {
                return "the " + what + " is in 0.0.0.0/8 ('this network', RFC 1122 §3.2.1.3)";
            }
            if ((address & hostMask) == 0)
            {
                return "the " + what + " is the subnet's own address (host part all zeros)";
            }
            if ((address & hostMask) == hostMask)
            {
                return "the " + what + " is the subnet's broadcast address (host part all ones)";
            }
            return null;
        }

        /// <summary>True for 255.255.255.255 and our subnet's broadcast (RFC 1122 §3.2.1.3).</summary>
        public bool IsBroadcast(uint destination)
        {
            if (destination == 0xFFFFFFFF)
            {
                return true;
            }
            return _address != 0 && _prefixLength < 31 && destination == SubnetBroadcast;
        }

        /// <summary>True for 224.0.0.0/4.</summary>
        public static bool IsMulticast(uint address)
        {
            return (address & 0xF0000000) == 0xE0000000;
        }

        /// <summary>True when a packet to <paramref name="destination"/> is for this host.</summary>
        public bool Accepts(uint destination)
        {
            return (_address != 0 && destination == _address) || IsBroadcast(destination);
        }

        /// <summary>True when <paramref name="destination"/> is on our subnet.</summary>
        public bool IsOnLink(uint destination)
        {
            return _address != 0 && (destination & _mask) == (_address & _mask);
        }

        /// <summary>
        /// The address to resolve for <paramref name="destination"/>: itself when on-link, else the gateway;
        /// 0 when there is no route (off-link without a gateway).
        /// </summary>
        public uint NextHop(uint destination)
        {
            if (IsOnLink(destination))
            {
                return destination;
            }
            return _gateway;
        }
    }
}
