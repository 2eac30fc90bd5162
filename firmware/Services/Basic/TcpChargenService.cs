using Firmware.Net.Transport;

namespace Firmware.Services.Basic
{
    /// <summary>
    /// The TCP character generator (RFC 864): sends lines of 72 printable ASCII characters, each starting one
    /// character later in the 95-character cycle, CR LF terminated, for as long as the client stays; received
    /// data is discarded. Our side closes after the peer's FIN. The lines are generated as the send ring frees
    /// room, from one position per client in the 95-line cycle: no table, nothing allocated while serving.
    /// </summary>
    public class TcpChargenService : TcpSlotService
    {
        /// <summary>The well-known port of chargen (RFC 864).</summary>
        public const ushort DefaultPort = 19;

        /// <summary>Characters per line before CR LF (RFC 864's usual pattern).</summary>
        public const int LineCharacters = 72;

        private const int LineBytes = LineCharacters + 2;
        private const int Printable = 95;
        private const int CycleBytes = Printable * LineBytes;

        private readonly int[] _position;

        /// <summary>Bytes sent.</summary>
        public long BytesSent;

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken (a configuration error).</summary>
        public TcpChargenService(TcpLayer tcp, ushort port, int maxClients) : base(tcp, port, maxClients, 256)
        {
            _position = new int[maxClients];
        }

        /// <summary>Listens on port 19 with 2 clients.</summary>
        public TcpChargenService(TcpLayer tcp) : this(tcp, DefaultPort, 2)
        {
        }

        /// <inheritdoc />
        protected override void Accepted(int slot)
        {
            _position[slot] = 0;
        }

        /// <inheritdoc />
        protected override void Serve(int slot, TcpConnection client)
        {
            byte[] scratch = Buffer;
            while (client.Receive(scratch, 0, scratch.Length) > 0)
            {
            }
            int room = client.SendSpace;
            while (room > 0)
            {
                int n = room < scratch.Length ? room : scratch.Length;
                Generate(_position[slot], scratch, n);
                int sent = client.Send(scratch, 0, n);
                if (sent <= 0)
                {
                    break;
                }
                room -= sent;
                BytesSent += sent;
                _position[slot] = (_position[slot] + sent) % CycleBytes;
            }
        }

        /// <summary>Writes <paramref name="count"/> bytes of the cycle from <paramref name="position"/> into <paramref name="buffer"/>.</summary>
        private static void Generate(int position, byte[] buffer, int count)
        {
            int line = position / LineBytes;
            int column = position % LineBytes;
            // The character at (line, column) is ' ' + (line + column) mod 95.
            int ch = line + column;
            if (ch >= Printable) { ch -= Printable; }
            for (int i = 0; i < count; i++)
            {
                if (column < LineCharacters)
                {
                    buffer[i] = (byte)(' ' + ch);
                    ch++;
                    if (ch == Printable) { ch = 0; }
                    column++;
                }
                else
                {
                    buffer[i] = column == LineCharacters ? (byte)13 : (byte)10;
                    column++;
                    if (column == LineBytes)
                    {
                        column = 0;
                        line++;
                        if (line == Printable) { line = 0; }
                        ch = line;
                    }
                }
            }
        }
    }
}
