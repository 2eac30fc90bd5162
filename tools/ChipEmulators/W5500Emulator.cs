using System;
using Firmware.Hal;

namespace Firmware.ChipEmulators
{
    /// <summary>
    /// Register-level model of the WIZnet W5500 as a MACRAW device (W5500 datasheet v1.0.x), seen through its SPI
    /// port: 16-bit address + control byte framing (§2.2), the common and socket register blocks (§3, §4), 16 KB RX
    /// and 16 KB TX buffer memory shared out by Sn_RXBUF_SIZE/Sn_TXBUF_SIZE, 16-bit offsets wrapped inside each
    /// socket's buffer, free-running Sn_RX_RD/Sn_RX_WR/Sn_TX_RD/Sn_TX_WR, MACRAW records with a 2-byte length header,
    /// Sn_CR commands (OPEN, CLOSE, SEND, RECV), Sn_IR/SIR/SIMR and the INTn level, PHYCFGR.LNK, MR.RST and RSTn.
    /// Only MACRAW on socket 0 carries traffic; other modes open nothing (SOCK_CLOSED).
    /// </summary>
    public sealed class W5500Emulator : ISpiBus
    {
        private const int Sockets = 8;
        private const int MemoryBytes = 16 * 1024;
        private const int CommonBytes = 0x40;
        private const int SocketBytes = 0x30;
        private const byte MacRawStatus = 0x42;
        private const byte SendOk = 0x10;
        private const byte Recv = 0x04;

        private readonly byte[] _common = new byte[CommonBytes];
        private readonly byte[][] _socket = new byte[Sockets][];
        private readonly int[] _receivedSize = new int[Sockets];
        private readonly byte[] _rxMemory = new byte[MemoryBytes];
        private readonly byte[] _txMemory = new byte[MemoryBytes];
        private readonly byte[] _frame = new byte[MemoryBytes];
        private readonly byte[] _shar = new byte[6];
        private readonly EmulatedPin _interrupt;
        private readonly EmulatedPin _reset;
        private readonly ChipNetworkPort _network;
        private bool _inReset;
        private bool _linkUp = true;
        private int _resetReadsPending;
        private int _forcedReceivedSize = -1;

        /// <summary>A powered W5500 just out of reset, link up.</summary>
        public W5500Emulator()
        {
            for (int i = 0; i < Sockets; i++)
            {
                _socket[i] = new byte[SocketBytes];
            }

            _interrupt = new EmulatedPin(true, null);
            _reset = new EmulatedPin(true, OnResetPin);
            _network = new ChipNetworkPort(_shar, FromNetwork, () => _linkUp);
            Reset();
            HardResets = 0;
        }

        /// <summary>INTn: low while an unmasked interrupt is pending (§4.1 IMR, SIMR; §4.2 Sn_IMR).</summary>
        public IGpioPin InterruptPin => _interrupt;

        /// <summary>The same pin with its edge count, for assertions.</summary>
        public EmulatedPin Interrupt => _interrupt;

        /// <summary>RSTn: the driver holds it low to reset the chip (§5.5.1).</summary>
        public IGpioPin ResetPin => _reset;

        /// <summary>The cable: plug it into a virtual switch (or bridge it to a switch port).</summary>
        public ChipNetworkPort NetworkSide => _network;

        /// <summary>Link state reported in PHYCFGR.LNK; while down, nothing is received or transmitted.</summary>
        public bool LinkUp
        {
            get => _linkUp;
            set => _linkUp = value;
        }

        /// <summary>While true, every arriving frame is dropped as if the RX buffer were full.</summary>
        public bool ForceRxOverflow { get; set; }

        /// <summary>Resets through RSTn or MR.RST.</summary>
        public int HardResets { get; private set; }

        /// <summary>Software resets through MR.RST.</summary>
        public int SoftResets { get; private set; }

        /// <summary>OPEN commands accepted on socket 0.</summary>
        public int Socket0Opens { get; private set; }

        /// <summary>CLOSE commands on socket 0.</summary>
        public int Socket0Closes { get; private set; }

        /// <summary>Frames that arrived and were stored in socket 0's RX buffer.</summary>
        public int FramesStored { get; private set; }

        /// <summary>Frames dropped because the RX buffer had no room (or <see cref="ForceRxOverflow"/>).</summary>
        public int RxOverflowDrops { get; private set; }

        /// <summary>Frames dropped by the MAC filter (MFEN) or because socket 0 was not open.</summary>
        public int RxFilteredDrops { get; private set; }

        /// <summary>Frames sent on the wire by SEND.</summary>
        public int FramesTransmitted { get; private set; }

        /// <summary>SEND commands whose size was impossible (more than a frame or the buffer): nothing sent.</summary>
        public int BadSends { get; private set; }

        /// <summary>SPI transactions too short to hold a header.</summary>
        public int FramingErrors { get; private set; }

        /// <summary>SPI transactions seen.</summary>
        public long Transactions { get; private set; }

        /// <summary>
        /// When not null, every register write is appended as "common[0x0000]=0x80" or "socket0[0x0001]=0x01"
        /// (buffer writes are not logged), so tests can check the order of an init sequence. Off by default (allocates).
        /// </summary>
        public System.Collections.Generic.List<string> WriteLog { get; set; }

        /// <summary>Reads a common register as the chip holds it (no side effects).</summary>
        public byte PeekCommon(int address) => _common[address];

        /// <summary>Reads a socket register as the chip holds it (no side effects; computed registers included).</summary>
        public byte PeekSocket(int socket, int address) => ReadSocket(socket, address);

        /// <summary>The RX buffer size of a socket in bytes.</summary>
        public int RxBufferBytes(int socket) => _socket[socket][0x1E] * 1024;

        /// <summary>Overwrites the length header of the first unread record (at Sn_RX_RD): garbage from the chip.</summary>
        public void CorruptPendingRecordLength(ushort value)
        {
            ushort rd = Get16(_socket[0], 0x28);
            WriteRx(0, rd, (byte)(value >> 8));
            WriteRx(0, (ushort)(rd + 1), (byte)value);
        }

        /// <summary>Makes the next Sn_RX_RSR reads return <paramref name="value"/> (an SPI glitch), until the next RECV/OPEN.</summary>
        public void GlitchReceivedSize(ushort value)
        {
            _forcedReceivedSize = value;
        }

        /// <summary>One SPI frame: address phase, control phase, data phase (§2.2).</summary>
        public void TransferFullDuplex(byte[] writeBuffer, byte[] readBuffer, int length)
        {
            Transactions++;
            if (readBuffer != null)
            {
                Array.Clear(readBuffer, 0, length);
            }

            if (_inReset)
            {
                return;
            }

            if (length < 4)
            {
                FramingErrors++;
                return;
            }

            ushort address = (ushort)((writeBuffer[0] << 8) | writeBuffer[1]);
            byte control = writeBuffer[2];
            int block = control >> 3;
            bool write = (control & 0x04) != 0;
            int mode = control & 0x03;

            // OM: 00 variable length (CS decides), 01/10/11 fixed 1/2/4 bytes (§2.2.2).
            int dataBytes = length - 3;
            if (mode != 0)
            {
                dataBytes = Math.Min(dataBytes, mode == 3 ? 4 : mode);
            }

            for (int i = 0; i < dataBytes; i++)
            {
                ushort at = (ushort)(address + i);
                if (write)
                {
                    WriteByte(block, at, writeBuffer[3 + i]);
                }
                else
                {
                    byte value = ReadByte(block, at);
                    if (readBuffer != null)
                    {
                        readBuffer[3 + i] = value;
                    }
                }
            }

            UpdateInterrupt();
        }

        private byte ReadByte(int block, ushort address)
        {
            int kind = block & 0x03;
            int socket = block >> 2;
            if (block == 0)
            {
                return ReadCommon(address);
            }

            if (kind == 1)
            {
                return address < SocketBytes ? ReadSocket(socket, address) : (byte)0;
            }

            if (kind == 2)
            {
                int index = TxIndex(socket, address);
                return index < 0 ? (byte)0 : _txMemory[index];
            }

            if (kind == 3)
            {
                int index = RxIndex(socket, address);
                return index < 0 ? (byte)0 : _rxMemory[index];
            }

            return 0;
        }

        private void WriteByte(int block, ushort address, byte value)
        {
            int kind = block & 0x03;
            int socket = block >> 2;
            if (WriteLog != null && (block == 0 || kind == 1))
            {
                WriteLog.Add((block == 0 ? "common" : "socket" + socket) + $"[0x{address:X4}]=0x{value:X2}");
            }

            if (block == 0)
            {
                WriteCommon(address, value);
            }
            else if (kind == 1)
            {
                if (address < SocketBytes)
                {
                    WriteSocket(socket, address, value);
                }
            }
            else if (kind == 2)
            {
                int index = TxIndex(socket, address);
                if (index >= 0)
                {
                    _txMemory[index] = value;
                }
            }
            else if (kind == 3)
            {
                WriteRx(socket, address, value);
            }
        }

        private byte ReadCommon(ushort address)
        {
            if (address >= CommonBytes)
            {
                return 0;
            }

            switch (address)
            {
                case 0x00:
                    // MR.RST reads 1 until the reset has finished: model one read of "still resetting".
                    if (_resetReadsPending > 0)
                    {
                        _resetReadsPending--;
                        return (byte)(_common[0] | 0x80);
                    }

                    return _common[0];
                case 0x17:
                    return SocketInterruptRegister();
                case 0x2E:
                    return (byte)((_common[0x2E] & 0xF8) | (_linkUp ? 0x07 : 0x00));
                default:
                    return _common[address];
            }
        }

        private void WriteCommon(ushort address, byte value)
        {
            if (address >= CommonBytes)
            {
                return;
            }

            switch (address)
            {
                case 0x00:
                    if ((value & 0x80) != 0)
                    {
                        SoftResets++;
                        Reset();
                        _resetReadsPending = 1;
                        return;
                    }

                    _common[0] = value;
                    return;
                case 0x15:
                    _common[0x15] &= (byte)~value;
                    return;
                case 0x17:
                case 0x39:
                    return;
                case 0x2E:
                    _common[0x2E] = (byte)((value & 0xF8) | 0x80);
                    return;
                default:
                    _common[address] = value;
                    if (address >= 0x09 && address < 0x0F)
                    {
                        _shar[address - 0x09] = value;
                    }

                    return;
            }
        }

        private byte ReadSocket(int socket, int address)
        {
            byte[] r = _socket[socket];
            switch (address)
            {
                case 0x20:
                case 0x21:
                    {
                        int free = TxBytes(socket) - (ushort)(Get16(r, 0x24) - Get16(r, 0x22));
                        ushort value = (ushort)Math.Max(0, free);
                        return address == 0x20 ? (byte)(value >> 8) : (byte)value;
                    }

                case 0x26:
                case 0x27:
                    {
                        int size = _forcedReceivedSize >= 0 && socket == 0 ? _forcedReceivedSize : _receivedSize[socket];
                        return address == 0x26 ? (byte)(size >> 8) : (byte)size;
                    }

                default:
                    return r[address];
            }
        }

        private void WriteSocket(int socket, int address, byte value)
        {
            byte[] r = _socket[socket];
            switch (address)
            {
                case 0x01:
                    Execute(socket, value);
                    r[0x01] = 0;
                    return;
                case 0x02:
                    r[0x02] &= (byte)~value;
                    return;
                case 0x1E:
                case 0x1F:
                    // §4.2: 0, 1, 2, 4, 8, 16 KB; anything else is ignored.
                    if (value == 0 || value == 1 || value == 2 || value == 4 || value == 8 || value == 16)
                    {
                        r[address] = value;
                    }

                    return;

                // Read-only: Sn_SR, Sn_TX_FSR, Sn_TX_RD, Sn_RX_RSR, Sn_RX_WR.
                case 0x03:
                case 0x20:
                case 0x21:
                case 0x22:
                case 0x23:
                case 0x26:
                case 0x27:
                case 0x2A:
                case 0x2B:
                    return;
                default:
                    r[address] = value;
                    return;
            }
        }

        private void Execute(int socket, byte command)
        {
            byte[] r = _socket[socket];
            switch (command)
            {
                case 0x01: // OPEN
                    // §4.2 Sn_CR OPEN: pointers initialised; MACRAW only on socket 0.
                    Set16(r, 0x22, 0);
                    Set16(r, 0x24, 0);
                    Set16(r, 0x28, 0);
                    Set16(r, 0x2A, 0);
                    _receivedSize[socket] = 0;
                    _forcedReceivedSize = -1;
                    r[0x03] = socket == 0 && (r[0x00] & 0x0F) == 0x04 ? MacRawStatus : (byte)0x00;
                    if (socket == 0 && r[0x03] == MacRawStatus)
                    {
                        Socket0Opens++;
                    }

                    return;
                case 0x10: // CLOSE
                    r[0x03] = 0x00;
                    if (socket == 0)
                    {
                        Socket0Closes++;
                    }

                    return;
                case 0x20: // SEND
                    Send(socket);
                    return;
                case 0x40: // RECV
                    // §4.2 Sn_RX_RSR: the difference between Sn_RX_WR and Sn_RX_RD, recomputed by RECV.
                    _receivedSize[socket] = (ushort)(Get16(r, 0x2A) - Get16(r, 0x28));
                    _forcedReceivedSize = -1;
                    return;
                default:
                    return;
            }
        }

        private void Send(int socket)
        {
            byte[] r = _socket[socket];
            if (r[0x03] != MacRawStatus)
            {
                return;
            }

            ushort rd = Get16(r, 0x22);
            ushort wr = Get16(r, 0x24);
            int length = (ushort)(wr - rd);
            if (length < 14 || length > 1514 || length > TxBytes(socket))
            {
                BadSends++;
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    _frame[i] = _txMemory[TxIndex(socket, (ushort)(rd + i))];
                }

                // The MAC pads short frames to the 60-byte minimum.
                int wire = length;
                if (wire < 60)
                {
                    Array.Clear(_frame, wire, 60 - wire);
                    wire = 60;
                }

                if (_linkUp)
                {
                    FramesTransmitted++;
                    _network.Transmitted(_frame, 0, wire);
                }
            }

            // §4.2 Sn_TX_RD: SEND moves it up to Sn_TX_WR, then SENDOK.
            Set16(r, 0x22, wr);
            r[0x02] |= SendOk;
        }

        private bool FromNetwork(byte[] frame, int offset, int length)
        {
            byte[] r = _socket[0];
            if (_inReset || !_linkUp || length < 14 || length > 1518)
            {
                return false;
            }

            if (r[0x03] != MacRawStatus || !PassesFilter(r[0x00], frame, offset))
            {
                RxFilteredDrops++;
                return false;
            }

            int wire = Math.Max(length, 60);
            int record = 2 + wire;
            int size = RxBytes(0);
            if (ForceRxOverflow || _receivedSize[0] + record > size)
            {
                RxOverflowDrops++;
                return false;
            }

            ushort wr = Get16(r, 0x2A);
            WriteRx(0, wr, (byte)(record >> 8));
            WriteRx(0, (ushort)(wr + 1), (byte)record);
            for (int i = 0; i < wire; i++)
            {
                WriteRx(0, (ushort)(wr + 2 + i), i < length ? frame[offset + i] : (byte)0);
            }

            Set16(r, 0x2A, (ushort)(wr + record));
            _receivedSize[0] += record;
            r[0x02] |= Recv;
            FramesStored++;
            UpdateInterrupt();
            return true;
        }

        // MACRAW with MFEN: only our unicast, broadcast (unless BCASTB) and multicast (unless MMB) (§4.2 Sn_MR).
        private bool PassesFilter(byte mode, byte[] frame, int offset)
        {
            bool broadcast = true;
            for (int i = 0; i < 6; i++)
            {
                broadcast &= frame[offset + i] == 0xFF;
            }

            if (broadcast)
            {
                return (mode & 0x40) == 0;
            }

            if ((frame[offset] & 0x01) != 0)
            {
                return (mode & 0x20) == 0;
            }

            if ((mode & 0x80) == 0)
            {
                return true;
            }

            for (int i = 0; i < 6; i++)
            {
                if (frame[offset + i] != _shar[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void WriteRx(int socket, ushort address, byte value)
        {
            int index = RxIndex(socket, address);
            if (index >= 0)
            {
                _rxMemory[index] = value;
            }
        }

        // §4.2 Sn_RXBUF_SIZE/Sn_TXBUF_SIZE: any 16-bit offset addresses the socket's buffer, wrapped to its size;
        // buffers are laid out socket after socket in the 16 KB memory.
        private int RxIndex(int socket, ushort address)
        {
            int size = RxBytes(socket);
            if (size == 0)
            {
                return -1;
            }

            int start = 0;
            for (int i = 0; i < socket; i++)
            {
                start += RxBytes(i);
            }

            int index = start + (address & (size - 1));
            return index < MemoryBytes ? index : -1;
        }

        private int TxIndex(int socket, ushort address)
        {
            int size = TxBytes(socket);
            if (size == 0)
            {
                return -1;
            }

            int start = 0;
            for (int i = 0; i < socket; i++)
            {
                start += TxBytes(i);
            }

            int index = start + (address & (size - 1));
            return index < MemoryBytes ? index : -1;
        }

        private int RxBytes(int socket) => _socket[socket][0x1E] * 1024;

        private int TxBytes(int socket) => _socket[socket][0x1F] * 1024;

        private byte SocketInterruptRegister()
        {
            byte sir = 0;
            for (int i = 0; i < Sockets; i++)
            {
                if ((_socket[i][0x02] & _socket[i][0x2C]) != 0)
                {
                    sir |= (byte)(1 << i);
                }
            }

            return sir;
        }

        private void UpdateInterrupt()
        {
            bool active = (_common[0x15] & _common[0x16]) != 0 || (SocketInterruptRegister() & _common[0x18]) != 0;
            _interrupt.Drive(!active);
        }

        private void OnResetPin(bool isHigh)
        {
            if (!isHigh)
            {
                _inReset = true;
                return;
            }

            if (_inReset)
            {
                _inReset = false;
                Reset();
            }
        }

        // Power-on / reset values (§3, §4): 2 KB per socket, Sn_IMR 0xFF, PHYCFGR 0xB8 | LNK, VERSIONR 0x04.
        private void Reset()
        {
            HardResets++;
            Array.Clear(_common, 0, CommonBytes);
            Array.Clear(_shar, 0, 6);
            _common[0x19] = 0x07;
            _common[0x1A] = 0xD0;
            _common[0x1B] = 0x08;
            _common[0x2E] = 0xB8;
            _common[0x39] = 0x04;
            for (int i = 0; i < Sockets; i++)
            {
                Array.Clear(_socket[i], 0, SocketBytes);
                _socket[i][0x1E] = 2;
                _socket[i][0x1F] = 2;
                _socket[i][0x2C] = 0xFF;
                _receivedSize[i] = 0;
            }

            _forcedReceivedSize = -1;
            UpdateInterrupt();
        }

        private static ushort Get16(byte[] r, int address) => (ushort)((r[address] << 8) | r[address + 1]);

        private static void Set16(byte[] r, int address, ushort value)
        {
            r[address] = (byte)(value >> 8);
            r[address + 1] = (byte)value;
        }
    }
}
