namespace Firmware.Services.Dhcp
{
    /// <summary>The client's state (RFC 2131 §4.4, Figure 5), plus probing (RFC 5227) and the release at shutdown.</summary>
    public enum DhcpState
    {
        /// <summary>Not started.</summary>
        Stopped = 0,
        /// <summary>About to send DHCPDISCOVER (or waiting after a DECLINE or a NAK).</summary>
        Init = 1,
        /// <summary>DHCPDISCOVER sent; waiting for an offer.</summary>
        Selecting = 2,
        /// <summary>DHCPREQUEST for an offer sent; waiting for DHCPACK.</summary>
        Requesting = 3,
        /// <summary>DHCPACK received; probing the address with ARP before using it.</summary>
        Probing = 4,
        /// <summary>The lease is in use.</summary>
        Bound = 5,
        /// <summary>Past T1: renewing with the server that gave the lease (unicast).</summary>
        Renewing = 6,
        /// <summary>Past T2: asking any server (broadcast).</summary>
        Rebinding = 7,
        /// <summary>INIT-REBOOT: asking to keep the last address after a restart or a link down/up.</summary>
        Rebooting = 8,
        /// <summary>DHCPRELEASE sent; giving the address up.</summary>
        Releasing = 9,
        /// <summary>Released: the client stays quiet until started again.</summary>
        Released = 10
    }
}
