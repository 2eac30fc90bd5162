using System.Threading;
using Firmware.Hal;

namespace Firmware.Drivers.W5500
{
    /// <summary>
    /// WIZnet W5500 used as a raw MAC: socket 0 in MACRAW mode owns all 16 KB of RX and TX buffer memory, the
    /// other seven sockets get none. Frames are moved over SPI with variable-length frames (OM = 00).
    /// Never throws on the frame path: impossible values read from the chip are counted and the socket is reopened.
    /// </summary>
    public sealed class W5500Mac : IEthernetMac
    {
        /// <summary>All 16 KB of RX (and TX) memory go to socket 0 (§4.2 Sn_RXBUF_SIZE, Sn_TXBUF_SIZE).</summary>
        public const int SocketBufferKb = 16;

        private const int SocketBufferBytes = SocketBufferKb * 1024;
        private const int SocketCount = 8;
        private const int HeaderBytes = 3;
        private const int RecordHeaderBytes = 2;
        private const int MinFrameBytes = 14;
        private const int MinWireFrameBytes = 60;
        private const int MaxSendFrameBytes = 1514;

        // A MACRAW record can carry a VLAN-tagged frame (1518 bytes); anything longer is not a frame.
        private const int MaxReceiveFrameBytes = 1518;

        // Bounds for loops that wait on the chip: it answers within a few SPI transactions, so a few hundred
        // means the chip is gone, and we give up instead of hanging the poll loop.
        private const int CommandWaitPolls = 200;
        private const int ResetWaitPolls = 200;
        private const int SendOkPolls = 4;

        private readonly ISpiBus _spi;
        private readonly IGpioPin _interrupt;
        private readonly IGpioPin _reset;
        private readonly byte[] _mac;
        private readonly byte[] _write;
        private readonly byte[] _read;
        private readonly MacDriverCounters _counters = new MacDriverCounters();

        private bool _ready;

        private bool _acceptMulticast;
        private bool _sendPending;
        private bool _receiveMayHaveMore;
        private string _initFailure = "not initialized";

        /// <summary>
        /// Creates the driver; talks to the chip only in <see cref="Initialize"/>.
        /// <paramref name="interrupt"/> (INTn, active low) may be null: the driver then polls Sn_RX_RSR.
        /// <paramref name="reset"/> (RSTn, active low) may be null: the driver then resets through MR.RST.
        /// </summary>
        public W5500Mac(ISpiBus spi, IGpioPin interrupt, IGpioPin reset, byte[] mac)
        {
            if (spi == null)
            {
                throw new System.ArgumentNullException("spi");
            }

            if (mac == null || mac.Length != 6)
            {
                throw new System.ArgumentException("mac must be 6 bytes");
            }

            _spi = spi;
            _interrupt = interrupt;
            _reset = reset;
            _mac = new byte[6];
            System.Array.Copy(mac, _mac, 6);
            _write = new byte[HeaderBytes + MaxReceiveFrameBytes + RecordHeaderBytes];
            _read = new byte[HeaderBytes + MaxReceiveFrameBytes + RecordHeaderBytes];
        }

        /// <inheritdoc />
        public byte[] MacAddress
        {
            get { return _mac; }
        }

        /// <summary>What the driver counted (frames, drops, recoveries).</summary>
        public MacDriverCounters Counters
        {
            get { return _counters; }
        }

        /// <summary>Why the last <see cref="Initialize"/> failed, or null after a success.</summary>
        public string InitFailure
        {
            get { return _initFailure; }
        }

        /// <summary>
        /// Receive multicast frames (Sn_MR.MMB clear, §4.2). Off by default: the W5500 has no per-group filter, so the
        /// stack's own (MulticastGroups: the 01:00:5e MAC, then the group) sorts what this lets through; turn it on when
        /// a group is joined (mDNS, IGMP queries). Applied at once when the chip is ready: Sn_MR only takes effect at OPEN,
        /// so socket 0 is closed and reopened, which drops what its receive buffer held.
        /// </summary>
        public bool AcceptMulticast
        {
            get
            {
                return _acceptMulticast;
            }

            set
            {
                if (_acceptMulticast == value)
                {
                    return;
                }

                _acceptMulticast = value;
                if (_ready && !OpenSocket())
                {
                    _ready = false;
                    _initFailure = "socket 0 did not reopen with the new multicast setting";
                }
            }
        }

        /// <summary>True after a successful <see cref="Initialize"/>.</summary>
        public bool IsReady
        {
            get { return _ready; }
        }

        /// <inheritdoc />
        public bool IsLinkUp
        {
            get
            {
                if (!_ready)
                {
                    return false;
                }

                // §4.1 PHYCFGR.LNK: 1 = link up.
                return (ReadCommon8(W5500CommonRegister.PhyConfiguration) & W5500CommonRegister.PhyLinkUp) != 0;
            }
        }

        /// <summary>
        /// Resets the chip, checks VERSIONR, sets SHAR, gives socket 0 all buffer memory and opens it in MACRAW
        /// mode with the MAC filter on. False (with <see cref="InitFailure"/>) when any step fails.
        /// </summary>
        public bool Initialize()
        {
            _ready = false;
            _sendPending = false;
            _receiveMayHaveMore = true;

            if (_reset != null)
            {
                // §5.5.1 reset timing: RSTn low for at least 500 us, then the PLL needs up to 1 ms to lock.
                _reset.Write(false);
                Thread.Sleep(1);
                _reset.Write(true);
                Thread.Sleep(2);
            }

            // §4.1 MR.RST: software reset, the bit reads 1 until the reset completes.
            WriteCommon8(W5500CommonRegister.Mode, W5500CommonRegister.ModeReset);
            int polls = 0;
            while ((ReadCommon8(W5500CommonRegister.Mode) & W5500CommonRegister.ModeReset) != 0)
            {
                if (++polls > ResetWaitPolls)
                {
                    return Fail("MR.RST did not clear after a software reset");
                }
            }

            if (ReadCommon8(W5500CommonRegister.Version) != W5500CommonRegister.ExpectedVersion)
            {
                return Fail("VERSIONR is not 0x04: no W5500 on the bus, or SPI wiring/mode wrong");
            }

            WriteBlock(W5500Block.Common, W5500CommonRegister.SourceHardwareAddress, _mac, 0, 6);
            ReadBlock(W5500Block.Common, W5500CommonRegister.SourceHardwareAddress, 6);
            for (int i = 0; i < 6; i++)
            {
                if (_read[HeaderBytes + i] != _mac[i])
                {
                    return Fail("SHAR read back differs from the MAC address written");
                }
            }

            for (int socket = 0; socket < SocketCount; socket++)
            {
                byte sizeKb = socket == 0 ? (byte)SocketBufferKb : (byte)0;
                byte block = W5500Block.SocketRegisters(socket);
                Write8(block, W5500SocketRegister.RxBufferSize, sizeKb);
                Write8(block, W5500SocketRegister.TxBufferSize, sizeKb);
            }

            // Only socket 0's RECV may pull INTn low; nothing from the common IR.
            WriteCommon8(W5500CommonRegister.InterruptMask, 0x00);
            WriteCommon8(W5500CommonRegister.SocketInterruptMask, 0x01);

            if (!OpenSocket())
            {
                return Fail("socket 0 did not reach SOCK_MACRAW (0x42) after OPEN");
            }

            _initFailure = null;
            _ready = true;
            return true;
        }

        /// <inheritdoc />
        public bool TrySend(byte[] frame, int offset, int length)
        {
            if (!_ready || frame == null || offset < 0 || length < MinFrameBytes || length > MaxSendFrameBytes
                || offset > frame.Length - length)
            {
                _counters.SendRejected++;
                return false;
            }

            if (_sendPending && !CompleteSend(CommandWaitPolls))
            {
                // The previous SEND has not reported SENDOK: the chip still owns the TX buffer.
                _counters.SendRejected++;
                return false;
            }

            if (!IsLinkUp)
            {
                _counters.SendRejected++;
                return false;
            }

            int wireBytes = length < MinWireFrameBytes ? MinWireFrameBytes : length;
            if (ReadStable16(W5500Block.Socket0Registers, W5500SocketRegister.TxFreeSize) < wireBytes)
            {
                _counters.SendRejected++;
                return false;
            }

            ushort writePointer = Read16(W5500Block.Socket0Registers, W5500SocketRegister.TxWritePointer);

            // The TX block takes any 16-bit offset and wraps it inside the socket's buffer itself
            // (§4.2 Sn_TXBUF_SIZE: "accessible with 16 bits offset address 0x0000 to 0xFFFF regardless of the size").
            _write[0] = (byte)(writePointer >> 8);
            _write[1] = (byte)writePointer;
            _write[2] = W5500Block.Control(W5500Block.Socket0TxBuffer, true);
            System.Array.Copy(frame, offset, _write, HeaderBytes, length);
            if (wireBytes > length)
            {
                System.Array.Clear(_write, HeaderBytes + length, wireBytes - length);
            }

            _spi.TransferFullDuplex(_write, null, HeaderBytes + wireBytes);

            // §4.2 Sn_TX_WR: free-running, the carry out of bit 15 is dropped.
            Write16(W5500Block.Socket0Registers, W5500SocketRegister.TxWritePointer, (ushort)(writePointer + wireBytes));
            if (!IssueCommand(W5500SocketCommand.Send))
            {
                _counters.SendErrors++;
                return false;
            }

            _sendPending = true;
            CompleteSend(SendOkPolls);
            return true;
        }

        /// <inheritdoc />
        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            if (!_ready || buffer == null || offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
            {
                return 0;
            }

            if (_interrupt != null)
            {
                // INTn is active low. When the last look left nothing behind and INTn is high, no frame came in.
                if (!_receiveMayHaveMore && _interrupt.Read())
                {
                    return 0;
                }

                // Clear RECV before reading RSR, so a frame that lands after the read raises it again.
                Write8(W5500Block.Socket0Registers, W5500SocketRegister.Interrupt, W5500SocketInterrupt.Receive);
            }

            int waitingBytes = ReadStable16(W5500Block.Socket0Registers, W5500SocketRegister.RxReceivedSize);
            if (waitingBytes == 0)
            {
                _receiveMayHaveMore = false;
                return 0;
            }

            // §4.2 Sn_RX_RSR never exceeds Sn_RXBUF_SIZE, and a record is at least its 2-byte header plus a header.
            if (waitingBytes > SocketBufferBytes || waitingBytes < RecordHeaderBytes + MinFrameBytes)
            {
                return Recover();
            }

            ushort readPointer = Read16(W5500Block.Socket0Registers, W5500SocketRegister.RxReadPointer);
            ReadBlock(W5500Block.Socket0RxBuffer, readPointer, RecordHeaderBytes);

            // MACRAW record: a 2-byte big-endian length that counts itself, then the frame without FCS (§5 MACRAW).
            int recordBytes = (_read[HeaderBytes] << 8) | _read[HeaderBytes + 1];
            int frameBytes = recordBytes - RecordHeaderBytes;
            if (frameBytes < MinFrameBytes || frameBytes > MaxReceiveFrameBytes || recordBytes > waitingBytes)
            {
                return Recover();
            }

            int copied = 0;
            if (frameBytes > capacity)
            {
                _counters.ReceiveTooLong++;
            }
            else
            {
                ReadBlock(W5500Block.Socket0RxBuffer, (ushort)(readPointer + RecordHeaderBytes), frameBytes);
                System.Array.Copy(_read, HeaderBytes, buffer, offset, frameBytes);
                copied = frameBytes;
                _counters.FramesReceived++;
            }

            // §4.2 Sn_RX_RD: advance by what was consumed (carry out of bit 15 dropped), then RECV.
            Write16(W5500Block.Socket0Registers, W5500SocketRegister.RxReadPointer, (ushort)(readPointer + recordBytes));
            IssueCommand(W5500SocketCommand.Receive);
            _receiveMayHaveMore = waitingBytes > recordBytes;
            return copied;
        }

        // Impossible length or size from the chip: its RX pointers cannot be trusted, so close and reopen socket 0,
        // which resets Sn_RX_RD/Sn_RX_WR and discards what the buffer held (§4.2 Sn_CR OPEN/CLOSE).
        private int Recover()
        {
            _counters.ReceiveGarbage++;
            _counters.ReceiveRecoveries++;
            _sendPending = false;
            _receiveMayHaveMore = true;
            if (!OpenSocket())
            {
                _ready = false;
                _initFailure = "socket 0 did not reopen after a receive recovery";
            }

            return 0;
        }

        private bool OpenSocket()
        {
            byte block = W5500Block.Socket0Registers;
            IssueCommand(W5500SocketCommand.Close);
            int polls = 0;
            while (Read8(block, W5500SocketRegister.Status) != W5500SocketStatus.Closed)
            {
                if (++polls > CommandWaitPolls)
                {
                    return false;
                }
            }

            Write8(block, W5500SocketRegister.Interrupt, 0xFF);
            // MFEN: our unicast, broadcast and multicast only; MMB blocks the multicast unless it is wanted.
            Write8(block, W5500SocketRegister.Mode, (byte)(W5500SocketMode.MacRaw | W5500SocketMode.MacFilterEnable
                | (_acceptMulticast ? 0 : W5500SocketMode.BlockMulticast)));
            Write8(block, W5500SocketRegister.InterruptMask, _interrupt != null ? W5500SocketInterrupt.Receive : (byte)0);
            if (!IssueCommand(W5500SocketCommand.Open))
            {
                return false;
            }

            polls = 0;
            while (Read8(block, W5500SocketRegister.Status) != W5500SocketStatus.MacRaw)
            {
                if (++polls > CommandWaitPolls)
                {
                    return false;
                }
            }

            return true;
        }

        // Waits for SENDOK of the pending SEND; true when it came (and was cleared).
        private bool CompleteSend(int polls)
        {
            for (int i = 0; i < polls; i++)
            {
                byte flags = Read8(W5500Block.Socket0Registers, W5500SocketRegister.Interrupt);
                if ((flags & W5500SocketInterrupt.SendOk) != 0)
                {
                    Write8(W5500Block.Socket0Registers, W5500SocketRegister.Interrupt, W5500SocketInterrupt.SendOk);
                    _sendPending = false;
                    _counters.FramesSent++;
                    return true;
                }
            }

            return false;
        }

        // §4.2 Sn_CR: the chip clears the register once it has accepted the command.
        private bool IssueCommand(byte command)
        {
            Write8(W5500Block.Socket0Registers, W5500SocketRegister.Command, command);
            for (int i = 0; i < CommandWaitPolls; i++)
            {
                if (Read8(W5500Block.Socket0Registers, W5500SocketRegister.Command) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private bool Fail(string reason)
        {
            _initFailure = reason;
            _ready = false;
            return false;
        }

        // §4.2 note on Sn_RX_RSR / Sn_TX_FSR: a 16-bit value can change between its two bytes; read until two agree.
        private int ReadStable16(byte block, ushort address)
        {
            int previous = Read16(block, address);
            for (int i = 0; i < 4; i++)
            {
                int current = Read16(block, address);
                if (current == previous)
                {
                    return current;
                }

                previous = current;
            }

            return previous;
        }

        private byte ReadCommon8(ushort address)
        {
            return Read8(W5500Block.Common, address);
        }

        private void WriteCommon8(ushort address, byte value)
        {
            Write8(W5500Block.Common, address, value);
        }

        private byte Read8(byte block, ushort address)
        {
            ReadBlock(block, address, 1);
            return _read[HeaderBytes];
        }

        private ushort Read16(byte block, ushort address)
        {
            ReadBlock(block, address, 2);
            return (ushort)((_read[HeaderBytes] << 8) | _read[HeaderBytes + 1]);
        }

        private void Write8(byte block, ushort address, byte value)
        {
            _write[0] = (byte)(address >> 8);
            _write[1] = (byte)address;
            _write[2] = W5500Block.Control(block, true);
            _write[3] = value;
            _spi.TransferFullDuplex(_write, null, HeaderBytes + 1);
        }

        private void Write16(byte block, ushort address, ushort value)
        {
            _write[0] = (byte)(address >> 8);
            _write[1] = (byte)address;
            _write[2] = W5500Block.Control(block, true);
            _write[3] = (byte)(value >> 8);
            _write[4] = (byte)value;
            _spi.TransferFullDuplex(_write, null, HeaderBytes + 2);
        }

        private void WriteBlock(byte block, ushort address, byte[] source, int offset, int length)
        {
            _write[0] = (byte)(address >> 8);
            _write[1] = (byte)address;
            _write[2] = W5500Block.Control(block, true);
            System.Array.Copy(source, offset, _write, HeaderBytes, length);
            _spi.TransferFullDuplex(_write, null, HeaderBytes + length);
        }

        // Reads length bytes into _read[3..]; the bytes clocked out after the header are don't-care (zeros).
        private void ReadBlock(byte block, ushort address, int length)
        {
            _write[0] = (byte)(address >> 8);
            _write[1] = (byte)address;
            _write[2] = W5500Block.Control(block, false);
            System.Array.Clear(_write, HeaderBytes, length);
            _spi.TransferFullDuplex(_write, _read, HeaderBytes + length);
        }
    }
}
