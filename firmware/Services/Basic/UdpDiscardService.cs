using Firmware.Net;

namespace Firmware.Services.Basic
{
    /// <summary>The UDP discard service (RFC 863): reads and throws away every datagram on the port, counting them.</summary>
    public class UdpDiscardService : UdpDatagramService
    {
        /// <summary>The well-known port of discard (RFC 863).</summary>
        public const int DefaultPort = 9;

        /// <summary>Datagrams discarded.</summary>
        public int Discarded;

        /// <summary>Payload bytes discarded.</summary>
        public long DiscardedBytes;

        /// <summary>Opens and binds the socket; throws when the table is full or the port is taken (a configuration error).</summary>
        public UdpDiscardService(NetworkStack stack, int port, int maxDatagramsPerPoll) : base(stack, port, maxDatagramsPerPoll)
        {
        }

        /// <inheritdoc />
        protected override void Received(uint source, int sourcePort, byte[] buffer, int length)
        {
            Discarded++;
            DiscardedBytes += length;
        }
    }
}
