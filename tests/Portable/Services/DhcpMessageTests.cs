using Firmware.Net.Wire;
using Firmware.Services.Dhcp;
using Firmware.Tests.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class DhcpMessageTests
    {
        private static readonly byte[] Mac = new byte[] { 2, 0, 0, 0, 0, 2 };

        private static byte[] Reply(int optionsLength)
        {
            byte[] b = new byte[DhcpMessage.OptionsOffset + optionsLength];
            b[0] = 2; b[1] = 1; b[2] = 6;
            BigEndian.WriteUInt32(b, DhcpMessage.CookieOffset, DhcpMessage.MagicCookie);
            return b;
        }

        [TestMethod]
        public void Request_Header_AndOptions_AsRfc2131Lays_ThemOut()
        {
            byte[] b = new byte[576];
            int at = DhcpMessage.WriteRequestHeader(b, 0x12345678, 3, false, 0x0A000032, Mac);
            Assert.AreEqual(240, at);
            at = DhcpMessage.PutByte(b, at, DhcpMessage.OptionMessageType, DhcpMessage.Request);
            at = DhcpMessage.PutUInt32(b, at, DhcpMessage.OptionRequestedAddress, 0x0A000032);
            at = DhcpMessage.PutUInt16(b, at, DhcpMessage.OptionMaxMessageSize, 576);
            int length = DhcpMessage.Finish(b, at);
            Assert.AreEqual(300, length);
            Assert.AreEqual(1, (int)b[0]);
            Assert.AreEqual(0x12345678u, BigEndian.ReadUInt32(b, 4));
            Assert.AreEqual(3, (int)BigEndian.ReadUInt16(b, 8));
            Assert.AreEqual(0x0A000032u, BigEndian.ReadUInt32(b, 12));
            Assert.AreEqual(2, (int)b[33]);
            Assert.AreEqual(0x63825363u, BigEndian.ReadUInt32(b, 236));
            // 53,1,3  50,4,a.0.0.32  57,2,576  255
            Assert.AreEqual(53, (int)b[240]); Assert.AreEqual(3, (int)b[242]);
            Assert.AreEqual(50, (int)b[243]); Assert.AreEqual(4, (int)b[244]);
            Assert.AreEqual(57, (int)b[249]); Assert.AreEqual(0x0240, (int)BigEndian.ReadUInt16(b, 251));
            Assert.AreEqual(255, (int)b[253]);
            Assert.AreEqual(0, (int)b[254]);
        }

        // dnsmasq 2.90's DHCPOFFER to the simulated device (captured in a network namespace): 10.0.0.56 for 2 minutes.
        // The fixed part up to chaddr, 202 zero bytes of chaddr padding, sname and file, then cookie and options.
        private static byte[] DnsmasqOffer()
        {
            byte[] head = TestBytes.FromHex("020106004aa5846f00000000000000000a0000380a00000100000000020000000002");
            byte[] tail = TestBytes.FromHex("6382536335010236040a0000013304000000783a040000003c3b04000000690104ffffff001c040a0000ff03040a00000106040a0000010f036c616e2a040a000001ff");
            byte[] b = new byte[303];
            System.Array.Copy(head, 0, b, 0, head.Length);
            System.Array.Copy(tail, 0, b, 236, tail.Length);
            return b;
        }

        [TestMethod]
        public void DnsmasqOffer_EveryFieldAndOption()
        {
            byte[] b = DnsmasqOffer();
            Assert.IsTrue(DhcpMessage.CheckReply(b, b.Length));
            Assert.AreEqual(DhcpMessage.Offer, DhcpMessage.GetMessageType(b, b.Length));
            Assert.AreEqual(0x4aa5846fu, BigEndian.ReadUInt32(b, DhcpMessage.XidOffset));
            Assert.AreEqual(0x0A000038u, BigEndian.ReadUInt32(b, DhcpMessage.YiaddrOffset));
            Assert.AreEqual(0x0A000001u, BigEndian.ReadUInt32(b, DhcpMessage.SiaddrOffset));
            Assert.AreEqual(2, (int)b[DhcpMessage.ChaddrOffset]);
            Assert.AreEqual(0x0A000001u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionServerId));
            Assert.AreEqual(120L, DhcpMessage.GetUInt32Option(b, b.Length, DhcpMessage.OptionLeaseTime, -1));
            Assert.AreEqual(60L, DhcpMessage.GetUInt32Option(b, b.Length, DhcpMessage.OptionRenewalTime, -1));
            Assert.AreEqual(105L, DhcpMessage.GetUInt32Option(b, b.Length, DhcpMessage.OptionRebindingTime, -1));
            Assert.AreEqual(0xFFFFFF00u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionSubnetMask));
            Assert.AreEqual(0x0A000001u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionRouter));
            Assert.AreEqual(0x0A000001u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionDnsServers));
            Assert.AreEqual(0x0A000001u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionNtpServers));
            int at;
            Assert.AreEqual(3, DhcpMessage.FindOption(b, b.Length, DhcpMessage.OptionDomainName, out at));
            Assert.AreEqual((int)'l', (int)b[at]);
            Assert.AreEqual(-1, DhcpMessage.FindOption(b, b.Length, DhcpMessage.OptionHostName, out at));
        }

        [TestMethod]
        public void CheckReply_RefusesRequestsWrongHardwareAndCookie()
        {
            byte[] b = Reply(4);
            Assert.IsTrue(DhcpMessage.CheckReply(b, b.Length));
            Assert.IsFalse(DhcpMessage.CheckReply(b, 239));
            b[0] = 1; Assert.IsFalse(DhcpMessage.CheckReply(b, b.Length)); b[0] = 2;
            b[2] = 16; Assert.IsFalse(DhcpMessage.CheckReply(b, b.Length)); b[2] = 6;
            b[236] = 0; Assert.IsFalse(DhcpMessage.CheckReply(b, b.Length));
        }

        [TestMethod]
        public void FindOption_SkipsPadsStopsAtEnd_AndNeverRunsPastTheMessage()
        {
            byte[] b = Reply(16);
            int at = 240;
            b[at++] = 0; b[at++] = 0;                         // pads
            b[at++] = 53; b[at++] = 1; b[at++] = 5;            // ACK
            b[at++] = 51; b[at++] = 4; BigEndian.WriteUInt32(b, at, 600); at += 4;
            b[at++] = 255;
            b[at++] = 3; b[at++] = 4;                          // after the end: not an option
            int offset;
            Assert.AreEqual(5, DhcpMessage.GetMessageType(b, b.Length));
            Assert.AreEqual(600L, DhcpMessage.GetUInt32Option(b, b.Length, DhcpMessage.OptionLeaseTime, -1));
            Assert.AreEqual(-1, DhcpMessage.FindOption(b, b.Length, DhcpMessage.OptionRouter, out offset));
            // The lease time option cut by the message's end.
            Assert.AreEqual(-1L, DhcpMessage.GetUInt32Option(b, 249, DhcpMessage.OptionLeaseTime, -1));
            Assert.AreEqual(5, DhcpMessage.GetMessageType(b, 249));
        }

        [TestMethod]
        public void FindOption_OverloadedFileAndSname_AreSearchedWhenOption52SaysSo()
        {
            byte[] b = Reply(8);
            b[240] = 52; b[241] = 1; b[242] = 3;   // both fields carry options
            b[243] = 255;
            b[DhcpMessage.FileOffset] = 53; b[DhcpMessage.FileOffset + 1] = 1; b[DhcpMessage.FileOffset + 2] = 2;
            b[DhcpMessage.FileOffset + 3] = 255;
            b[DhcpMessage.SnameOffset] = 54; b[DhcpMessage.SnameOffset + 1] = 4;
            BigEndian.WriteUInt32(b, DhcpMessage.SnameOffset + 2, 0x0A000001);
            b[DhcpMessage.SnameOffset + 6] = 255;
            Assert.AreEqual(DhcpMessage.Offer, DhcpMessage.GetMessageType(b, b.Length));
            Assert.AreEqual(0x0A000001u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionServerId));
            b[242] = 1;  // only file
            Assert.AreEqual(0u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionServerId));
            b[240] = 0; b[241] = 0; b[242] = 0;  // no overload: the fields are just names
            Assert.AreEqual(0, DhcpMessage.GetMessageType(b, b.Length));
        }

        [TestMethod]
        public void AddressOptions_MustBeWholeAddresses()
        {
            byte[] b = Reply(12);
            b[240] = 6; b[241] = 6;  // six bytes of "addresses"
            b[248] = 255;
            Assert.AreEqual(0u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionDnsServers));
            b[241] = 8; b[250] = 255;
            BigEndian.WriteUInt32(b, 242, 0x0A000001);
            Assert.AreEqual(0x0A000001u, DhcpMessage.GetAddressOption(b, b.Length, DhcpMessage.OptionDnsServers));
        }
    }
}
