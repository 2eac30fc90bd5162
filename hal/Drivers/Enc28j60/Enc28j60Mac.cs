using System.Threading;
using Firmware.Hal;

namespace Firmware.Drivers.Enc28j60
{
    /// <summary>
    /// Microchip ENC28J60 10BASE-T MAC+PHY, half duplex. The 8 KB buffer holds a circular RX area at 0x0000..0x19FF
    /// and one TX frame at 0x1A00..0x1FFF. Works around the silicon errata (DS80349): ERXRDPT kept odd, EPKTCNT polled
    /// instead of PKTIF, transmit logic reset after an error, late collisions retried, CLKRDY not trusted right after
    /// a soft reset. Never throws on the frame path: impossible headers are counted and the receive logic is reset.
    /// </summary>
    public sealed class Enc28j60Mac : IEthernetMac
    {
        /// <summary>First byte of the RX area (ERXST). Errata: the RX buffer must start at 0x0000 on some revisions.</summary>
        public const int ReceiveStart = 0x0000;

        /// <summary>Last byte of the RX area (ERXND), odd so that the initial ERXRDPT is odd too.</summary>
        public const int ReceiveEnd = 0x19FF;

        /// <summary>First byte of the TX area (ETXST): control byte + 1514-byte frame + 7-byte status vector fit.</summary>
        public const int TransmitStart = 0x1A00;

        /// <summary>Largest frame on the wire including the FCS (MAMXFL, §6.5).</summary>
        public const int MaxFrameWithCrcBytes = 1518;

        private const int CrcBytes = 4;

        // In _read after a header read: [0] is the opcode slot, [1..2] the next packet pointer, [3..6] the RSV.
        private const int ReceiveStatusStart = 3;
        private const int MinFrameBytes = 14;
        private const int MaxSendFrameBytes = 1514;
        private const int ClockReadyPolls = 100;
        private const int PhyBusyPolls = 100;
        private const int TransmitPolls = 3000;
        private const int LateCollisionRetries = 15;

        private readonly ISpiBus _spi;
        private readonly IGpioPin _interrupt;
        private readonly IGpioPin _reset;
        private readonly byte[] _mac;
        private readonly byte[] _write;
        private readonly byte[] _read;
        private readonly MacDriverCounters _counters = new MacDriverCounters();

        private int _bank;
        private int _nextPacket;
        private bool _ready;
        private bool _acceptMulticast;
        // §8.2.3: the 64-bit hash table (EHT0..EHT7) of the multicast addresses asked for.
        private readonly byte[] _hashTable = new byte[8];
        private bool _hashUsed;
        private int _revision;
        private string _initFailure = "not initialized";

        /// <summary>
        /// Creates the driver; talks to the chip only in <see cref="Initialize"/>. <paramref name="interrupt"/> may be
        /// null: reception is always found by polling EPKTCNT, because PKTIF (and so INT for it) is unreliable
        /// (errata DS80349 "Receive Packet Pending Interrupt Flag"). <paramref name="reset"/> may be null (soft reset).
        /// </summary>
        public Enc28j60Mac(ISpiBus spi, IGpioPin interrupt, IGpioPin reset, byte[] mac)
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
            _write = new byte[1 + 1 + MaxFrameWithCrcBytes];
            _read = new byte[1 + 1 + MaxFrameWithCrcBytes];
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

        /// <summary>True after a successful <see cref="Initialize"/>.</summary>
        public bool IsReady
        {
            get { return _ready; }
        }

        /// <summary>EREVID as read during <see cref="Initialize"/> (0x06 = silicon rev. B7).</summary>
        public int Revision
        {
            get { return _revision; }
        }

        /// <summary>The interrupt line given to the constructor (informational: see the constructor).</summary>
        public IGpioPin InterruptPin
        {
            get { return _interrupt; }
        }

        /// <summary>Receive multicast frames too (ERXFCON.MCEN). Applied at once when the chip is ready.</summary>
        public bool AcceptMulticast
        {
            get
            {
                return _acceptMulticast;
            }

            set
            {
                _acceptMulticast = value;
                if (_ready)
                {
                    WriteControl(Enc28j60Register.Erxfcon, FilterValue());
                }
            }
        }

        /// <summary>
        /// Receives frames for <paramref name="mac"/> (a multicast address, e.g. 01:00:5e:00:00:fb for mDNS) through the hash
        /// table filter (§8.2.3: bits 28..23 of the destination's CRC-32 pick one of 64 bits, so other addresses that share
        /// the bit pass too, and the stack's own filter sorts them). Applied at once when the chip is ready.
        /// </summary>
        public void AddMulticastAddress(byte[] mac, int offset)
        {
            int bit = HashBit(mac, offset);
            _hashTable[bit >> 3] |= (byte)(1 << (bit & 7));
            _hashUsed = true;
            ApplyHashTable();
        }

        /// <summary>Empties the hash table: no multicast through it any more (<see cref="AcceptMulticast"/> still takes all).</summary>
        public void ClearMulticastAddresses()
        {
            System.Array.Clear(_hashTable, 0, _hashTable.Length);
            _hashUsed = false;
            ApplyHashTable();
        }

        /// <summary>The hash table's bit (0..63) for the address at <paramref name="offset"/>: CRC-32 bits 28..23 (§8.2.3).</summary>
        public static int HashBit(byte[] mac, int offset)
        {
            // IEEE 802.3's CRC-32 over the six bytes, bit by bit (no table: six bytes, rarely).
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < 6; i++)
            {
                crc ^= mac[offset + i];
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            crc = ~crc;
            return (int)((crc >> 23) & 0x3F);
        }

        /// <summary>The hash table as the chip has it (EHT0 first).</summary>
        public byte[] HashTable
        {
            get { return _hashTable; }
        }

        private void ApplyHashTable()
        {
            if (!_ready)
            {
                return;
            }

            for (int i = 0; i < 8; i++)
            {
                WriteControl((ushort)(Enc28j60Register.Eht0 + i), _hashTable[i]);
            }

            WriteControl(Enc28j60Register.Erxfcon, FilterValue());
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

                // PHSTAT2.LSTAT is the live link state (PHSTAT1.LLSTAT latches low).
                return (ReadPhy(Enc28j60PhyRegister.Phstat2) & Enc28j60PhyRegister.Phstat2LinkUp) != 0;
            }
        }

        /// <summary>
        /// Resets the chip and sets up buffers, filters, MAC and PHY for half duplex. False (with
        /// <see cref="InitFailure"/>) when the chip does not answer or does not keep what was written.
        /// </summary>
        public bool Initialize()
        {
            _ready = false;
            if (_reset != null)
            {
                // §2.2/§11: RESET low for at least 400 ns; the oscillator start-up follows.
                _reset.Write(false);
                Thread.Sleep(1);
                _reset.Write(true);
            }

            byte[] command = _write;
            command[0] = Enc28j60Opcode.SoftReset;
            _spi.TransferFullDuplex(command, null, 1);
            _bank = 0;

            // Errata (DS80349, "reset"): after SRC, CLKRDY may still read 1 although the clock restarts; wait 1 ms
            // before trusting it, then poll it anyway.
            Thread.Sleep(1);
            int polls = 0;
            while ((ReadControl(Enc28j60Register.Estat) & Enc28j60Bits.EstatClockReady) == 0)
            {
                if (++polls > ClockReadyPolls)
                {
                    return Fail("ESTAT.CLKRDY never set after reset: no ENC28J60 on the bus, or no clock");
                }
            }

            _revision = ReadControl(Enc28j60Register.Erevid);
            if (_revision == 0x00 || _revision == 0xFF)
            {
                return Fail("EREVID reads 0x00/0xFF: no ENC28J60 on the bus, or SPI wiring/mode wrong");
            }

            // §6.1 receive buffer, §7.1 transmit buffer.
            WriteControl16(Enc28j60Register.Erxstl, ReceiveStart);
            WriteControl16(Enc28j60Register.Erxndl, ReceiveEnd);
            WriteReceiveReadPointer(ReceiveStart);
            WriteControl16(Enc28j60Register.Etxstl, TransmitStart);
            _nextPacket = ReceiveStart;

            // §8 receive filters: our unicast, broadcast, CRC checked; multicast when asked, all or through the hash table.
            for (int i = 0; i < 8; i++)
            {
                WriteControl((ushort)(Enc28j60Register.Eht0 + i), _hashTable[i]);
            }

            WriteControl(Enc28j60Register.Erxfcon, FilterValue());

            // §6.5 MAC initialization, half duplex.
            WriteControl(Enc28j60Register.Macon1, Enc28j60Bits.Macon1ReceiveEnable);
            WriteControl(Enc28j60Register.Macon3,
                (byte)(Enc28j60Bits.Macon3Pad60AndCrc | Enc28j60Bits.Macon3TransmitCrc | Enc28j60Bits.Macon3FrameLengthCheck));
            WriteControl(Enc28j60Register.Macon4, Enc28j60Bits.Macon4Defer);
            WriteControl16(Enc28j60Register.Mamxfll, MaxFrameWithCrcBytes);
            WriteControl(Enc28j60Register.Mabbipg, 0x12);
            WriteControl(Enc28j60Register.Maipgl, 0x12);
            WriteControl(Enc28j60Register.Maipgh, 0x0C);
            WriteControl(Enc28j60Register.Maadr1, _mac[0]);
            WriteControl(Enc28j60Register.Maadr2, _mac[1]);
            WriteControl(Enc28j60Register.Maadr3, _mac[2]);
            WriteControl(Enc28j60Register.Maadr4, _mac[3]);
            WriteControl(Enc28j60Register.Maadr5, _mac[4]);
            WriteControl(Enc28j60Register.Maadr6, _mac[5]);
            if (ReadControl(Enc28j60Register.Maadr1) != _mac[0] || ReadControl(Enc28j60Register.Maadr6) != _mac[5])
            {
                return Fail("MAADR read back differs from the MAC address written");
            }

            // §6.6 PHY: half duplex (PDPXMD = 0, matching MACON3.FULDPX = 0), no loopback of our own frames.
            if (!WritePhy(Enc28j60PhyRegister.Phcon1, 0x0000)
                || !WritePhy(Enc28j60PhyRegister.Phcon2, Enc28j60PhyRegister.Phcon2HalfDuplexLoopbackDisable))
            {
                return Fail("MISTAT.BUSY never cleared: PHY writes do not complete");
            }

            BitClear(Enc28j60Register.Eir, 0xFF);
            BitSet(Enc28j60Register.Econ2, Enc28j60Bits.Econ2AutoIncrement);

            // INT is still driven for receive errors and link changes, for whoever watches it.
            WriteControl(Enc28j60Register.Eie, (byte)(Enc28j60Bits.EieInterruptEnable | Enc28j60Bits.EirReceiveError));
            BitSet(Enc28j60Register.Econ1, Enc28j60Bits.Econ1ReceiveEnable);

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

            // Errata (DS80349, "transmit logic"): after an aborted transmission TXRTS may stay set forever.
            if ((ReadControl(Enc28j60Register.Econ1) & Enc28j60Bits.Econ1TransmitRequest) != 0)
            {
                ResetTransmitLogic();
            }

            // §7.1: per-packet control byte (0x00: use MACON3's padding and CRC), then the frame; ETXND = last byte.
            WriteControl16(Enc28j60Register.Ewrptl, TransmitStart);
            _write[0] = Enc28j60Opcode.WriteBufferMemory;
            _write[1] = 0x00;
            System.Array.Copy(frame, offset, _write, 2, length);
            _spi.TransferFullDuplex(_write, null, 2 + length);
            WriteControl16(Enc28j60Register.Etxndl, TransmitStart + length);

            for (int attempt = 0; attempt <= LateCollisionRetries; attempt++)
            {
                BitClear(Enc28j60Register.Eir, (byte)(Enc28j60Bits.EirTransmit | Enc28j60Bits.EirTransmitError));
                BitSet(Enc28j60Register.Econ1, Enc28j60Bits.Econ1TransmitRequest);

                int polls = 0;
                while ((ReadControl(Enc28j60Register.Econ1) & Enc28j60Bits.Econ1TransmitRequest) != 0)
                {
                    if (++polls > TransmitPolls)
                    {
                        // Stuck (errata): reset the transmit logic and drop this frame; the stack retransmits.
                        ResetTransmitLogic();
                        _counters.SendErrors++;
                        return false;
                    }
                }

                if ((ReadControl(Enc28j60Register.Eir) & Enc28j60Bits.EirTransmitError) == 0)
                {
                    _counters.FramesSent++;
                    return true;
                }

                // §7.1 transmit status vector, written just after ETXND.
                ReadBuffer(TransmitStart + length + 1, Enc28j60StatusVector.TransmitStatusBytes);
                bool lateCollision = StatusBit(_read, 1, Enc28j60StatusVector.TransmitLateCollision)
                    || (ReadControl(Enc28j60Register.Estat) & Enc28j60Bits.EstatLateCollision) != 0;
                ResetTransmitLogic();
                if (!lateCollision)
                {
                    break;
                }

                // Errata (DS80349, "late collision"): the frame is not retried by the MAC; retry it ourselves.
                _counters.SendRetries++;
            }

            _counters.SendErrors++;
            return false;
        }

        /// <inheritdoc />
        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            if (!_ready || buffer == null || offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
            {
                return 0;
            }

            // §12.1.2 RXERIF: the buffer was full (or EPKTCNT hit 255) and a frame was lost. The frames already in the
            // buffer are intact, so clearing the flag and draining is the recovery.
            if ((ReadControl(Enc28j60Register.Eir) & Enc28j60Bits.EirReceiveError) != 0)
            {
                _counters.ReceiveOverflows++;
                BitClear(Enc28j60Register.Eir, Enc28j60Bits.EirReceiveError);
            }

            // Errata (DS80349, "PKTIF"): EIR.PKTIF does not reliably report pending packets; EPKTCNT does.
            int pending = ReadControl(Enc28j60Register.Epktcnt);
            if (pending == 0)
            {
                return 0;
            }

            int current = _nextPacket;
            ReadBuffer(current, Enc28j60StatusVector.ReceiveHeaderBytes);

            // §7.2.2: next packet pointer (LE), byte count including the CRC (LE), status bits 16..31.
            int next = _read[1] | (_read[2] << 8);
            int byteCount = _read[3] | (_read[4] << 8);
            int recordBytes = Enc28j60StatusVector.ReceiveHeaderBytes + byteCount;
            recordBytes += recordBytes & 1;
            int distance = next - current;
            if (distance <= 0)
            {
                distance += ReceiveEnd - ReceiveStart + 1;
            }

            // The chip writes records back to back, each starting at an even address (§7.2.2), so the next pointer
            // must be in the RX area, even, and exactly one record further on.
            if (next < ReceiveStart || next > ReceiveEnd || (next & 1) != 0 || byteCount < MinFrameBytes + CrcBytes
                || byteCount > MaxFrameWithCrcBytes || distance != recordBytes)
            {
                _counters.ReceiveGarbage++;
                ResetReceiveLogic();
                return 0;
            }

            int frameBytes = byteCount - CrcBytes;
            int copied = 0;
            if (!StatusBit(_read, ReceiveStatusStart, Enc28j60StatusVector.ReceivedOk) || StatusBit(_read, ReceiveStatusStart, Enc28j60StatusVector.ReceiveCrcError))
            {
                _counters.ReceiveBadStatus++;
            }
            else if (frameBytes > capacity)
            {
                _counters.ReceiveTooLong++;
            }
            else
            {
                // ERDPT wraps from ERXND to ERXST by itself while it is inside the RX area (§3.2.1).
                ReadBufferContinue(frameBytes);
                System.Array.Copy(_read, 1, buffer, offset, frameBytes);
                copied = frameBytes;
                _counters.FramesReceived++;
            }

            FreeReceiveSpace(next);
            return copied;
        }

        // §7.2.4 freeing space: ERXRDPT follows the next packet pointer. Errata (DS80349, "ERXRDPT"): an even ERXRDPT
        // can corrupt the buffer, so write next - 1, which is odd because next is even; wrap to ERXND below ERXST.
        private void FreeReceiveSpace(int next)
        {
            _nextPacket = next;
            WriteReceiveReadPointer(next);
            BitSet(Enc28j60Register.Econ2, Enc28j60Bits.Econ2PacketDecrement);
        }

        private void WriteReceiveReadPointer(int next)
        {
            int pointer = next == ReceiveStart ? ReceiveEnd : next - 1;

            // §6.1: the low byte is buffered until the high byte is written; write low first.
            WriteControl16(Enc28j60Register.Erxrdptl, pointer);
        }

        // The RX records cannot be trusted: reset the receive logic and start again at ERXST (§11.3 RXRST).
        private void ResetReceiveLogic()
        {
            _counters.ReceiveRecoveries++;
            BitClear(Enc28j60Register.Econ1, Enc28j60Bits.Econ1ReceiveEnable);
            BitSet(Enc28j60Register.Econ1, Enc28j60Bits.Econ1RxReset);
            BitClear(Enc28j60Register.Econ1, Enc28j60Bits.Econ1RxReset);
            WriteControl16(Enc28j60Register.Erxstl, ReceiveStart);
            WriteControl16(Enc28j60Register.Erxndl, ReceiveEnd);
            WriteReceiveReadPointer(ReceiveStart);
            _nextPacket = ReceiveStart;
            for (int i = 0; i < 255 && ReadControl(Enc28j60Register.Epktcnt) != 0; i++)
            {
                BitSet(Enc28j60Register.Econ2, Enc28j60Bits.Econ2PacketDecrement);
            }

            BitClear(Enc28j60Register.Eir, (byte)(Enc28j60Bits.EirReceiveError | Enc28j60Bits.EirPacket));
            BitSet(Enc28j60Register.Econ1, Enc28j60Bits.Econ1ReceiveEnable);
        }

        // Errata (DS80349, "transmit logic"): set and clear ECON1.TXRST, then clear EIR.TXERIF.
        private void ResetTransmitLogic()
        {
            _counters.SendLogicResets++;
            BitSet(Enc28j60Register.Econ1, Enc28j60Bits.Econ1TxReset);
            BitClear(Enc28j60Register.Econ1, Enc28j60Bits.Econ1TxReset);
            BitClear(Enc28j60Register.Eir, (byte)(Enc28j60Bits.EirTransmitError | Enc28j60Bits.EirTransmit));
        }

        private byte FilterValue()
        {
            byte filter = (byte)(Enc28j60Bits.FilterUnicast | Enc28j60Bits.FilterCrcCheck | Enc28j60Bits.FilterBroadcast);
            if (_acceptMulticast)
            {
                filter |= Enc28j60Bits.FilterMulticast;
            }

            if (_hashUsed)
            {
                filter |= Enc28j60Bits.FilterHashTable;
            }

            return filter;
        }

        private bool Fail(string reason)
        {
            _initFailure = reason;
            _ready = false;
            return false;
        }

        // Bit n of a little-endian status vector that starts at vector[vectorStart].
        private static bool StatusBit(byte[] vector, int vectorStart, int bit)
        {
            return (vector[vectorStart + (bit >> 3)] & (1 << (bit & 7))) != 0;
        }

        // §3.3.1 reading a PHY register: MIREGADR, MICMD.MIIRD, wait MISTAT.BUSY, clear MIIRD, read MIRD.
        private int ReadPhy(byte register)
        {
            WriteControl(Enc28j60Register.Miregadr, register);
            WriteControl(Enc28j60Register.Micmd, Enc28j60Bits.MicmdRead);
            bool done = WaitPhy();
            WriteControl(Enc28j60Register.Micmd, 0x00);
            if (!done)
            {
                return 0;
            }

            return ReadControl(Enc28j60Register.Mirdl) | (ReadControl(Enc28j60Register.Mirdh) << 8);
        }

        // §3.3.2 writing a PHY register: MIREGADR, MIWRL, MIWRH (starts the write), wait MISTAT.BUSY.
        private bool WritePhy(byte register, int value)
        {
            WriteControl(Enc28j60Register.Miregadr, register);
            WriteControl(Enc28j60Register.Miwrl, (byte)value);
            WriteControl(Enc28j60Register.Miwrh, (byte)(value >> 8));
            return WaitPhy();
        }

        private bool WaitPhy()
        {
            for (int i = 0; i < PhyBusyPolls; i++)
            {
                if ((ReadControl(Enc28j60Register.Mistat) & Enc28j60Bits.MistatBusy) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        // ECON1.BSEL selects the bank; cached so only a change costs SPI transactions (§3.1).
        private void SelectBank(ushort register)
        {
            if ((register & Enc28j60Register.Common) != 0)
            {
                return;
            }

            int bank = Enc28j60Register.Bank(register);
            if (bank == _bank)
            {
                return;
            }

            BitClear(Enc28j60Register.Econ1, Enc28j60Bits.Econ1BankSelect);
            if (bank != 0)
            {
                BitSet(Enc28j60Register.Econ1, (byte)bank);
            }

            _bank = bank;
        }

        private byte ReadControl(ushort register)
        {
            SelectBank(register);

            // §4.2.1: MAC and MII registers shift out a dummy byte before the value.
            int length = (register & Enc28j60Register.MacOrMii) != 0 ? 3 : 2;
            _write[0] = (byte)(Enc28j60Opcode.ReadControlRegister | Enc28j60Register.Address(register));
            _write[1] = 0;
            _write[2] = 0;
            _spi.TransferFullDuplex(_write, _read, length);
            return _read[length - 1];
        }

        private void WriteControl(ushort register, byte value)
        {
            SelectBank(register);
            _write[0] = (byte)(Enc28j60Opcode.WriteControlRegister | Enc28j60Register.Address(register));
            _write[1] = value;
            _spi.TransferFullDuplex(_write, null, 2);
        }

        // Low byte first, then high (the register after it): ERXRDPT takes effect on the high write (§6.1).
        private void WriteControl16(ushort lowRegister, int value)
        {
            WriteControl(lowRegister, (byte)value);
            WriteControl((ushort)(lowRegister + 1), (byte)(value >> 8));
        }

        private void BitSet(ushort register, byte mask)
        {
            SelectBank(register);
            _write[0] = (byte)(Enc28j60Opcode.BitFieldSet | Enc28j60Register.Address(register));
            _write[1] = mask;
            _spi.TransferFullDuplex(_write, null, 2);
        }

        private void BitClear(ushort register, byte mask)
        {
            SelectBank(register);
            _write[0] = (byte)(Enc28j60Opcode.BitFieldClear | Enc28j60Register.Address(register));
            _write[1] = mask;
            _spi.TransferFullDuplex(_write, null, 2);
        }

        // Reads length bytes of buffer memory from address into _read[1..].
        private void ReadBuffer(int address, int length)
        {
            WriteControl16(Enc28j60Register.Erdptl, address);
            ReadBufferContinue(length);
        }

        private void ReadBufferContinue(int length)
        {
            _write[0] = Enc28j60Opcode.ReadBufferMemory;
            System.Array.Clear(_write, 1, length);
            _spi.TransferFullDuplex(_write, _read, 1 + length);
        }
    }
}
