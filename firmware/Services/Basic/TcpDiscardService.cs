using Firmware.Net.Transport;

namespace Firmware.Services.Basic
{
    /// <summary>The TCP discard service (RFC 863): every byte received is thrown away; our side closes after the peer's FIN.</summary>
    public class TcpDiscardService : TcpSlotService
    {
        /// <summary>The well-known port of discard (RFC 863).</summary>
        public const ushort DefaultPort = 9;

        /// <summary>Bytes discarded.</summary>
        public long BytesDiscarded;

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken (a configuration error).</summary>
        public TcpDiscardService(TcpLayer tcp, ushort port, int maxClients, int bufferBytes) : base(tcp, port, maxClients, bufferBytes)
        {
        }

        /// <summary>Listens on port 9 with 2 clients and a 512-byte drain buffer.</summary>
        public TcpDiscardService(TcpLayer tcp) : this(tcp, DefaultPort, 2, 512)
        {
        }

        /// <inheritdoc />
        protected override void Serve(int slot, TcpConnection client)
        {
            byte[] buffer = Buffer;
            int n;
            while ((n = client.Receive(buffer, 0, buffer.Length)) > 0)
            {
                BytesDiscarded += n;
            }
        }
    }
}
