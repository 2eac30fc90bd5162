namespace Firmware.Net.Diagnostics
{
    /// <summary>Where one reader of a <see cref="CaptureRing"/> is: allocated once per reader, reused for every download.</summary>
    public sealed class CaptureReader
    {
        /// <summary>The frame being read.</summary>
        public long Sequence;

        /// <summary>Where that frame is stored in the ring.</summary>
        public int Position;

        /// <summary>Bytes of its pcap record (header and frame) already read.</summary>
        public int InRecord;

        /// <summary>That record's whole length, known once its header is read.</summary>
        public int RecordBytes;
    }
}
