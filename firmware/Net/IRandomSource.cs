namespace Firmware.Net
{
    /// <summary>
    /// Where the stack gets randomness: ISN keys (RFC 6528), ephemeral ports, DHCP transaction ids.
    /// Injected so a test with a seeded source replays exactly.
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Returns 32 random bits.</summary>
        uint NextUInt32();
    }
}
