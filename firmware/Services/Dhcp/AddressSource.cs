namespace Firmware.Services.Dhcp
{
    /// <summary>Where the interface's address came from.</summary>
    public enum AddressSource
    {
        /// <summary>No address.</summary>
        None = 0,
        /// <summary>A DHCP lease.</summary>
        Dhcp = 1,
        /// <summary>An IPv4 link-local address (RFC 3927), while no server answers.</summary>
        LinkLocal = 2,
        /// <summary>The configured static fallback, while no server answers.</summary>
        Static = 3
    }
}
