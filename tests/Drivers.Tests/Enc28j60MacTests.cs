using System;
using Firmware.ChipEmulators;
using Firmware.Drivers.Enc28j60;
using Xunit;

namespace Firmware.Drivers.Tests
{
    public class Enc28j60MacTests
    {
        private readonly Enc28j60Emulator _chip = new Enc28j60Emulator();
        private readonly byte[] _buffer = new byte[1600];
        private readonly byte[] _wire = new byte[1600];

        private Enc28j60Mac Start(bool withReset = true)
        {
            var mac = new Enc28j60Mac(_chip, _chip.InterruptPin, withReset ? _chip.ResetPin : null, TestFrames.DeviceMac);
            Assert.True(mac.Initialize(), mac.InitFailure);
            return mac;
        }

        [Fact]
        public void Initialize_BuffersFiltersMacPhy_AsTheDatasheetAsks()
        {
            Enc28j60Mac mac = Start();

            Assert.Null(mac.InitFailure);
            Assert.Equal(0x06, mac.Revision);
            Assert.Equal(2, _chip.Resets); // RESET pin, then SRC
            Assert.Equal(0x0000, _chip.PeekPointer(0x08));   // ERXST
            Assert.Equal(0x19FF, _chip.PeekPointer(0x0A));   // ERXND
            Assert.Equal(0x19FF, _chip.PeekPointer(0x0C));   // ERXRDPT odd (errata)
            Assert.Equal(0x1A00, _chip.PeekPointer(0x04));   // ETXST
            Assert.Equal(0xA1, _chip.PeekRegister(1, 0x18)); // ERXFCON = UCEN | CRCEN | BCEN
            Assert.Equal(0x01, _chip.PeekRegister(2, 0x00)); // MACON1 = MARXEN
            Assert.Equal(0x32, _chip.PeekRegister(2, 0x02)); // MACON3 = PADCFG0 | TXCRCEN | FRMLNEN
            Assert.Equal(0x40, _chip.PeekRegister(2, 0x03)); // MACON4 = DEFER
            Assert.Equal(0x12, _chip.PeekRegister(2, 0x04)); // MABBIPG half duplex
            Assert.Equal(0x12, _chip.PeekRegister(2, 0x06)); // MAIPGL
            Assert.Equal(0x0C, _chip.PeekRegister(2, 0x07)); // MAIPGH
            Assert.Equal(1518, _chip.PeekRegister(2, 0x0A) | (_chip.PeekRegister(2, 0x0B) << 8));
            Assert.Equal(TestFrames.DeviceMac[0], _chip.PeekRegister(3, 0x04)); // MAADR1
            Assert.Equal(TestFrames.DeviceMac[5], _chip.PeekRegister(3, 0x01)); // MAADR6
            Assert.Equal(0x0000, _chip.PeekPhy(0x00)); // PHCON1: half duplex
            Assert.Equal(0x0100, _chip.PeekPhy(0x10)); // PHCON2.HDLDIS
            Assert.Equal(0x04, _chip.PeekRegister(0, 0x1F) & 0x04); // ECON1.RXEN
            Assert.Equal(0, _chip.EvenReceiveReadPointerWrites);
            Assert.True(mac.IsLinkUp);
        }

        [Fact]
        public void Initialize_NoChipOnTheBus_FalseWithReason()
        {
            var zero = new Enc28j60Mac(new DeadSpiBus(0x00), null, null, TestFrames.DeviceMac);
            var floating = new Enc28j60Mac(new DeadSpiBus(0xFF), null, null, TestFrames.DeviceMac);

            Assert.False(zero.Initialize());
            Assert.Contains("CLKRDY", zero.InitFailure);
            Assert.False(floating.Initialize());
            Assert.Contains("EREVID", floating.InitFailure);
            Assert.Equal(0, zero.TryReceive(_buffer, 0, _buffer.Length));
            Assert.False(zero.IsLinkUp);
        }

        [Fact]
        public void Receive_FrameForUs_CopiedWithoutHeaderOrCrc()
        {
            Enc28j60Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 100, 7);

            Assert.True(_chip.NetworkSide.TrySend(frame, 0, 100));

            TestFrames.AssertSame(frame, 100, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0, _chip.PeekRegister(1, 0x19)); // EPKTCNT decremented
        }

        [Fact]
        public void Receive_ShortFrameOnTheWire_ArrivesPaddedTo60()
        {
            Enc28j60Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 42, 7);

            Assert.True(_chip.NetworkSide.TrySend(frame, 0, 42));

            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            for (int i = 0; i < 42; i++)
            {
                Assert.Equal(frame[i], _buffer[i]);
            }
        }

        [Fact]
        public void Receive_FilterDropsOtherUnicast_MulticastOnlyWhenEnabled()
        {
            Enc28j60Mac mac = Start();
            byte[] multicast = TestFrames.Make(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 }, 60, 1);

            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.OtherMac, 60, 1), 0, 60));
            Assert.False(_chip.NetworkSide.TrySend(multicast, 0, 60));
            mac.AcceptMulticast = true;
            Assert.Equal(0xA3, _chip.PeekRegister(1, 0x18));
            Assert.True(_chip.NetworkSide.TrySend(multicast, 0, 60));
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.Broadcast, 60, 2), 0, 60));

            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0x01, _buffer[0]);
            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0xFF, _buffer[0]);
        }

        [Theory]
        // Bits 28..23 of the CRC-32 (as zlib.crc32 computes it) of each address, worked out apart from the driver.
        [InlineData(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, 54)]
        [InlineData(new byte[] { 0x01, 0x00, 0x5E, 0x01, 0x02, 0x03 }, 55)]
        [InlineData(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 }, 12)]
        public void HashBit_Crc32Bits28To23(byte[] address, int bit)
        {
            Assert.Equal(bit, Enc28j60Mac.HashBit(address, 0));
        }

        [Fact]
        public void Receive_HashTableFilter_TheJoinedGroupsMacPasses_AnotherBitsDoesNot_ClearedBlocksAgain()
        {
            Enc28j60Mac mac = Start();
            byte[] mdnsMac = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            byte[] otherGroupMac = { 0x01, 0x00, 0x5E, 0x01, 0x02, 0x03 };  // bit 55, not 54
            byte[] mdns = TestFrames.Make(mdnsMac, 60, 1);

            Assert.False(_chip.NetworkSide.TrySend(mdns, 0, 60));
            mac.AddMulticastAddress(mdnsMac, 0);
            Assert.Equal(0xA5, _chip.PeekRegister(1, 0x18));           // ERXFCON: UCEN | CRCEN | HTEN | BCEN
            Assert.Equal(1 << (54 - 48), _chip.PeekRegister(1, 0x06));  // EHT6 holds bits 48..55
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(i == 6 ? 0x40 : 0, _chip.PeekRegister(1, i));
                Assert.Equal(mac.HashTable[i], _chip.PeekRegister(1, i));
            }

            Assert.True(_chip.NetworkSide.TrySend(mdns, 0, 60));
            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(otherGroupMac, 60, 2), 0, 60));
            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0xFB, _buffer[5]);
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));

            mac.ClearMulticastAddresses();
            Assert.Equal(0xA1, _chip.PeekRegister(1, 0x18));
            Assert.False(_chip.NetworkSide.TrySend(mdns, 0, 60));
        }

        [Fact]
        public void Initialize_HashTableSetBefore_WrittenWithTheFilters()
        {
            var mac = new Enc28j60Mac(_chip, _chip.InterruptPin, _chip.ResetPin, TestFrames.DeviceMac);
            mac.AddMulticastAddress(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 }, 0);
            Assert.True(mac.Initialize(), mac.InitFailure);
            Assert.Equal(1 << (12 - 8), _chip.PeekRegister(1, 0x01));  // EHT1 holds bits 8..15
            Assert.Equal(0xA5, _chip.PeekRegister(1, 0x18));
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 }, 60, 1), 0, 60));
        }

        [Fact]
        public void Receive_RecordsStraddleErxnd_AllIntactReadPointerAlwaysOdd()
        {
            Enc28j60Mac mac = Start();
            int straddling = 0;
            for (int n = 0; n < 150; n++)
            {
                int length = 60 + (n * 97) % 1455;
                byte[] frame = TestFrames.Make(TestFrames.DeviceMac, length, n);
                int start = _chip.PeekPointer(0x0E); // ERXWRPT: where this record will go
                int recordEnd = start + 6 + length + 4;
                if (recordEnd > 0x19FF + 1)
                {
                    straddling++;
                }

                Assert.True(_chip.NetworkSide.TrySend(frame, 0, length));
                TestFrames.AssertSame(frame, length, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
            }

            Assert.True(straddling >= 5, "records straddling ERXND: " + straddling);
            Assert.Equal(0, _chip.EvenReceiveReadPointerWrites);
            Assert.Equal(0, _chip.RecordsCorruptedByErrata);
            Assert.Equal(0, mac.Counters.ReceiveGarbage);
            Assert.Equal(1, _chip.PeekPointer(0x0C) & 1);
        }

        [Fact]
        public void Receive_PktifUnreliable_EpktcntStillFindsEveryPacket()
        {
            Enc28j60Mac mac = Start();
            for (int n = 0; n < 3; n++)
            {
                Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 100, n), 0, 100));
            }

            Assert.Equal(100, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0, _chip.PeekRegister(0, 0x1C) & 0x40); // PKTIF already gone (errata)...
            Assert.Equal(2, _chip.PeekRegister(1, 0x19));         // ...while two packets wait
            Assert.Equal(100, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(100, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Fact]
        public void Receive_BankSelectCached_IdlePollsDoNotSwitchBanks()
        {
            Enc28j60Mac mac = Start();
            mac.TryReceive(_buffer, 0, _buffer.Length);
            int switches = _chip.BankSwitches;

            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            }

            Assert.Equal(switches, _chip.BankSwitches);
        }

        [Fact]
        public void Receive_BufferFull_RxerifCountedStoredFramesIntactThenContinues()
        {
            Enc28j60Mac mac = Start();
            int accepted = 0;
            for (int n = 0; n < 10; n++)
            {
                if (_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 1514, n), 0, 1514))
                {
                    accepted++;
                }
            }

            Assert.Equal(4, accepted); // 6656-byte RX area, 1524-byte records
            Assert.Equal(10 - accepted, _chip.RxOverflowDrops);
            Assert.Equal(0x01, _chip.PeekRegister(0, 0x1C) & 0x01); // EIR.RXERIF
            for (int n = 0; n < accepted; n++)
            {
                TestFrames.AssertSame(TestFrames.Make(TestFrames.DeviceMac, 1514, n), 1514, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
            }

            Assert.Equal(1, mac.Counters.ReceiveOverflows);
            Assert.Equal(0, _chip.PeekRegister(0, 0x1C) & 0x01);
            byte[] after = TestFrames.Make(TestFrames.DeviceMac, 300, 42);
            Assert.True(_chip.NetworkSide.TrySend(after, 0, 300));
            TestFrames.AssertSame(after, 300, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Fact]
        public void Receive_ForcedOverflow_FlagClearedAndCounted()
        {
            Enc28j60Mac mac = Start();
            _chip.ForceRxOverflow = true;
            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 100, 1), 0, 100));
            Assert.False(_chip.Interrupt.Level); // RXERIE | INTIE: INT asserted

            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(1, mac.Counters.ReceiveOverflows);
            Assert.True(_chip.Interrupt.Level);
            _chip.ForceRxOverflow = false;
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 100, 2), 0, 100));
            Assert.Equal(100, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Theory]
        [InlineData((ushort)0x1FFF, (ushort)100)] // next pointer outside the RX area
        [InlineData((ushort)0x0071, (ushort)104)] // odd next pointer
        [InlineData((ushort)0x0500, (ushort)104)] // next pointer not one record further
        [InlineData((ushort)0x0070, (ushort)3)]   // byte count too small
        [InlineData((ushort)0x0070, (ushort)0xFFFF)] // byte count too large
        public void Receive_GarbageHeader_RejectedCountedReceiveLogicReset(ushort next, ushort byteCount)
        {
            Enc28j60Mac mac = Start();
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 100, 1), 0, 100));
            _chip.CorruptPendingHeader(next, byteCount);

            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(1, mac.Counters.ReceiveGarbage);
            Assert.Equal(1, mac.Counters.ReceiveRecoveries);
            Assert.Equal(1, _chip.ReceiveLogicResets);

            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 64, 2);
            Assert.True(_chip.NetworkSide.TrySend(frame, 0, 64));
            TestFrames.AssertSame(frame, 64, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Fact]
        public void Receive_FrameLargerThanCapacity_DroppedNextOneFine()
        {
            Enc28j60Mac mac = Start();
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 1000, 1), 0, 1000));
            byte[] small = TestFrames.Make(TestFrames.DeviceMac, 80, 2);
            Assert.True(_chip.NetworkSide.TrySend(small, 0, 80));

            Assert.Equal(0, mac.TryReceive(_buffer, 0, 500));
            Assert.Equal(1, mac.Counters.ReceiveTooLong);
            TestFrames.AssertSame(small, 80, _buffer, mac.TryReceive(_buffer, 0, 500));
        }

        [Theory]
        [InlineData(60)]
        [InlineData(1514)]
        public void Send_SmallestAndLargestFrame_OnTheWireUnchanged(int length)
        {
            Enc28j60Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.PeerMac, length, 5);

            Assert.True(mac.TrySend(frame, 0, length));

            TestFrames.AssertSame(frame, length, _wire, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
            Assert.Equal(0x1A00 + length, _chip.PeekPointer(0x06)); // ETXND = last byte
            Assert.Equal(1, mac.Counters.FramesSent);
        }

        [Fact]
        public void Send_ShortFrame_ChipPadsTo60()
        {
            Enc28j60Mac mac = Start();
            Assert.True(mac.TrySend(TestFrames.Make(TestFrames.PeerMac, 42, 5), 0, 42));

            Assert.Equal(60, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
        }

        [Fact]
        public void Send_LateCollisionThenStalledLogic_ResetAndRetriedSentOnce()
        {
            Enc28j60Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.PeerMac, 200, 5);
            _chip.InjectLateCollisions(2);

            Assert.True(mac.TrySend(frame, 0, 200));

            Assert.Equal(2, _chip.TransmitAborts);
            Assert.Equal(2, mac.Counters.SendRetries);
            Assert.True(_chip.TransmitLogicResets >= 2);
            Assert.Equal(0, _chip.StalledTransmitRequests); // TXRST always came before the next TXRTS
            Assert.Equal(1, _chip.FramesTransmitted);
            TestFrames.AssertSame(frame, 200, _wire, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
        }

        [Fact]
        public void Send_EndlessLateCollisions_GivesUpCountedNextFrameGoesOut()
        {
            Enc28j60Mac mac = Start();
            _chip.InjectLateCollisions(1000);

            Assert.False(mac.TrySend(TestFrames.Make(TestFrames.PeerMac, 200, 5), 0, 200));
            Assert.Equal(1, mac.Counters.SendErrors);

            _chip.InjectLateCollisions(0);
            Assert.True(mac.TrySend(TestFrames.Make(TestFrames.PeerMac, 200, 6), 0, 200));
            Assert.Equal(200, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
        }

        [Fact]
        public void Send_TransmitLogicStalledByAnEarlierAbort_DriverResetsItAndSends()
        {
            Enc28j60Mac mac = Start();

            byte[] frame = TestFrames.Make(TestFrames.PeerMac, 100, 9);
            Assert.True(mac.TrySend(frame, 0, 100)); // leaves ETXST/ETXND describing a frame
            Assert.Equal(100, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));

            // A retransmission of it aborted (late collision), and the next request stalled (errata): TXRTS stuck.
            _chip.InjectLateCollisions(1);
            _chip.TransferFullDuplex(new byte[] { 0x80 | 0x1F, 0x08 }, null, 2); // BFS ECON1.TXRTS: aborts
            _chip.TransferFullDuplex(new byte[] { 0x80 | 0x1F, 0x08 }, null, 2); // BFS ECON1.TXRTS: stalls
            Assert.Equal(1, _chip.StalledTransmitRequests);
            Assert.Equal(0x08, _chip.PeekRegister(0, 0x1F) & 0x08);
            int resets = _chip.TransmitLogicResets;

            Assert.True(mac.TrySend(frame, 0, 100));

            Assert.Equal(resets + 1, _chip.TransmitLogicResets);
            Assert.Equal(1, mac.Counters.SendLogicResets);
            TestFrames.AssertSame(frame, 100, _wire, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(13)]
        [InlineData(1515)]
        public void Send_ImpossibleLength_RejectedCounted(int length)
        {
            Enc28j60Mac mac = Start();

            Assert.False(mac.TrySend(new byte[2000], 0, length));
            Assert.Equal(1, mac.Counters.SendRejected);
            Assert.Equal(0, _chip.FramesTransmitted);
        }

        [Fact]
        public void Link_DownThenUp_ReportedFromPhstat2()
        {
            Enc28j60Mac mac = Start();

            _chip.LinkUp = false;
            Assert.False(mac.IsLinkUp);
            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 60, 1), 0, 60));
            _chip.LinkUp = true;
            Assert.True(mac.IsLinkUp);
            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 60, 2);
            Assert.True(_chip.NetworkSide.TrySend(frame, 0, 60));
            TestFrames.AssertSame(frame, 60, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Fact]
        public void Emulator_EvenReadPointer_CorruptsTheNextRecord()
        {
            // The errata the driver avoids, shown on the model: write ERXRDPT = 0x0100 (even), then receive.
            Enc28j60Mac mac = Start();
            _chip.TransferFullDuplex(new byte[] { 0xA0 | 0x1F, 0x03 }, null, 2); // BFC ECON1 BSEL: bank 0
            _chip.TransferFullDuplex(new byte[] { 0x40 | 0x0C, 0x00 }, null, 2); // ERXRDPTL
            _chip.TransferFullDuplex(new byte[] { 0x40 | 0x0D, 0x01 }, null, 2); // ERXRDPTH

            _chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 100, 1), 0, 100);

            Assert.Equal(1, _chip.EvenReceiveReadPointerWrites);
            Assert.Equal(1, _chip.RecordsCorruptedByErrata);
            GC.KeepAlive(mac);
        }

        [Fact]
        public void SteadyState_SendAndReceive_AllocatesNothing()
        {
            Enc28j60Mac mac = Start();
            byte[] inbound = TestFrames.Make(TestFrames.DeviceMac, 1000, 1);
            byte[] outbound = TestFrames.Make(TestFrames.PeerMac, 1000, 2);
            for (int i = 0; i < 50; i++)
            {
                Cycle(mac, inbound, outbound);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                Cycle(mac, inbound, outbound);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(550, mac.Counters.FramesReceived);
            Assert.Equal(550, mac.Counters.FramesSent);
        }

        private void Cycle(Enc28j60Mac mac, byte[] inbound, byte[] outbound)
        {
            _chip.NetworkSide.TrySend(inbound, 0, inbound.Length);
            mac.TryReceive(_buffer, 0, _buffer.Length);
            mac.TrySend(outbound, 0, outbound.Length);
            _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length);
            Assert.True(mac.IsLinkUp);
        }
    }
}
