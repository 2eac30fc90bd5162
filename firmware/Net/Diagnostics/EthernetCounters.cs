namespace Firmware.Net.Diagnostics
{
    /// <summary>Frame counters of the link layer (in the spirit of MIB-II's interfaces group).</summary>
    public class EthernetCounters
    {
        /// <summary>Frames received from the MAC.</summary>
        public int FramesIn;

        /// <summary>Frames handed to the MAC.</summary>
        public int FramesOut;

        /// <summary>Bytes of the frames received (Ethernet header included, no FCS): ifInOctets.</summary>
        public long BytesIn;

        /// <summary>Bytes of the frames handed to the MAC: ifOutOctets.</summary>
        public long BytesOut;

        /// <summary>Frames the MAC refused.</summary>
        public int TransmitFailures;

        /// <summary>Dropped: shorter than an Ethernet header.</summary>
        public int DroppedTooShort;

        /// <summary>Dropped: destination neither our MAC nor broadcast.</summary>
        public int DroppedNotForUs;

        /// <summary>Dropped: 802.1Q VLAN tag (EtherType 0x8100).</summary>
        public int DroppedVlan;

        /// <summary>Dropped: EtherType neither IPv4 nor ARP.</summary>
        public int DroppedUnknownType;

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "eth: in " + FramesIn.ToString() + " out " + FramesOut.ToString() + " tx-fail " + TransmitFailures.ToString()
                + " drop: short " + DroppedTooShort.ToString() + " not-for-us " + DroppedNotForUs.ToString()
                + " vlan " + DroppedVlan.ToString() + " unknown-type " + DroppedUnknownType.ToString();
        }
    }
}
