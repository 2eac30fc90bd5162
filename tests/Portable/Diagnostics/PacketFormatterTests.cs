using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;
using Firmware.Tests.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Diagnostics
{
    [TestClass]
    public class PacketFormatterTests
    {
        private static string Line(string hex)
        {
            byte[] f = TestBytes.FromHex(hex);
            return PacketFormatter.Format(f, 0, f.Length);
        }

        [TestMethod]
        public void LinuxFrames_TcpdumpLines()
        {
            Assert.AreEqual("ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28", Line(TestBytes.LinuxArpRequest));
            Assert.AreEqual("10.0.0.1.40000 > 10.0.0.2.7: UDP, length 5", Line(TestBytes.LinuxUdpHello));
            Assert.AreEqual("10.0.0.1 > 10.0.0.2: ICMP echo request, id 14235, seq 1, length 64", Line(TestBytes.LinuxPing));
        }

        [TestMethod]
        public void ArpReply_Line()
        {
            byte[] f = new byte[42];
            byte[] mac = new byte[] { 2, 0, 0, 0, 0, 2 };
            EthernetFrame.EmitHeader(f, 0, mac, 0, mac, EthernetFrame.TypeArp);
            ArpPacket.Emit(f, 14, ArpPacket.OperationReply, mac, 0x0A000002, mac, 0, 0x0A000001);
            Assert.AreEqual("ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28", PacketFormatter.Format(f, 0, 42));
        }

        [TestMethod]
        public void Tcp_PortsThenTheTcpLine()
        {
            byte[] f = new byte[54];
            byte[] mac = new byte[] { 2, 0, 0, 0, 0, 2 };
            EthernetFrame.EmitHeader(f, 0, mac, 0, mac, EthernetFrame.TypeIpv4);
            BigEndian.WriteUInt16(f, 34, 40000);
            BigEndian.WriteUInt16(f, 36, 80);
            f[46] = 0x50; // data offset 5 words
            f[47] = 0x02; // SYN
            BigEndian.WriteUInt16(f, 48, 8192);
            Ipv4Header.Emit(f, 14, 40, 1, true, false, 0, 64, Ipv4Header.ProtocolTcp, 0x0A000001, 0x0A000002);
            Assert.AreEqual("10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 0, win 8192, length 0", PacketFormatter.Format(f, 0, 54));
        }

        [TestMethod]
        public void Garbage_NeverThrows_SaysWhatIsWrong()
        {
            Assert.AreEqual("[truncated ethernet frame, length 3]", PacketFormatter.Format(new byte[3], 0, 3));
            byte[] f = TestBytes.FromHex(TestBytes.LinuxUdpHello);
            Assert.AreEqual("IP [bad total length 33 > 32]", PacketFormatter.Format(f, 0, f.Length - 1));
            f[12] = 0x81;
            f[13] = 0x00;
            Assert.AreEqual("802.1Q vlan-tagged frame, length 47", PacketFormatter.Format(f, 0, f.Length));
            f[12] = 0x86;
            f[13] = 0xDD;
            Assert.AreEqual("IPv6 (not handled), truncated, length 33", PacketFormatter.Format(f, 0, f.Length));
            f[12] = 0x88;
            f[13] = 0xCC;
            Assert.AreEqual("ethertype 0x88CC, length 47", PacketFormatter.Format(f, 0, f.Length));
        }

        [TestMethod]
        public void Ipv6_NamedWithItsNextHeader()
        {
            // What Linux sends when an interface comes up: an ICMPv6 router solicitation to ff02::2 (next header 58).
            byte[] f = new byte[14 + 40 + 8];
            f[0] = 0x33; f[1] = 0x33; f[5] = 0x02;
            f[12] = 0x86; f[13] = 0xDD;
            f[14] = 0x60;
            f[19] = 8;
            f[20] = 58;
            f[21] = 255;
            Assert.AreEqual("IPv6 (not handled) ICMPv6, length 48", PacketFormatter.Format(f, 0, f.Length));
            f[20] = 17;
            Assert.AreEqual("IPv6 (not handled) UDP, length 48", PacketFormatter.Format(f, 0, f.Length));
            f[20] = 99;
            Assert.AreEqual("IPv6 (not handled) next header 99, length 48", PacketFormatter.Format(f, 0, f.Length));
        }

        [TestMethod]
        public void FormatIpAndMac()
        {
            Assert.AreEqual("255.0.10.1", PacketFormatter.FormatIp(0xFF000A01));
            Assert.AreEqual("0a:bc:00:ff:10:01", PacketFormatter.FormatMac(new byte[] { 0x0a, 0xbc, 0, 0xff, 0x10, 1 }, 0));
        }
    }
}
