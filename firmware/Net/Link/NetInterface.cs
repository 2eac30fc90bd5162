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

        /// <summary>Takes a copy of the 6-byte station address.</summary>
        public NetInterface(byte[] mac)
        {
            _mac = new byte[6];
            System.Array.Copy(mac, 0, _mac, 0, 6);
        }

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
