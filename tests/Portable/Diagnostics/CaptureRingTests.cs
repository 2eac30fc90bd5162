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

        private static CaptureReader Reader(CaptureRing ring)
        {
            CaptureReader reader = new CaptureReader();
            ring.Rewind(reader);
            return reader;
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
            byte[] record = new byte[100];
            ring.ReadPcap(Reader(ring), record, 0, record.Length);
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

            CaptureReader reader = Reader(ring);
            byte[] b = new byte[400];
            Assert.AreEqual(16 + 60 + 16 + 100, ring.ReadPcap(reader, b, 0, b.Length));
            Assert.AreEqual(1u, BigEndian.ReadUInt32(b, 0), "seconds");
            Assert.AreEqual(234000u, BigEndian.ReadUInt32(b, 4), "microseconds");
            Assert.AreEqual(60u, BigEndian.ReadUInt32(b, 8));
            Assert.AreEqual(60u, BigEndian.ReadUInt32(b, 12));
            Assert.AreEqual((byte)1, b[16]);
            Assert.AreEqual((byte)60, b[16 + 59]);
            Assert.AreEqual(5u, BigEndian.ReadUInt32(b, 76));
            Assert.AreEqual((byte)7, b[76 + 16]);
            Assert.AreEqual(-1, ring.ReadPcap(reader, b, 0, b.Length), "caught up");
        }

        [TestMethod]
        public void ARecordSpansReads_ByteForByteTheSame()
        {
            CaptureRing ring = new CaptureRing(new RecordingMac(), Capacity);
            ring.TrySend(Frame(1514, 3), 0, 1514);
            ring.TrySend(Frame(60, 9), 0, 60);
            byte[] whole = new byte[2000];
            int total = ring.ReadPcap(Reader(ring), whole, 0, whole.Length);
            Assert.AreEqual(16 + 1514 + 16 + 60, total);

            // The same bytes in pieces of 7, then of 1000 (what a server takes at once is smaller than a full frame's record).
            CaptureReader reader = Reader(ring);
            byte[] pieces = new byte[2000];
            int at = 0;
            int n;
            while ((n = ring.ReadPcap(reader, pieces, at, at < 100 ? 7 : 1000)) > 0)
            {
                at += n;
            }
            Assert.AreEqual(total, at);
            for (int i = 0; i < total; i++)
            {
                Assert.AreEqual(whole[i], pieces[i], "byte " + i.ToString());
            }
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
            CaptureReader reader = Reader(ring);
            byte[] b = new byte[1016];
            for (int i = 7; i < 10; i++)
            {
                Assert.AreEqual(1016, ring.ReadPcap(reader, b, 0, b.Length));
                Assert.AreEqual((byte)i, b[16], "first byte of frame " + i.ToString());
                Assert.AreEqual((byte)(i + 999), b[16 + 999], "last byte of frame " + i.ToString());
            }
        }

        [TestMethod]
        public void ReaderLappedBetweenRecords_RestartsAtTheOldest()
        {
            CaptureRing ring = new CaptureRing(new RecordingMac(), Capacity);
            ring.TrySend(Frame(1000, 0), 0, 1000);
            CaptureReader reader = Reader(ring);
            for (int i = 1; i <= 5; i++)
            {
                ring.TrySend(Frame(1000, (byte)(i * 10)), 0, 1000);
            }
            byte[] b = new byte[1016];
            Assert.AreEqual(1016, ring.ReadPcap(reader, b, 0, b.Length));
            Assert.AreEqual((byte)30, b[16], "frame 0 is gone: the reader goes on from frame 3, the oldest held");
            Assert.AreEqual(4L, reader.Sequence);
        }

        [TestMethod]
        public void ReaderLappedMidRecord_TheRecordEndsInZeros_FramingHolds()
        {
            CaptureRing ring = new CaptureRing(new RecordingMac(), Capacity);
            ring.TrySend(Frame(1000, 5), 0, 1000);
            CaptureReader reader = Reader(ring);
            byte[] b = new byte[1016];
            Assert.AreEqual(500, ring.ReadPcap(reader, b, 0, 500));
            for (int i = 1; i <= 5; i++)
            {
                ring.TrySend(Frame(1000, (byte)(i * 10)), 0, 1000);
            }
            Assert.AreEqual(516, ring.ReadPcap(reader, b, 500, 516), "the record's promised length");
            Assert.AreEqual((byte)0, b[515]);
            Assert.AreEqual(1, ring.ReadsLapped);
            Assert.AreEqual(1016, ring.ReadPcap(reader, b, 0, 1016));
            Assert.AreEqual((byte)30, b[16], "then whole records from the oldest held");
        }

        [TestMethod]
        public void Paused_FramesPassUnrecorded_AndCounted()
        {
            RecordingMac mac = new RecordingMac();
            CaptureRing ring = new CaptureRing(mac, Capacity);
            ring.TrySend(Frame(60, 1), 0, 60);
            ring.Enabled = false;
            ring.TrySend(Frame(60, 2), 0, 60);
            ring.Enabled = true;
            Assert.AreEqual(2, mac.Sent);
            Assert.AreEqual(1L, ring.NextSequence);
            Assert.AreEqual(1L, ring.FramesNotRecorded);
        }
    }
}
