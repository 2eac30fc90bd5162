using System;
using Firmware.Hal;

namespace Firmware.ChipEmulators
{
    /// <summary>
    /// Register-level model of the Microchip ENC28J60 (datasheet DS39662, silicon errata DS80349 rev. B7) seen through
    /// its SPI port: the opcodes RCR/WCR/BFS/BFC/RBM/WBM/SRC (§4.2) with the MAC/MII dummy byte, four banks of control
    /// registers behind ECON1.BSEL plus the five common ones, PHY registers through MIREGADR/MICMD/MISTAT.BUSY/MIRD/MIWR,
    /// 8 KB buffer memory with ERDPT wrapping ERXND→ERXST, the circular RX buffer (6-byte header: next pointer and receive
    /// status vector, records at even addresses, CRC included), ERXRDPT protection, EPKTCNT and ECON2.PKTDEC, TX with the
    /// per-packet control byte, padding, the 7-byte transmit status vector, EIR/EIE/INT, link state in PHSTAT1/PHSTAT2.
    /// Errata modelled (the driver must cope): CLKRDY reads 0 for a while after reset; PKTIF is unreliable (only raised
    /// when a packet lands in an empty buffer, dropped by the first PKTDEC); an even ERXRDPT corrupts the next record
    /// written; after an aborted transmission the transmit logic stalls (TXRTS stays set) until ECON1.TXRST.
    /// </summary>
    public sealed class Enc28j60Emulator : ISpiBus
    {
        private const int MemoryBytes = 8192;

        // Register addresses (§3.1, Table 3-2).
        private const int Eie = 0x1B, Eir = 0x1C, Estat = 0x1D, Econ2 = 0x1E, Econ1 = 0x1F;
        private const int Erdpt = 0x00, Ewrpt = 0x02, Etxst = 0x04, Etxnd = 0x06, Erxst = 0x08, Erxnd = 0x0A;
        private const int Erxrdpt = 0x0C, Erxwrpt = 0x0E;
        private const int Erxfcon = 0x18, Epktcnt = 0x19;
        private const int Macon1 = 0x00, Macon3 = 0x02, Mamxfl = 0x0A, Micmd = 0x12, Miregadr = 0x14, Miwrl = 0x16, Miwrh = 0x17, Mirdl = 0x18, Mirdh = 0x19;
        private const int Maadr5 = 0x00, Maadr6 = 0x01, Maadr3 = 0x02, Maadr4 = 0x03, Maadr1 = 0x04, Maadr2 = 0x05, Mistat = 0x0A, Erevid = 0x12;

        private readonly byte[][] _banks = new byte[4][];
        private readonly byte[] _commonRegs = new byte[5];
        private readonly ushort[] _phy = new ushort[0x20];
        private readonly byte[] _memory = new byte[MemoryBytes];
        private readonly byte[] _frame = new byte[1600];
        private readonly byte[] _mac = new byte[6];
        private readonly byte[] _tsv = new byte[7];
        private readonly EmulatedPin _interrupt;
        private readonly EmulatedPin _reset;
        private readonly ChipNetworkPort _network;
        private bool _inReset;
        private bool _linkUp = true;
        private int _clockReadyReadsLeft;
        private int _phyBusyReadsLeft;
        private int _pendingReadPointerLow;
        private bool _transmitStalled;
        private int _lateCollisionsToInject;

        /// <summary>A powered ENC28J60 (rev. B7) just out of reset, link up.</summary>
        public Enc28j60Emulator()
        {
            for (int i = 0; i < 4; i++)
            {
                _banks[i] = new byte[0x20];
            }

            _interrupt = new EmulatedPin(true, null);
            _reset = new EmulatedPin(true, OnResetPin);
            _network = new ChipNetworkPort(_mac, FromNetwork, () => _linkUp);
            Reset();
            Resets = 0;
        }

        /// <summary>INT: low while EIE.INTIE and an enabled EIR flag (§12).</summary>
        public IGpioPin InterruptPin => _interrupt;

        /// <summary>The same pin with its edge count, for assertions.</summary>
        public EmulatedPin Interrupt => _interrupt;

        /// <summary>RESET: the driver holds it low to reset the chip.</summary>
        public IGpioPin ResetPin => _reset;

        /// <summary>The cable: plug it into a virtual switch (or bridge it to a switch port).</summary>
        public ChipNetworkPort NetworkSide => _network;

        /// <summary>Link state (PHSTAT2.LSTAT; PHSTAT1.LLSTAT latches a loss). While down nothing moves.</summary>
        public bool LinkUp
        {
            get => _linkUp;
            set
            {
                if (value == _linkUp)
                {
                    return;
                }

                _linkUp = value;
                if (!value)
                {
                    _phy[0x01] &= unchecked((ushort)~0x0004);
                }

                // §12.1.5: PHIR.PLNKIF, and EIR.LINKIF when PHIE enables it.
                _phy[0x13] |= 0x0010;
                if ((_phy[0x12] & 0x0012) == 0x0012)
                {
                    _commonRegs[Eir - 0x1B] |= 0x10;
                }

                UpdateInterrupt();
            }
        }

        /// <summary>While true, every arriving frame is dropped as if the RX buffer were full (EIR.RXERIF set).</summary>
        public bool ForceRxOverflow { get; set; }

        /// <summary>Resets (SRC or the RESET pin).</summary>
        public int Resets { get; private set; }

        /// <summary>ECON1.BSEL changes (to show the driver caches the bank).</summary>
        public int BankSwitches { get; private set; }

        /// <summary>ERXRDPT updates that committed an even value (errata: corrupts the buffer).</summary>
        public int EvenReceiveReadPointerWrites { get; private set; }

        /// <summary>ERXRDPT updates committed.</summary>
        public int ReceiveReadPointerWrites { get; private set; }

        /// <summary>Records corrupted because ERXRDPT was even when they were written.</summary>
        public int RecordsCorruptedByErrata { get; private set; }

        /// <summary>Frames stored in the RX buffer.</summary>
        public int FramesStored { get; private set; }

        /// <summary>Frames dropped for lack of room, EPKTCNT = 255 or <see cref="ForceRxOverflow"/>.</summary>
        public int RxOverflowDrops { get; private set; }

        /// <summary>Frames dropped by ERXFCON, RXEN off or MAMXFL.</summary>
        public int RxFilteredDrops { get; private set; }

        /// <summary>Frames sent on the wire.</summary>
        public int FramesTransmitted { get; private set; }

        /// <summary>Transmissions aborted by an injected late collision.</summary>
        public int TransmitAborts { get; private set; }

        /// <summary>TXRTS set while the transmit logic was stalled (nothing happened).</summary>
        public int StalledTransmitRequests { get; private set; }

        /// <summary>ECON1.TXRST pulses seen.</summary>
        public int TransmitLogicResets { get; private set; }

        /// <summary>ECON1.RXRST pulses seen.</summary>
        public int ReceiveLogicResets { get; private set; }

        /// <summary>SPI transactions seen.</summary>
        public long Transactions { get; private set; }

        /// <summary>
        /// When not null, every control register write (WCR, BFS, BFC), PHY write and soft reset is appended as
        /// "bank2[0x02]=0x32", "common[0x1F]=0x04", "phy[0x10]=0x0100" or "SRC", so tests can check the order of an
        /// init sequence. Off by default (allocates).
        /// </summary>
        public System.Collections.Generic.List<string> WriteLog { get; set; }

        /// <summary>Reads a control register without side effects (bank 0..3, address 0..0x1F).</summary>
        public byte PeekRegister(int bank, int address) => address >= 0x1B ? _commonRegs[address - 0x1B] : _banks[bank][address];

        /// <summary>Reads a 16-bit bank-0 pointer (ERDPT, ERXST, ERXRDPT, ...) by its low address.</summary>
        public int PeekPointer(int lowAddress) => _banks[0][lowAddress] | (_banks[0][lowAddress + 1] << 8);

        /// <summary>Reads a PHY register without side effects.</summary>
        public ushort PeekPhy(int register) => _phy[register];

        /// <summary>The next <paramref name="count"/> transmissions abort with a late collision (and stall the logic, errata).</summary>
        public void InjectLateCollisions(int count) => _lateCollisionsToInject = count;

        /// <summary>Overwrites the header of the first unread record (just after ERXRDPT): garbage from the chip.</summary>
        public void CorruptPendingHeader(ushort nextPointer, ushort byteCount)
        {
            int at = Advance(PeekPointer(Erxrdpt));
            WriteRxBytes(ref at, nextPointer);
            WriteRxBytes(ref at, byteCount);
        }

        /// <summary>One SPI transaction (§4.2).</summary>
        public void TransferFullDuplex(byte[] writeBuffer, byte[] readBuffer, int length)
        {
            Transactions++;
            if (readBuffer != null)
            {
                Array.Clear(readBuffer, 0, length);
            }

            if (_inReset || length < 1)
            {
                return;
            }

            byte first = writeBuffer[0];
            int opcode = first >> 5;
            int argument = first & 0x1F;
            if (first == 0xFF)
            {
                WriteLog?.Add("SRC");
                Reset();
                return;
            }

            switch (opcode)
            {
                case 0: // RCR
                    if (length >= 2)
                    {
                        bool dummy = IsMacOrMii(Bank, argument);
                        byte value = ReadRegister(argument);
                        if (readBuffer != null)
                        {
                            if (dummy && length >= 3)
                            {
                                readBuffer[2] = value;
                            }
                            else if (!dummy)
                            {
                                readBuffer[1] = value;
                            }
                        }
                    }

                    break;
                case 1: // RBM (argument 0x1A)
                    if (argument == 0x1A)
                    {
                        for (int i = 1; i < length; i++)
                        {
                            byte value = ReadBufferByte();
                            if (readBuffer != null)
                            {
                                readBuffer[i] = value;
                            }
                        }
                    }

                    break;
                case 2: // WCR
                    if (length >= 2)
                    {
                        WriteRegister(argument, writeBuffer[1]);
                    }

                    break;
                case 3: // WBM (argument 0x1A)
                    if (argument == 0x1A)
                    {
                        for (int i = 1; i < length; i++)
                        {
                            int at = PeekPointer(Ewrpt);
                            _memory[at] = writeBuffer[i];
                            SetPointer(Ewrpt, (at + 1) & (MemoryBytes - 1));
                        }
                    }

                    break;
                case 4: // BFS: ETH registers only (§4.2.4)
                    if (length >= 2 && !IsMacOrMii(Bank, argument))
                    {
                        WriteRegister(argument, (byte)(RawRegister(argument) | writeBuffer[1]));
                    }

                    break;
                case 5: // BFC
                    if (length >= 2 && !IsMacOrMii(Bank, argument))
                    {
                        WriteRegister(argument, (byte)(RawRegister(argument) & ~writeBuffer[1]));
                    }

                    break;
            }

            UpdateInterrupt();
        }

        private int Bank => _commonRegs[Econ1 - 0x1B] & 0x03;

        // §4.2.1: MAC (bank 2) and MII (bank 2, MISTAT and MAADR in bank 3) registers return a dummy byte first.
        private static bool IsMacOrMii(int bank, int address)
        {
            if (address >= 0x1B)
            {
                return false;
            }

            return bank == 2 || (bank == 3 && (address <= 0x05 || address == Mistat));
        }

        private byte RawRegister(int address) => address >= 0x1B ? _commonRegs[address - 0x1B] : _banks[Bank][address];

        private byte ReadRegister(int address)
        {
            int bank = Bank;
            if (address == Estat)
            {
                // Errata: CLKRDY clear for a while after reset (the oscillator start-up timer).
                byte estat = _commonRegs[Estat - 0x1B];
                if (_clockReadyReadsLeft > 0)
                {
                    _clockReadyReadsLeft--;
                    return (byte)(estat & ~0x01);
                }

                byte intBit = (byte)(_interrupt.Level ? 0 : 0x80);
                return (byte)(estat | 0x01 | intBit);
            }

            if (bank == 3 && address == Mistat)
            {
                if (_phyBusyReadsLeft > 0)
                {
                    _phyBusyReadsLeft--;
                    return 0x01;
                }

                return 0x00;
            }

            return RawRegister(address);
        }

        private void WriteRegister(int address, byte value)
        {
            int bank = Bank;
            WriteLog?.Add((address >= 0x1B ? "common" : "bank" + bank) + $"[0x{address:X2}]=0x{value:X2}");
            if (address >= 0x1B)
            {
                WriteCommon(address, value);
                return;
            }

            byte[] regs = _banks[bank];
            if (bank == 0)
            {
                switch (address)
                {
                    case Erxrdpt:
                        // §6.1: the low byte is held until the high byte is written.
                        _pendingReadPointerLow = value;
                        return;
                    case Erxrdpt + 1:
                        regs[Erxrdpt] = (byte)_pendingReadPointerLow;
                        regs[Erxrdpt + 1] = (byte)(value & 0x1F);
                        ReceiveReadPointerWrites++;
                        if ((regs[Erxrdpt] & 1) == 0)
                        {
                            EvenReceiveReadPointerWrites++;
                        }

                        return;
                    case Erxwrpt:
                    case Erxwrpt + 1:
                        return;
                    case Erxst:
                    case Erxst + 1:
                        regs[address] = address == Erxst ? value : (byte)(value & 0x1F);

                        // Programming ERXST also moves the hardware write pointer there (§6.1).
                        regs[Erxwrpt] = regs[Erxst];
                        regs[Erxwrpt + 1] = regs[Erxst + 1];
                        return;
                    default:
                        regs[address] = (address & 1) == 1 && address <= 0x0F ? (byte)(value & 0x1F) : value;
                        return;
                }
            }

            if (bank == 1 && address == Epktcnt)
            {
                return;
            }

            if (bank == 2)
            {
                switch (address)
                {
                    case Micmd:
                        regs[Micmd] = value;
                        if ((value & 0x01) != 0)
                        {
                            ushort data = PhyRead(regs[Miregadr] & 0x1F);
                            regs[Mirdl] = (byte)data;
                            regs[Mirdh] = (byte)(data >> 8);
                            _phyBusyReadsLeft = 2;
                        }

                        return;
                    case Miwrh:
                        regs[Miwrh] = value;
                        PhyWrite(regs[Miregadr] & 0x1F, (ushort)(regs[Miwrl] | (value << 8)));
                        _phyBusyReadsLeft = 2;
                        return;
                    case Mirdl:
                    case Mirdh:
                        return;
                }
            }

            if (bank == 3)
            {
                if (address == Mistat || address == Erevid)
                {
                    return;
                }

                regs[address] = value;
                if (address <= Maadr2)
                {
                    // MAADR1 is the first byte of the address on the wire (§6.5, step 6).
                    _mac[0] = regs[Maadr1];
                    _mac[1] = regs[Maadr2];
                    _mac[2] = regs[Maadr3];
                    _mac[3] = regs[Maadr4];
                    _mac[4] = regs[Maadr5];
                    _mac[5] = regs[Maadr6];
                }

                return;
            }

            regs[address] = value;
        }

        private void WriteCommon(int address, byte value)
        {
            int index = address - 0x1B;
            switch (address)
            {
                case Eir:
                    // PKTIF and LINKIF are read-only (§12): keep the chip's values.
                    _commonRegs[index] = (byte)((value & ~0x50) | (_commonRegs[index] & 0x50));
                    return;
                case Estat:
                    // Only the sticky error bits can be cleared by software.
                    _commonRegs[index] = (byte)(_commonRegs[index] & (value | ~0x52));
                    return;
                case Econ2:
                    if ((value & 0x40) != 0)
                    {
                        PacketDecrement();
                    }

                    _commonRegs[index] = (byte)(value & ~0x40);
                    return;
                case Econ1:
                    WriteEcon1(value);
                    return;
                default:
                    _commonRegs[index] = value;
                    return;
            }
        }

        private void WriteEcon1(byte value)
        {
            byte old = _commonRegs[Econ1 - 0x1B];
            if ((old & 0x03) != (value & 0x03))
            {
                BankSwitches++;
            }

            _commonRegs[Econ1 - 0x1B] = value;
            if ((value & 0x80) != 0 && (old & 0x80) == 0)
            {
                // TXRST: the transmit logic is reset; a stalled transmitter recovers (errata workaround).
                TransmitLogicResets++;
                _transmitStalled = false;
                _commonRegs[Econ1 - 0x1B] &= unchecked((byte)~0x08);
            }

            if ((value & 0x40) != 0 && (old & 0x40) == 0)
            {
                // RXRST: receive logic reset; the hardware write pointer and the packet count start again.
                ReceiveLogicResets++;
                _banks[0][Erxwrpt] = _banks[0][Erxst];
                _banks[0][Erxwrpt + 1] = _banks[0][Erxst + 1];
                _banks[1][Epktcnt] = 0;
                _commonRegs[Eir - 0x1B] &= unchecked((byte)~0x40);
            }

            byte now = _commonRegs[Econ1 - 0x1B];
            if ((now & 0x08) != 0 && (old & 0x08) == 0 && (now & 0x80) == 0)
            {
                Transmit();
            }
        }

        private void PacketDecrement()
        {
            if (_banks[1][Epktcnt] > 0)
            {
                _banks[1][Epktcnt]--;
            }

            // Errata model: PKTIF falls at the first PKTDEC even while packets remain.
            _commonRegs[Eir - 0x1B] &= unchecked((byte)~0x40);
        }

        private byte ReadBufferByte()
        {
            int at = PeekPointer(Erdpt);
            byte value = _memory[at];
            if ((_commonRegs[Econ2 - 0x1B] & 0x80) != 0)
            {
                // §3.2.1: with AUTOINC, ERDPT wraps from ERXND to ERXST inside the receive buffer.
                int next = at == PeekPointer(Erxnd) ? PeekPointer(Erxst) : (at + 1) & (MemoryBytes - 1);
                SetPointer(Erdpt, next);
            }

            return value;
        }

        private void Transmit()
        {
            byte[] econ = _commonRegs;
            if (_transmitStalled)
            {
                // Errata: TXRTS stays set, nothing is sent, until TXRST.
                StalledTransmitRequests++;
                return;
            }

            int start = PeekPointer(Etxst);
            int end = PeekPointer(Etxnd);
            int length = end - start;
            int tsvAt = (end + 1) & (MemoryBytes - 1);
            if (length < 1 || length > 1536)
            {
                Finish(tsvAt, 0, false, true);
                return;
            }

            if (_lateCollisionsToInject > 0)
            {
                _lateCollisionsToInject--;
                TransmitAborts++;
                _commonRegs[Estat - 0x1B] |= 0x12;
                _transmitStalled = true;
                Finish(tsvAt, length, true, true);
                return;
            }

            byte control = _memory[start];
            bool pad = (control & 0x01) != 0 ? (control & 0x04) != 0 : (_banks[2][Macon3] & 0xE0) != 0;
            for (int i = 0; i < length; i++)
            {
                _frame[i] = _memory[(start + 1 + i) & (MemoryBytes - 1)];
            }

            int wire = length;
            if (pad && wire < 60)
            {
                Array.Clear(_frame, wire, 60 - wire);
                wire = 60;
            }

            if (_linkUp)
            {
                FramesTransmitted++;
                _network.Transmitted(_frame, 0, wire);
            }

            Finish(tsvAt, wire, false, false);
            econ[Econ1 - 0x1B] &= unchecked((byte)~0x08);
        }

        // §7.1 transmit status vector (Table 7-1) after ETXND, then EIR.TXIF or TXERIF, and TXRTS clears.
        private void Finish(int at, int length, bool lateCollision, bool error)
        {
            byte[] tsv = _tsv;
            tsv[0] = (byte)length;
            tsv[1] = (byte)(length >> 8);
            tsv[2] = (byte)(error ? 0x00 : 0x80);
            tsv[3] = (byte)(lateCollision ? 0x20 : 0x00);
            tsv[4] = (byte)length;
            tsv[5] = (byte)(length >> 8);
            for (int i = 0; i < 7; i++)
            {
                _memory[(at + i) & (MemoryBytes - 1)] = tsv[i];
            }

            _commonRegs[Eir - 0x1B] |= error ? (byte)0x02 : (byte)0x08;
            _commonRegs[Econ1 - 0x1B] &= unchecked((byte)~0x08);
        }

        private bool FromNetwork(byte[] frame, int offset, int length)
        {
            if (_inReset || !_linkUp || length < 14 || length > 1514)
            {
                return false;
            }

            if ((_commonRegs[Econ1 - 0x1B] & 0x04) == 0 || !PassesFilter(frame, offset))
            {
                RxFilteredDrops++;
                return false;
            }

            int wire = Math.Max(length, 60);
            int byteCount = wire + 4;
            int maxFrame = _banks[2][Mamxfl] | (_banks[2][Mamxfl + 1] << 8);
            if (byteCount > maxFrame)
            {
                RxFilteredDrops++;
                return false;
            }

            int rxStart = PeekPointer(Erxst);
            int rxEnd = PeekPointer(Erxnd);
            int size = rxEnd - rxStart + 1;
            int need = 6 + byteCount;
            need += need & 1;
            int write = PeekPointer(Erxwrpt);
            int read = PeekPointer(Erxrdpt);
            int free = read == write ? size : (read - write + size) % size;
            if (ForceRxOverflow || size <= 0 || need > free || _banks[1][Epktcnt] == 255)
            {
                // §7.2.3 / §12.1.2: the frame is lost and RXERIF is raised.
                RxOverflowDrops++;
                _commonRegs[Eir - 0x1B] |= 0x01;
                UpdateInterrupt();
                return false;
            }

            int next = write;
            for (int i = 0; i < need; i++)
            {
                next = Advance(next);
            }

            // The record: next packet pointer, receive status vector (§7.2.2, Table 7-3), frame, CRC, pad to even.
            bool broadcast = frame[offset] == 0xFF && frame[offset + 1] == 0xFF && frame[offset + 2] == 0xFF;
            bool multicast = (frame[offset] & 1) != 0 && !broadcast;
            int at = write;
            int storedNext = next;
            if ((read & 1) == 0)
            {
                // Errata: an even ERXRDPT lets the receive hardware corrupt the buffer; model it on the next pointer.
                RecordsCorruptedByErrata++;
                storedNext = next ^ 0x0155;
            }

            WriteRxBytes(ref at, (ushort)storedNext);
            WriteRxBytes(ref at, (ushort)byteCount);
            WriteRx(ref at, 0x80);
            WriteRx(ref at, (byte)((multicast ? 0x01 : 0) | (broadcast ? 0x02 : 0)));
            Array.Clear(_frame, 0, wire);
            Array.Copy(frame, offset, _frame, 0, length);
            for (int i = 0; i < wire; i++)
            {
                WriteRx(ref at, _frame[i]);
            }

            uint crc = Crc32.Compute(_frame, 0, wire);
            for (int i = 0; i < 4; i++)
            {
                WriteRx(ref at, (byte)(crc >> (8 * i)));
            }

            SetPointer(Erxwrpt, next);
            byte count = _banks[1][Epktcnt];
            _banks[1][Epktcnt] = (byte)(count + 1);
            if (count == 0)
            {
                // Errata model: PKTIF only rises when a packet lands in an empty buffer.
                _commonRegs[Eir - 0x1B] |= 0x40;
            }

            FramesStored++;
            UpdateInterrupt();
            return true;
        }

        private bool PassesFilter(byte[] frame, int offset)
        {
            byte filter = _banks[1][Erxfcon];
            if (filter == 0)
            {
                return true;
            }

            bool broadcast = true;
            bool unicastMatch = true;
            for (int i = 0; i < 6; i++)
            {
                broadcast &= frame[offset + i] == 0xFF;
                unicastMatch &= frame[offset + i] == _mac[i];
            }

            bool multicast = (frame[offset] & 1) != 0 && !broadcast;

            // OR mode (ANDOR = 0): any enabled filter that matches accepts (§8.1).
            return ((filter & 0x80) != 0 && unicastMatch) || ((filter & 0x01) != 0 && broadcast) || ((filter & 0x02) != 0 && multicast)
                || ((filter & 0x04) != 0 && HashMatches(frame, offset));
        }

        // §8.2.3 hash table filter: bits 28..23 of the destination address's CRC-32 point at one of EHT0..EHT7's 64 bits.
        private bool HashMatches(byte[] frame, int offset)
        {
            int bit = (int)((Crc32.Compute(frame, offset, 6) >> 23) & 0x3F);
            return (_banks[1][bit >> 3] & (1 << (bit & 7))) != 0;
        }

        /// <summary>Frames the hash table filter let through (HTEN set and the destination's bit set).</summary>
        public int HashTableHits(byte[] destination) =>
            (_banks[1][Erxfcon] & 0x04) != 0 && HashMatches(destination, 0) ? 1 : 0;

        private int Advance(int at) => at == PeekPointer(Erxnd) ? PeekPointer(Erxst) : (at + 1) & (MemoryBytes - 1);

        private void WriteRx(ref int at, byte value)
        {
            _memory[at] = value;
            at = Advance(at);
        }

        private void WriteRxBytes(ref int at, ushort value)
        {
            WriteRx(ref at, (byte)value);
            WriteRx(ref at, (byte)(value >> 8));
        }

        private void SetPointer(int lowAddress, int value)
        {
            _banks[0][lowAddress] = (byte)value;
            _banks[0][lowAddress + 1] = (byte)((value >> 8) & 0x1F);
        }

        private ushort PhyRead(int register)
        {
            switch (register)
            {
                case 0x01:
                    {
                        // PHSTAT1.LLSTAT latches low: reading it re-arms it with the current state.
                        ushort value = _phy[0x01];
                        _phy[0x01] = (ushort)((value & ~0x0004) | (_linkUp ? 0x0004 : 0));
                        return value;
                    }

                case 0x11:
                    return (ushort)((_phy[0x11] & ~0x0400) | (_linkUp ? 0x0400 : 0));
                case 0x13:
                    {
                        // Reading PHIR clears PGIF/PLNKIF and EIR.LINKIF.
                        ushort value = _phy[0x13];
                        _phy[0x13] = 0;
                        _commonRegs[Eir - 0x1B] &= unchecked((byte)~0x10);
                        return value;
                    }

                default:
                    return _phy[register];
            }
        }

        private void PhyWrite(int register, ushort value)
        {
            WriteLog?.Add($"phy[0x{register:X2}]=0x{value:X4}");
            if (register == 0x01 || register == 0x11 || register == 0x13)
            {
                return;
            }

            _phy[register] = value;
            if (register == 0x00 && (value & 0x8000) != 0)
            {
                ResetPhy();
            }
        }

        private void UpdateInterrupt()
        {
            byte eie = _commonRegs[Eie - 0x1B];
            byte eir = _commonRegs[Eir - 0x1B];
            bool active = (eie & 0x80) != 0 && (eie & eir & 0x7B) != 0;
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

        // Reset values (§3.1 Table 3-2 "value on reset", §3.3 Table 3-3).
        private void Reset()
        {
            Resets++;
            for (int i = 0; i < 4; i++)
            {
                Array.Clear(_banks[i], 0, 0x20);
            }

            Array.Clear(_commonRegs, 0, 5);
            _commonRegs[Econ2 - 0x1B] = 0x80;
            SetPointer(Erdpt, 0x05FA);
            SetPointer(Erxst, 0x05FA);
            SetPointer(Erxnd, 0x1FFF);
            SetPointer(Erxrdpt, 0x05FA);
            _banks[1][Erxfcon] = 0xA1;
            _banks[2][Mamxfl] = 0x00;
            _banks[2][Mamxfl + 1] = 0x06;
            _banks[3][Erevid] = 0x06;
            Array.Clear(_mac, 0, 6);
            ResetPhy();
            _transmitStalled = false;
            _clockReadyReadsLeft = 2;
            _phyBusyReadsLeft = 0;
            UpdateInterrupt();
        }

        private void ResetPhy()
        {
            Array.Clear(_phy, 0, _phy.Length);
            _phy[0x01] = (ushort)(0x1800 | (_linkUp ? 0x0004 : 0));
            _phy[0x02] = 0x0083;
            _phy[0x03] = 0x1400;
            _phy[0x14] = 0x3422;
        }
    }
}
