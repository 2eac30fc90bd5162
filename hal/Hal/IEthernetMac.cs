namespace Firmware.Hal
{
    /// <summary>
    /// A raw Ethernet MAC: sends and receives whole Ethernet II frames (destination MAC first, no FCS).
    /// Implemented by the chip drivers, the host's TAP device and virtual switch, and by middlewares
    /// (fault injector, pcap recorder) that wrap another MAC. Never blocks.
    /// </summary>
    public interface IEthernetMac
    {
        /// <summary>The 6-byte station address. The array is owned by the MAC: do not modify it.</summary>
        byte[] MacAddress { get; }

        /// <summary>True while the PHY reports a link.</summary>
        bool IsLinkUp { get; }

        /// <summary>
        /// Queues one frame for transmission (14-byte header + payload, 60 to 1514 bytes; shorter frames are
        /// padded by the MAC). The bytes are copied before this returns. False when the MAC cannot take it now.
        /// </summary>
        bool TrySend(byte[] frame, int offset, int length);

        /// <summary>
        /// Copies the next received frame into <paramref name="buffer"/> at <paramref name="offset"/>.
        /// Returns its length, or 0 when none is waiting. A frame longer than <paramref name="capacity"/> is
        /// dropped (and 0 returned for it), never truncated.
        /// </summary>
        int TryReceive(byte[] buffer, int offset, int capacity);
    }
}
