namespace Firmware.Net.Diagnostics
{
    /// <summary>IPv4 counters (MIB-II's ip group, roughly).</summary>
    public class Ipv4Counters
    {
        /// <summary>Packets received (before validation).</summary>
        public int PacketsIn;

        /// <summary>Packets delivered to ICMP, UDP or an attached transport.</summary>
        public int Delivered;

        /// <summary>Packets sent (each fragment counts).</summary>
        public int PacketsOut;

        /// <summary>Dropped: version, IHL, truncated header.</summary>
        public int BadHeader;

        /// <summary>Dropped: total length below the header or beyond the frame.</summary>
        public int BadLength;

        /// <summary>Dropped: header checksum.</summary>
        public int BadChecksum;

        /// <summary>Dropped: source address broadcast or multicast (RFC 1122 §3.2.1.3).</summary>
        public int BadSource;

        /// <summary>Dropped: destination not ours, nor a broadcast.</summary>
        public int NotForUs;

        /// <summary>Dropped: no handler for the protocol (TCP while none is attached).</summary>
        public int UnknownProtocol;

        /// <summary>Fragments received.</summary>
        public int FragmentsIn;

        /// <summary>Datagrams reassembled.</summary>
        public int Reassembled;

        /// <summary>Reassemblies abandoned: timeout, inconsistent or oversized fragments.</summary>
        public int ReassemblyFailures;

        /// <summary>Fragments that fall beyond the reassembly buffer, so their datagram (larger than it) is abandoned; each such fragment counts (and in <see cref="ReassemblyFailures"/>).</summary>
        public int ReassemblyTooLarge;

        /// <summary>The limit behind <see cref="ReassemblyTooLarge"/>: StackConfig.ReassemblyBufferBytes, set by the stack.</summary>
        public int ReassemblyBufferBytes;

        /// <summary>Fragments dropped because every reassembly slot was busy.</summary>
        public int ReassemblyPoolFull;

        /// <summary>Fragments sent.</summary>
        public int FragmentsOut;

        /// <summary>Send refused: unconfigured, too long, or the MAC refused.</summary>
        public int OutputDropped;

        /// <summary>Times the interface's address changed or was removed (static, DHCP, link-local).</summary>
        public int AddressChanges;

        /// <summary>Connections reset because the address they were bound to went away.</summary>
        public int AddressResets;

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "ip: in " + PacketsIn.ToString() + " delivered " + Delivered.ToString() + " out " + PacketsOut.ToString()
                + " bad: header " + BadHeader.ToString() + " length " + BadLength.ToString() + " checksum " + BadChecksum.ToString()
                + " source " + BadSource.ToString() + " not-for-us " + NotForUs.ToString() + " unknown-proto " + UnknownProtocol.ToString()
                + " frag in " + FragmentsIn.ToString() + " reassembled " + Reassembled.ToString()
                + " reasm-fail " + ReassemblyFailures.ToString() + " reasm-too-large " + ReassemblyTooLarge.ToString()
                + " (buffer " + ReassemblyBufferBytes.ToString() + " B) reasm-pool-full " + ReassemblyPoolFull.ToString()
                + " frag out " + FragmentsOut.ToString() + " out-drop " + OutputDropped.ToString()
                + " addr-changes " + AddressChanges.ToString() + " addr-resets " + AddressResets.ToString();
        }
    }
}
