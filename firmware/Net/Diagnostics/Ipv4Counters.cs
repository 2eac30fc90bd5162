namespace Firmware.Net.Diagnostics
{
    /// <summary>IPv4 counters (MIB-II's ip group, roughly).</summary>
    public class Ipv4Counters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[19];

        /// <summary>Packets received (before validation).</summary>
        public int PacketsIn { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Packets delivered to ICMP, UDP or an attached transport.</summary>
        public int Delivered { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>Packets sent (each fragment counts).</summary>
        public int PacketsOut { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Dropped: version, IHL, truncated header.</summary>
        public int BadHeader { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Dropped: total length below the header or beyond the frame.</summary>
        public int BadLength { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Dropped: header checksum.</summary>
        public int BadChecksum { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Dropped: source address broadcast or multicast (RFC 1122 §3.2.1.3).</summary>
        public int BadSource { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Dropped: destination not ours, nor a broadcast.</summary>
        public int NotForUs { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Dropped: no handler for the protocol (TCP while none is attached).</summary>
        public int UnknownProtocol { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Fragments received.</summary>
        public int FragmentsIn { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Datagrams reassembled.</summary>
        public int Reassembled { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Reassemblies abandoned: timeout, inconsistent or oversized fragments.</summary>
        public int ReassemblyFailures { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>Fragments that fall beyond the reassembly buffer, so their datagram (larger than it) is abandoned; each such fragment counts (and in <see cref="ReassemblyFailures"/>).</summary>
        public int ReassemblyTooLarge { get { return _values[12]; } set { _values[12] = value; } }

        /// <summary>The limit behind <see cref="ReassemblyTooLarge"/>: StackConfig.ReassemblyBufferBytes, set by the stack.</summary>
        public int ReassemblyBufferBytes { get { return _values[13]; } set { _values[13] = value; } }

        /// <summary>Fragments dropped because every reassembly slot was busy.</summary>
        public int ReassemblyPoolFull { get { return _values[14]; } set { _values[14] = value; } }

        /// <summary>Fragments sent.</summary>
        public int FragmentsOut { get { return _values[15]; } set { _values[15] = value; } }

        /// <summary>Send refused: unconfigured, too long, or the MAC refused.</summary>
        public int OutputDropped { get { return _values[16]; } set { _values[16] = value; } }

        /// <summary>Times the interface's address changed or was removed (static, DHCP, link-local).</summary>
        public int AddressChanges { get { return _values[17]; } set { _values[17] = value; } }

        /// <summary>Connections reset because the address they were bound to went away.</summary>
        public int AddressResets { get { return _values[18]; } set { _values[18] = value; } }

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
