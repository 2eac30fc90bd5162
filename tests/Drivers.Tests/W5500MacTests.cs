using System;
using Firmware.ChipEmulators;
using Firmware.Drivers.W5500;
using Xunit;

namespace Firmware.Drivers.Tests
{
    public class W5500MacTests
    {
        private readonly W5500Emulator _chip = new W5500Emulator();
        private readonly byte[] _buffer = new byte[1600];
        private readonly byte[] _wire = new byte[1600];

        private W5500Mac Start(bool withInterrupt = true, bool withReset = true)
        {
            var mac = new W5500Mac(_chip, withInterrupt ? _chip.InterruptPin : null, withReset ? _chip.ResetPin : null, TestFrames.DeviceMac);
            Assert.True(mac.Initialize(), mac.InitFailure);
            return mac;
        }

        [Fact]
        public void Initialize_ResetPinThenVersionShar16KbMacRawWithFilter_SocketStatusMacRaw()
        {
            W5500Mac mac = Start();

            Assert.Null(mac.InitFailure);
            Assert.True(mac.IsReady);
            Assert.Equal(2, _chip.HardResets); // RSTn pulse, then MR.RST
            Assert.Equal(1, _chip.SoftResets);
            for (int i = 0; i < 6; i++)
            {
                Assert.Equal(TestFrames.DeviceMac[i], _chip.PeekCommon(0x09 + i));
            }

            Assert.Equal(16, _chip.PeekSocket(0, 0x1E));
            Assert.Equal(16, _chip.PeekSocket(0, 0x1F));
            for (int socket = 1; socket < 8; socket++)
            {
                Assert.Equal(0, _chip.PeekSocket(socket, 0x1E));
                Assert.Equal(0, _chip.PeekSocket(socket, 0x1F));
            }

            Assert.Equal(0xA4, _chip.PeekSocket(0, 0x00)); // MFEN | MMB | MACRAW: multicast blocked until asked for
            Assert.Equal(0x42, _chip.PeekSocket(0, 0x03)); // SOCK_MACRAW
            Assert.Equal(0x04, _chip.PeekSocket(0, 0x2C)); // Sn_IMR = RECV
            Assert.Equal(0x01, _chip.PeekCommon(0x18));     // SIMR: socket 0
            Assert.Equal(1, _chip.Socket0Opens);
            Assert.True(_chip.Interrupt.Level); // nothing pending: INTn high
            Assert.True(mac.IsLinkUp);
        }

        [Fact]
        public void Initialize_NoChipOnTheBus_FalseWithVersionReason()
        {
            var mac = new W5500Mac(new DeadSpiBus(0x00), null, null, TestFrames.DeviceMac);

            Assert.False(mac.Initialize());
            Assert.Contains("VERSIONR", mac.InitFailure);
            Assert.False(mac.IsReady);
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.False(mac.TrySend(TestFrames.Make(TestFrames.PeerMac, 60, 1), 0, 60));
        }

        [Fact]
        public void Initialize_FloatingMiso_FalseNotHang()
        {
            var mac = new W5500Mac(new DeadSpiBus(0xFF), null, null, TestFrames.DeviceMac);

            Assert.False(mac.Initialize());
            Assert.NotNull(mac.InitFailure);
        }

        [Fact]
        public void Receive_FrameForUs_CopiedWithoutLengthHeader()
        {
            W5500Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 100, 7);

            Assert.True(_chip.NetworkSide.TrySend(frame, 0, frame.Length));
            Assert.False(_chip.Interrupt.Level); // INTn asserted for RECV

            int length = mac.TryReceive(_buffer, 10, 1500);
            Array.Copy(_buffer, 10, _buffer, 0, length);
            TestFrames.AssertSame(frame, 100, _buffer, length);
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.True(_chip.Interrupt.Level);
            Assert.Equal(1, mac.Counters.FramesReceived);
        }

        [Fact]
        public void Receive_MacFilter_OtherUnicastDroppedBroadcastKept()
        {
            W5500Mac mac = Start();

            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.OtherMac, 60, 1), 0, 60));
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.Broadcast, 60, 2), 0, 60));

            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0xFF, _buffer[0]);
            Assert.Equal(1, _chip.RxFilteredDrops);
        }

        [Fact]
        public void Receive_MulticastBlockedByMmb_UntilAccepted_ThenBlockedAgain()
        {
            W5500Mac mac = Start();
            byte[] mdns = TestFrames.Make(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, 60, 1);

            Assert.False(_chip.NetworkSide.TrySend(mdns, 0, 60));
            Assert.Equal(1, _chip.RxFilteredDrops);
            mac.AcceptMulticast = true;
            Assert.True(mac.IsReady);
            Assert.Equal(0x84, _chip.PeekSocket(0, 0x00)); // MFEN | MACRAW: MMB cleared (socket 0 reopened)
            Assert.Equal(0x42, _chip.PeekSocket(0, 0x03));
            Assert.True(_chip.NetworkSide.TrySend(mdns, 0, 60));
            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(0xFB, _buffer[5]);
            // The W5500 has no per-group filter: every multicast passes now (the stack sorts them).
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(new byte[] { 0x01, 0x00, 0x5E, 0x7F, 0x00, 0x01 }, 60, 2), 0, 60));
            Assert.Equal(60, mac.TryReceive(_buffer, 0, _buffer.Length));
            mac.AcceptMulticast = false;
            Assert.Equal(0xA4, _chip.PeekSocket(0, 0x00));
            Assert.False(_chip.NetworkSide.TrySend(mdns, 0, 60));
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.Broadcast, 60, 3), 0, 60));
        }

        [Fact]
        public void Receive_FramesStraddleBufferEndAndPointersPass0xFFFF_AllIntact()
        {
            W5500Mac mac = Start();
            int straddling = 0;
            int pointerWraps = 0;
            int previous = 0;
            for (int n = 0; n < 120; n++)
            {
                int length = 60 + (n * 97) % 1455;
                byte[] frame = TestFrames.Make(TestFrames.DeviceMac, length, n);
                int readPointer = (_chip.PeekSocket(0, 0x28) << 8) | _chip.PeekSocket(0, 0x29);
                if (readPointer < previous)
                {
                    pointerWraps++;
                }

                previous = readPointer;
                if ((readPointer & 0x3FFF) + 2 + length > 0x4000)
                {
                    straddling++;
                }

                Assert.True(_chip.NetworkSide.TrySend(frame, 0, length));
                int got = mac.TryReceive(_buffer, 0, _buffer.Length);
                TestFrames.AssertSame(frame, length, _buffer, got);
            }

            Assert.True(straddling >= 3, "frames straddling the 16 KB end: " + straddling);
            Assert.True(pointerWraps >= 1, "Sn_RX_RD never passed 0xFFFF");
            Assert.Equal(0, mac.Counters.ReceiveGarbage);
        }

        [Fact]
        public void Receive_BufferFull_ChipDropsThenDriverDrainsAllStoredAndContinues()
        {
            W5500Mac mac = Start();
            int accepted = 0;
            for (int n = 0; n < 20; n++)
            {
                if (_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 1514, n), 0, 1514))
                {
                    accepted++;
                }
            }

            Assert.Equal(16384 / 1516, accepted);
            Assert.Equal(20 - accepted, _chip.RxOverflowDrops);
            for (int n = 0; n < accepted; n++)
            {
                byte[] expected = TestFrames.Make(TestFrames.DeviceMac, 1514, n);
                TestFrames.AssertSame(expected, 1514, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
            }

            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            byte[] after = TestFrames.Make(TestFrames.DeviceMac, 200, 99);
            Assert.True(_chip.NetworkSide.TrySend(after, 0, 200));
            TestFrames.AssertSame(after, 200, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Fact]
        public void Receive_ForcedOverflow_FramesLostNothingBreaks()
        {
            W5500Mac mac = Start();
            _chip.ForceRxOverflow = true;
            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 300, 1), 0, 300));
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            _chip.ForceRxOverflow = false;

            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 300, 2);
            Assert.True(_chip.NetworkSide.TrySend(frame, 0, 300));
            TestFrames.AssertSame(frame, 300, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(1, _chip.RxOverflowDrops);
        }

        [Fact]
        public void Receive_FrameLargerThanCapacity_DroppedNotTruncatedNextOneFine()
        {
            W5500Mac mac = Start();
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 1000, 1), 0, 1000));
            byte[] small = TestFrames.Make(TestFrames.DeviceMac, 80, 2);
            Assert.True(_chip.NetworkSide.TrySend(small, 0, 80));

            Assert.Equal(0, mac.TryReceive(_buffer, 0, 500));
            Assert.Equal(1, mac.Counters.ReceiveTooLong);
            TestFrames.AssertSame(small, 80, _buffer, mac.TryReceive(_buffer, 0, 500));
        }

        [Theory]
        [InlineData((ushort)0x0000)]
        [InlineData((ushort)0x0001)]
        [InlineData((ushort)0x000F)]
        [InlineData((ushort)0x0FFF)]
        [InlineData((ushort)0xFFFF)]
        public void Receive_GarbageRecordLength_RejectedCountedSocketReopened(ushort garbage)
        {
            W5500Mac mac = Start();
            Assert.True(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 100, 1), 0, 100));
            _chip.CorruptPendingRecordLength(garbage);

            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(1, mac.Counters.ReceiveGarbage);
            Assert.Equal(1, mac.Counters.ReceiveRecoveries);
            Assert.Equal(2, _chip.Socket0Opens);
            Assert.True(mac.IsReady);

            byte[] next = TestFrames.Make(TestFrames.DeviceMac, 64, 2);
            Assert.True(_chip.NetworkSide.TrySend(next, 0, 64));
            TestFrames.AssertSame(next, 64, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Fact]
        public void Receive_ImpossibleReceivedSize_RejectedAndRecovered()
        {
            W5500Mac mac = Start(withInterrupt: false);
            _chip.GlitchReceivedSize(0xFFFF);

            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            Assert.Equal(1, mac.Counters.ReceiveGarbage);
            Assert.Equal(2, _chip.Socket0Opens);
        }

        [Fact]
        public void Receive_WithInterruptPinHigh_NoSpiTraffic()
        {
            W5500Mac mac = Start();
            Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length)); // settles "nothing more pending"
            long before = _chip.Transactions;

            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(0, mac.TryReceive(_buffer, 0, _buffer.Length));
            }

            Assert.Equal(before, _chip.Transactions);
        }

        [Fact]
        public void Receive_WithoutInterruptPin_PollsAndReceives()
        {
            W5500Mac mac = Start(withInterrupt: false);
            byte[] frame = TestFrames.Make(TestFrames.DeviceMac, 70, 3);
            Assert.True(_chip.NetworkSide.TrySend(frame, 0, 70));

            TestFrames.AssertSame(frame, 70, _buffer, mac.TryReceive(_buffer, 0, _buffer.Length));
        }

        [Theory]
        [InlineData(60)]
        [InlineData(1514)]
        public void Send_SmallestAndLargestFrame_OnTheWireUnchanged(int length)
        {
            W5500Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.PeerMac, length, 5);

            Assert.True(mac.TrySend(frame, 0, length));

            TestFrames.AssertSame(frame, length, _wire, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
            Assert.Equal(1, mac.Counters.FramesSent);
        }

        [Fact]
        public void Send_ShortFrame_PaddedTo60WithZeros()
        {
            W5500Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.PeerMac, 42, 5);

            Assert.True(mac.TrySend(frame, 0, 42));

            Assert.Equal(60, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
            for (int i = 42; i < 60; i++)
            {
                Assert.Equal(0, _wire[i]);
            }
        }

        [Fact]
        public void Send_ManyFrames_TxPointerWrapsFramesIntact()
        {
            W5500Mac mac = Start();
            for (int n = 0; n < 100; n++)
            {
                int length = 60 + (n * 131) % 1455;
                byte[] frame = TestFrames.Make(TestFrames.PeerMac, length, n);
                Assert.True(mac.TrySend(frame, 3, length - 3));
                Assert.True(mac.TrySend(frame, 0, length));
                int shifted = _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length);
                Assert.Equal(Math.Max(60, length - 3), shifted);
                for (int i = 0; i < length - 3; i++)
                {
                    Assert.Equal(frame[3 + i], _wire[i]);
                }

                TestFrames.AssertSame(frame, length, _wire, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
            }

            Assert.Equal(200, mac.Counters.FramesSent);
            Assert.Equal(0, _chip.BadSends);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(13)]
        [InlineData(1515)]
        public void Send_ImpossibleLength_RejectedCounted(int length)
        {
            W5500Mac mac = Start();

            Assert.False(mac.TrySend(new byte[2000], 0, length));
            Assert.Equal(1, mac.Counters.SendRejected);
            Assert.Equal(0, _chip.FramesTransmitted);
        }

        [Fact]
        public void Link_DownThenUp_ReportedAndSendRefusedWhileDown()
        {
            W5500Mac mac = Start();
            byte[] frame = TestFrames.Make(TestFrames.PeerMac, 60, 1);

            _chip.LinkUp = false;
            Assert.False(mac.IsLinkUp);
            Assert.False(mac.TrySend(frame, 0, 60));
            Assert.False(_chip.NetworkSide.TrySend(TestFrames.Make(TestFrames.DeviceMac, 60, 1), 0, 60));

            _chip.LinkUp = true;
            Assert.True(mac.IsLinkUp);
            Assert.True(mac.TrySend(frame, 0, 60));
            Assert.Equal(60, _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length));
        }

        [Fact]
        public void SteadyState_SendAndReceive_AllocatesNothing()
        {
            W5500Mac mac = Start();
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
        }

        private void Cycle(W5500Mac mac, byte[] inbound, byte[] outbound)
        {
            _chip.NetworkSide.TrySend(inbound, 0, inbound.Length);
            mac.TryReceive(_buffer, 0, _buffer.Length);
            mac.TrySend(outbound, 0, outbound.Length);
            _chip.NetworkSide.TryReceive(_wire, 0, _wire.Length);
            bool link = mac.IsLinkUp;
            Assert.True(link);
        }
    }
}
