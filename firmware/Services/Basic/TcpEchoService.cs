using Firmware.Net.Transport;

namespace Firmware.Services.Basic
{
    /// <summary>
    /// The TCP echo service (RFC 862): every byte received is sent back. Our side closes once the peer has closed
    /// its side and every byte it sent has been queued back (the FIN follows the echoed data).
    /// </summary>
    public class TcpEchoService : TcpSlotService
    {
        /// <summary>The well-known port of echo (RFC 862).</summary>
        public const ushort DefaultPort = 7;

        /// <summary>Bytes echoed.</summary>
        public long BytesEchoed;

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken (a configuration error).</summary>
        public TcpEchoService(TcpLayer tcp, ushort port, int maxClients, int bufferBytes) : base(tcp, port, maxClients, bufferBytes)
        {
        }

        /// <summary>Listens on port 7 with 2 clients and a 512-byte copy buffer.</summary>
        public TcpEchoService(TcpLayer tcp) : this(tcp, DefaultPort, 2, 512)
        {
        }

        /// <inheritdoc />
        protected override void Serve(int slot, TcpConnection client)
        {
            // Read only what can be sent back now, so nothing needs holding here.
            byte[] buffer = Buffer;
            int room = client.SendSpace;
            if (room > buffer.Length) { room = buffer.Length; }
            if (room > 0)
            {
                int n = client.Receive(buffer, 0, room);
                if (n > 0)
                {
                    client.Send(buffer, 0, n);
                    BytesEchoed += n;
                }
            }
        }
    }
}
