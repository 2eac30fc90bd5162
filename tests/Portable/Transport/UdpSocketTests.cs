using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Transport
{
    [TestClass]
    public class UdpSocketTests
    {
        private const uint Peer = 0x0A000001;
        private const uint Us = 0x0A000002;

        private static NetworkStack Make(int ringBytes, int queue)
        {
            StackConfig c = new StackConfig();
            c.UdpReceiveBufferBytes = ringBytes;
            c.UdpReceiveQueueDatagrams = queue;
            NetworkStack s = new NetworkStack(c, new RecordingMac(), new FixedRandom(5));
            s.SetAddress(Us, 24, 0, 0);
            return s;
        }

        // Hands the UDP layer one datagram of 'length' bytes whose byte i is (fill + i).
        private static void Deliver(NetworkStack s, int port, int length, int fill)
        {
            byte[] u = new byte[8 + length];
            for (int i = 0; i < length; i++)
            {
                u[8 + i] = (byte)(fill + i);
            }
            UdpHeader.Emit(u, 0, 5000, port, length, Peer, Us);
            s.Udp.Receive(Peer, Us, u, 0, u.Length, 0);
        }

        [TestMethod]
        public void RingWraps_DatagramsComeOutWhole()
        {
            NetworkStack s = Make(100, 8);
            UdpSocket sock = s.OpenUdp();
            sock.Bind(9);
            byte[] buf = new byte[100];
            uint src;
            int port;
            for (int round = 0; round < 10; round++)
            {
                Deliver(s, 9, 40, round);
                Deliver(s, 9, 45, round + 100);
                Assert.AreEqual(40, sock.TryReceiveFrom(buf, 0, buf.Length, out src, out port));
                Assert.AreEqual((byte)round, buf[0]);
                Assert.AreEqual((byte)(round + 39), buf[39]);
                Assert.AreEqual(45, sock.TryReceiveFrom(buf, 0, buf.Length, out src, out port));
                Assert.AreEqual((byte)(round + 100 + 44), buf[44]);
                Assert.AreEqual(Peer, src);
                Assert.AreEqual(5000, port);
            }
            Assert.AreEqual(-1, sock.TryReceiveFrom(buf, 0, buf.Length, out src, out port));
        }

        [TestMethod]
        public void NoRoom_DroppedAndCounted_NeverTruncated()
        {
            NetworkStack s = Make(100, 2);
            UdpSocket sock = s.OpenUdp();
            sock.Bind(9);
            Deliver(s, 9, 60, 0);
            Deliver(s, 9, 50, 0);   // 60 + 50 > 100: dropped
            Deliver(s, 9, 40, 0);
            Deliver(s, 9, 0, 0);    // queue of 2 full
            Assert.AreEqual(2, s.UdpCounters.BufferFull);
            Assert.AreEqual(2, sock.QueuedDatagrams);
            Assert.AreEqual(100, sock.QueuedBytes);
        }

        [TestMethod]
        public void ReadBufferTooSmall_DatagramDroppedAndCounted()
        {
            NetworkStack s = Make(100, 4);
            UdpSocket sock = s.OpenUdp();
            sock.Bind(9);
            Deliver(s, 9, 30, 0);
            Deliver(s, 9, 10, 0);
            Assert.AreEqual(30, sock.NextDatagramLength);
            byte[] small = new byte[20];
            uint src;
            int port;
            Assert.AreEqual(-1, sock.TryReceiveFrom(small, 0, small.Length, out src, out port));
            Assert.AreEqual(1, s.UdpCounters.ReadTooSmall);
            Assert.AreEqual(10, sock.TryReceiveFrom(small, 0, small.Length, out src, out port));
        }

        [TestMethod]
        public void ZeroLengthDatagram_Delivered()
        {
            NetworkStack s = Make(100, 4);
            UdpSocket sock = s.OpenUdp();
            sock.Bind(9);
            Deliver(s, 9, 0, 0);
            byte[] buf = new byte[4];
            uint src;
            int port;
            Assert.AreEqual(0, sock.TryReceiveFrom(buf, 0, buf.Length, out src, out port));
        }

        [TestMethod]
        public void BindZero_EphemeralFromRandom_SendComputesChecksum()
        {
            NetworkStack s = Make(100, 4);
            UdpSocket sock = s.OpenUdp();
            Assert.IsTrue(sock.Bind(0));
            Assert.AreEqual(49152 + 6, sock.LocalPort); // FixedRandom: 5 went to the IP identification, 6 to the port
            Assert.IsFalse(sock.Bind(7));
            RecordingMac mac = new RecordingMac();
            StackConfig c = new StackConfig();
            NetworkStack t = new NetworkStack(c, mac, new FixedRandom(1));
            t.SetAddress(Us, 24, 0, 0);
            UdpSocket u = t.OpenUdp();
            u.Bind(7);
            Assert.IsTrue(u.SendTo(0xFFFFFFFF, 68, new byte[] { 1, 2, 3 }, 0, 3));
            Assert.AreEqual(14 + 20 + 8 + 3, mac.LastLength);
            Assert.IsTrue(UdpHeader.VerifyChecksum(mac.LastFrame, 34, 11, Us, 0xFFFFFFFF));
            Assert.AreNotEqual((ushort)0, BigEndian.ReadUInt16(mac.LastFrame, 40));
        }

        [TestMethod]
        public void SendTooLong_Refused()
        {
            NetworkStack s = Make(100, 4);
            UdpSocket sock = s.OpenUdp();
            byte[] big = new byte[1473];
            Assert.IsFalse(sock.SendTo(0xFFFFFFFF, 9, big, 0, big.Length));
            Assert.IsTrue(sock.SendTo(0xFFFFFFFF, 9, big, 0, 1472));
        }

        [TestMethod]
        public void Close_DropsQueue_FreesPort()
        {
            NetworkStack s = Make(100, 4);
            UdpSocket sock = s.OpenUdp();
            sock.Bind(9);
            Deliver(s, 9, 10, 0);
            sock.Close();
            Assert.AreEqual(0, sock.QueuedDatagrams);
            Deliver(s, 9, 10, 0);
            Assert.AreEqual(1, s.UdpCounters.NoPort);
            UdpSocket again = s.OpenUdp();
            Assert.IsTrue(again.Bind(9));
        }
    }
}
