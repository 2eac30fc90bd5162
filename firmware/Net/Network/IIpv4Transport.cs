namespace Firmware.Net.Network
{
    /// <summary>
    /// A transport protocol plugged into the IPv4 layer (TCP attaches as protocol 6). The IPv4 layer hands it
    /// every packet for that protocol addressed to us, after validation and reassembly, and polls it.
    /// </summary>
    public interface IIpv4Transport
    {
        /// <summary>
        /// One IPv4 payload (the transport header first), <paramref name="length"/> bytes at
        /// <paramref name="offset"/>. The buffer is only valid during the call. The transport checks its own
        /// checksum (with the pseudo-header of <paramref name="source"/> and <paramref name="destination"/>).
        /// </summary>
        void Receive(uint source, uint destination, byte[] buffer, int offset, int length, long nowMs);

        /// <summary>Runs the transport's timers and sends what its sockets queued.</summary>
        void Poll(long nowMs);

        /// <summary>The earliest time (absolute ms) at which <see cref="Poll"/> has work; long.MaxValue for none.</summary>
        long NextDeadlineMs { get; }

        /// <summary>
        /// Our address is about to change from <paramref name="oldAddress"/> (still configured during the call, so
        /// resets can go out from it) to another one or to none (a DHCP lease replaced or lost). What is bound to the old
        /// address must end; returns how many connections or sockets were reset.
        /// </summary>
        int LocalAddressChanging(uint oldAddress, long nowMs);
    }
}
