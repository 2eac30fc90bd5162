namespace Firmware.Net.Transport
{
    /// <summary>Why a connection ended other than by an orderly close.</summary>
    public enum TcpError
    {
        /// <summary>No error.</summary>
        None = 0,
        /// <summary>The peer answered our SYN with RST (connection refused).</summary>
        Refused = 1,
        /// <summary>The peer reset an open connection.</summary>
        Reset = 2,
        /// <summary>Retransmissions (or keepalives) went unanswered too many times.</summary>
        TimedOut = 3,
        /// <summary>Our address changed or was lost (DHCP): the connection was reset.</summary>
        AddressChanged = 4
    }
}
