namespace Firmware.Net.Diagnostics
{
    /// <summary>Frame counters of the link layer (in the spirit of MIB-II's interfaces group).</summary>
    public class EthernetCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[7];
        private readonly long[] _longs = new long[2];

        /// <summary>Frames received from the MAC.</summary>
        public int FramesIn { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Frames handed to the MAC.</summary>
        public int FramesOut { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Bytes of the frames received (Ethernet header included, no FCS): ifInOctets.</summary>
        public long BytesIn { get { return _longs[0]; } set { _longs[0] = value; } }

        /// <summary>Bytes of the frames handed to the MAC: ifOutOctets.</summary>
        public long BytesOut { get { return _longs[1]; } set { _longs[1] = value; } }

        /// <summary>Frames the MAC refused.</summary>
        public int TransmitFailures { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Dropped: shorter than an Ethernet header.</summary>
        public int DroppedTooShort { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Dropped: destination neither our MAC nor broadcast.</summary>
        public int DroppedNotForUs { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Dropped: 802.1Q VLAN tag (EtherType 0x8100).</summary>
        public int DroppedVlan { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Dropped: EtherType neither IPv4 nor ARP.</summary>
        public int DroppedUnknownType { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "eth: in " + FramesIn.ToString() + " out " + FramesOut.ToString() + " tx-fail " + TransmitFailures.ToString()
                + " drop: short " + DroppedTooShort.ToString() + " not-for-us " + DroppedNotForUs.ToString()
                + " vlan " + DroppedVlan.ToString() + " unknown-type " + DroppedUnknownType.ToString();
        }
    }
}
