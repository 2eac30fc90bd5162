namespace Firmware.HostNet;

/// <summary>One frame read back from a pcap file: its timestamp and its captured bytes.</summary>
public sealed class PcapRecord
{
    public PcapRecord(long timestampMs, int originalLengthBytes, byte[] data)
    {
        TimestampMs = timestampMs;
        OriginalLengthBytes = originalLengthBytes;
        Data = data;
    }

    /// <summary>Milliseconds after the Unix epoch (microseconds truncated).</summary>
    public long TimestampMs { get; }

    public int OriginalLengthBytes { get; }

    public byte[] Data { get; }
}
