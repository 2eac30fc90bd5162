namespace Firmware.Net.Diagnostics
{
    /// <summary>
    /// Describes a UDP payload for the packet log, for a protocol that lives above the stack (the DNS line comes from
    /// firmware/Services/Dns, which the stack cannot see). Returns null when the payload is not its protocol's; the
    /// line then says "UDP, length n" as for any datagram. Called only for people: it may allocate.
    /// </summary>
    public delegate string UdpPayloadFormatter(int sourcePort, int destinationPort, byte[] buffer, int offset, int length);
}
