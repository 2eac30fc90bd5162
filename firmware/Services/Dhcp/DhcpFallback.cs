namespace Firmware.Services.Dhcp
{
    /// <summary>What the device uses while no DHCP server answers (it keeps asking, and a late lease replaces it).</summary>
    public enum DhcpFallback
    {
        /// <summary>Nothing: no address until a server answers.</summary>
        None = 0,
        /// <summary>An IPv4 link-local address, 169.254/16 (RFC 3927), found with its own conflict detection.</summary>
        LinkLocal = 1,
        /// <summary>The configured static address (<see cref="DhcpConfig.FallbackAddress"/>).</summary>
        Static = 2
    }
}
