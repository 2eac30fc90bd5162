namespace Firmware.Services.Dns
{
    /// <summary>Where a resolver query stands.</summary>
    public enum DnsStatus
    {
        /// <summary>Still asking.</summary>
        Pending = 0,
        /// <summary>An address was found (<see cref="DnsResolver.GetAddress"/>).</summary>
        Resolved = 1,
        /// <summary>The name does not exist, or has no IPv4 address (NXDOMAIN or NODATA, perhaps from the negative cache).</summary>
        NotFound = 2,
        /// <summary>No answer: every attempt timed out, the servers failed, no server is known, or the CNAME chain was too long.</summary>
        Failed = 3,
        /// <summary>Not a handle of a query in progress or done (released, or never given).</summary>
        Invalid = 4
    }
}
