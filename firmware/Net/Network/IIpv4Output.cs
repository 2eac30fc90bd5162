namespace Firmware.Net.Network
{
    /// <summary>
    /// What a transport (UDP, TCP) needs from the IPv4 layer to send: a transmit buffer to write its header and
    /// payload into, at <see cref="TransportOffset"/>, and a call that wraps it in IPv4 and Ethernet, resolves the
    /// next hop with ARP and hands it to the MAC. The transport computes its own checksum (pseudo-header included).
    /// </summary>
    public interface IIpv4Output
    {
        /// <summary>Our IPv4 address (host byte order, 10.0.0.2 = 0x0A000002), 0 while unconfigured.</summary>
        uint LocalAddress { get; }

        /// <summary>The shared transmit frame buffer. Valid to write only between taking it and calling <see cref="Send"/>.</summary>
        byte[] TransmitBuffer { get; }

        /// <summary>Where the transport header starts in <see cref="TransmitBuffer"/> (Ethernet 14 + IPv4 20 = 34).</summary>
        int TransportOffset { get; }

        /// <summary>The largest transport segment (header + payload) that fits one unfragmented IPv4 packet: MTU − 20.</summary>
        int MaxTransportLength { get; }

        /// <summary>
        /// Sends the <paramref name="transportLength"/> bytes at <see cref="TransportOffset"/> as one IPv4 packet
        /// (TTL 64, DF clear) to <paramref name="destination"/>. False when it could not go now: no route,
        /// no ARP entry yet (the packet may be parked until the reply), or the MAC refused it.
        /// </summary>
        bool Send(uint destination, byte protocol, int transportLength);
    }
}
