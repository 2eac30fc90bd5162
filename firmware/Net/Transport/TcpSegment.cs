using Firmware.Net.Wire;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// One received segment's fields after the header was checked (the "repr" of RFC 9293 §3.1), refilled for
    /// each segment from a single instance the layer allocates. The payload stays in the caller's buffer.
    /// </summary>
    public class TcpSegment
    {
        /// <summary>Source address (host order).</summary>
        public uint Source;
        /// <summary>Source port.</summary>
        public ushort SourcePort;
        /// <summary>Destination port.</summary>
        public ushort DestinationPort;
        /// <summary>SEG.SEQ.</summary>
        public uint Sequence;
        /// <summary>SEG.ACK.</summary>
        public uint Acknowledgment;
        /// <summary>Flag bits.</summary>
        public byte Flags;
        /// <summary>SEG.WND as received (unscaled).</summary>
        public int Window;
        /// <summary>The buffer holding the payload.</summary>
        public byte[] Buffer;
        /// <summary>Where the payload starts in <see cref="Buffer"/>.</summary>
        public int DataOffset;
        /// <summary>Payload bytes.</summary>
        public int DataLength;
        /// <summary>The parsed options.</summary>
        public readonly TcpOptions Options = new TcpOptions();

        /// <summary>True when <paramref name="flag"/> is set.</summary>
        public bool Has(byte flag) { return (Flags & flag) != 0; }

        /// <summary>SEG.LEN: payload plus one for SYN and one for FIN (RFC 9293 §3.4).</summary>
        public int SequenceLength
        {
            get
            {
                int n = DataLength;
                if ((Flags & TcpHeader.Syn) != 0) { n++; }
                if ((Flags & TcpHeader.Fin) != 0) { n++; }
                return n;
            }
        }
    }
}
