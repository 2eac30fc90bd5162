using Firmware.Net;

namespace Firmware.Services.Basic
{
    /// <summary>The UDP echo service (RFC 862): every datagram received on the port is sent back to its source.</summary>
    public class UdpEchoService : UdpDatagramService
    {
        /// <summary>The well-known port of echo (RFC 862).</summary>
        public const int DefaultPort = 7;

        /// <summary>Datagrams echoed.</summary>
        public int Echoed;

        /// <summary>Echoes the stack could not send now.</summary>
        public int SendFailures;

        /// <summary>Opens and binds the socket; throws when the table is full or the port is taken (a configuration error).</summary>
        public UdpEchoService(NetworkStack stack, int port, int maxDatagramsPerPoll) : base(stack, port, maxDatagramsPerPoll)
        {
        }

        /// <inheritdoc />
        protected override void Received(uint source, int sourcePort, byte[] buffer, int length)
        {
            if (Socket.SendTo(source, sourcePort, buffer, 0, length))
            {
                Echoed++;
            }
            else
            {
                SendFailures++;
            }
        }
    }
}
