using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;
using Firmware.Tests.Transport;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Diagnostics
{
    [TestClass]
    public class CaptureRingTests
    {
        // Room for two full frames (the minimum) plus a little: 2 x (10 + 1514) + 100.
        private const int Capacity = 3148;

        private static byte[] Frame(int length, byte fill)
        {
            byte[] frame = new byte[length];
            for (int i = 0; i < length; i++)
            {
                frame[i] = (byte)(fill + i);
            }
            return frame;
        }

        [TestMethod]
        public void PcapHeader_BigEndianMagicVersionSnaplenEthernet()
        {
            byte[] b = new byte[24];
            Assert.AreEqual(24, CaptureRing.WritePcapHeader(b, 0));
            Assert.AreEqual(0xA1B2C3D4u, BigEndian.ReadUInt32(b, 0));
            Assert.AreEqual((ushort)2, BigEndian.ReadUInt16(b, 4));
            Assert.AreEqual((ushort)4, BigEndian.ReadUInt16(b, 6));
            Assert.AreEqual(65535u, BigEndian.ReadUInt32(b, 16));
            Assert.AreEqual(1u, BigEndian.ReadUInt32(b, 20));
        }

        [TestMethod]
        public void WithAWallClock_RecordsCarryUnixTime()
        {
            RecordingMac mac = new RecordingMac();
            CaptureRing ring = new CaptureRing(mac, Capacity);
            Firmware.Net.WallClock clock = new Firmware.Net.WallClock();
            ring.Clock = clock;
            ring.NowMs = 1234;
            ring.TrySend(Frame(60, 1), 0, 60);
            // The clock is set after the frame was recorded: the record still gets the wall time of its moment.
            clock.Set(1714564800000L, 2000);
            long sequence = ring.OldestSequence;
            int position = ring.OldestPosition;
            byte[] record = new byte[100];
            ring.ReadPcapRecord(ref sequence, ref position, record, 0, record.Length);
            Assert.AreEqual(1714564799u, BigEndian.ReadUInt32(record, 0), "seconds");
            Assert.AreEqual(234000u, BigEndian.ReadUInt32(record, 4), "microseconds");
        }

        [TestMethod]
        public void SentFrames_ReadBackAsPcapRecords_WithUptimeStamps()
        {
            RecordingMac mac = new RecordingMac();
            CaptureRing ring = new CaptureRing(mac, Capacity);
            ring.NowMs = 1234;
            ring.TrySend(Frame(60, 1), 0, 60);
            ring.NowMs = 5000;
            ring.TrySend(Frame(100, 7), 0, 100);
            Assert.AreEqual(2, mac.Sent, "frames still reach the MAC");

            long sequence = ring.OldestSequence;
            int position = ring.OldestPosition;
            byte[] out1 = new byte[200];
            Assert.AreEqual(16 + 60, ring.ReadPcapRecord(ref sequence, ref position, out1, 0, out1.Length));
            Assert.AreEqual(1u, BigEndian.ReadUInt32(out1, 0), "seconds");
            Assert.AreEqual(234000u, BigEndian.ReadUInt32(out1, 4), "microseconds");
            Assert.AreEqual(60u, BigEndian.ReadUInt32(out1, 8));
            Assert.AreEqual(60u, BigEndian.ReadUInt32(out1, 12));
            Assert.AreEqual((byte)1, out1[16]);
            Assert.AreEqual((byte)60, out1[16 + 59]);
            Assert.AreEqual(16 + 100, ring.ReadPcapRecord(ref sequence, ref position, out1, 0, out1.Length));
            Assert.AreEqual(5u, BigEndian.ReadUInt32(out1, 0));
            Assert.AreEqual((byte)7, out1[16]);
            Assert.AreEqual(-1, ring.ReadPcapRecord(ref sequence, ref position, out1, 0, out1.Length), "caught up");
        }

        [TestMethod]
        public void RecordThatDoesNotFit_ZeroAndTheReaderStays()
        {
            CaptureRing ring = new CaptureRing(new RecordingMac(), Capacity);
            ring.TrySend(Frame(100, 3), 0, 100);
            long sequence = ring.OldestSequence;
            int position = ring.OldestPosition;
            byte[] b = new byte[200];
            Assert.AreEqual(0, ring.ReadPcapRecord(ref sequence, ref position, b, 0, 115));
            Assert.AreEqual(116, ring.ReadPcapRecord(ref sequence, ref position, b, 0, 116));
        }

        [TestMethod]
        public void FullRing_EvictsTheOldest_RecordsWrapIntact()
        {
            CaptureRing ring = new CaptureRing(new RecordingMac(), Capacity);
            for (int i = 0; i < 10; i++)
            {
                ring.TrySend(Frame(1000, (byte)i), 0, 1000);
            }
            Assert.AreEqual(10L, ring.FramesRecorded);
            Assert.AreEqual(7L, ring.OldestSequence, "three records of 1010 bytes fit in 3148");
            Assert.AreEqual(7L, ring.FramesEvicted);
            long sequence = ring.OldestSequence;
            int position = ring.OldestPosition;
            byte[] b = new byte[1100];
            for (int i = 7; i < 10; i++)
            {
                Assert.AreEqual(1016, ring.ReadPcapRecord(ref sequence, ref position, b, 0, b.Length));
                Assert.AreEqual((byte)i, b[16], "first byte of frame " + i.ToString());
                Assert.AreEqual((byte)(i + 999), b[16 + 999], "last byte of frame " + i.ToString());
            }
        }

        [TestMethod]
        public void ReaderLappedByTheWriter_RestartsAtTheOldestWholeRecord()
        {
            CaptureRing ring = new CaptureRing(new RecordingMac(), Capacity);
            ring.TrySend(Frame(1000, 0), 0, 1000);
            long sequence = ring.OldestSequence;
            int position = ring.OldestPosition;
            for (int i = 1; i <= 5; i++)
            {
                ring.TrySend(Frame(1000, (byte)(i * 10)), 0, 1000);
            }
            byte[] b = new byte[1100];
            Assert.AreEqual(1016, ring.ReadPcapRecord(ref sequence, ref position, b, 0, b.Length));
            Assert.AreEqual((byte)30, b[16], "frame 0 is gone: the reader goes on from frame 3, the oldest held");
            Assert.AreEqual(4L, sequence);
        }

        [TestMethod]
        public void Disabled_PassesFramesWithoutRecording()
        {
            RecordingMac mac = new RecordingMac();
            CaptureRing ring = new CaptureRing(mac, Capacity);
            ring.Enabled = false;
            ring.TrySend(Frame(60, 1), 0, 60);
            Assert.AreEqual(1, mac.Sent);
            Assert.AreEqual(0L, ring.NextSequence);
        }
    }
}
