using Firmware.Services.Dns;
using Firmware.Tests.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class DnsNameTests
    {
        [TestMethod]
        public void FromDotted_ApiExampleCom_IsLengthPrefixedLabels()
        {
            byte[] name = new byte[32];
            Assert.AreEqual(17, DnsName.FromDotted("api.example.com", name, 0, name.Length));
            byte[] expected = TestBytes.FromHex("03617069076578616d706c6503636f6d00");
            for (int i = 0; i < expected.Length; i++) { Assert.AreEqual(expected[i], name[i]); }
            Assert.AreEqual(17, DnsName.FromDotted("api.example.com.", name, 0, name.Length));
            Assert.AreEqual(17, DnsName.Length(name, 0));
            Assert.AreEqual("api.example.com", DnsName.ToDotted(name, 0));
        }

        [TestMethod]
        public void FromDotted_Root()
        {
            byte[] name = new byte[4];
            Assert.AreEqual(1, DnsName.FromDotted("", name, 0, 4));
            Assert.AreEqual(1, DnsName.FromDotted(".", name, 0, 4));
            Assert.AreEqual(0, (int)name[0]);
            Assert.AreEqual(".", DnsName.ToDotted(name, 0));
        }

        [TestMethod]
        [DataRow("a..b")]
        [DataRow(".a")]
        [DataRow("a.b..")]
        public void FromDotted_EmptyLabel_Refused(string text)
        {
            Assert.AreEqual(-1, DnsName.FromDotted(text, new byte[300], 0, 300));
        }

        [TestMethod]
        public void FromDotted_LabelOf63Taken_64Refused()
        {
            byte[] name = new byte[300];
            Assert.AreEqual(67, DnsName.FromDotted(new string('x', 63) + ".a", name, 0, 300));
            Assert.AreEqual(-1, DnsName.FromDotted(new string('x', 64) + ".a", name, 0, 300));
        }

        [TestMethod]
        public void FromDotted_NameOf255Taken_256Refused()
        {
            // Four labels of 63 ("x" * 63, dotted) take 4 * 64 + 1 = 257 bytes; three of 63 and one of 61 take 255.
            string label = new string('x', 63);
            string text255 = label + "." + label + "." + label + "." + new string('y', 61);
            byte[] name = new byte[300];
            Assert.AreEqual(255, DnsName.FromDotted(text255, name, 0, 300));
            Assert.AreEqual(255, DnsName.Length(name, 0));
            Assert.AreEqual(-1, DnsName.FromDotted(text255 + "y", name, 0, 300));
            Assert.AreEqual(-1, DnsName.FromDotted("a.b", name, 0, 4));  // room
        }

        [TestMethod]
        public void WriteDotted_IntoBytes()
        {
            byte[] name = new byte[32];
            DnsName.FromDotted("printer.lan", name, 0, 32);
            byte[] text = new byte[32];
            Assert.AreEqual(11, DnsName.WriteDotted(name, 0, text, 0, 32));
            Assert.AreEqual((int)'.', (int)text[7]);
            Assert.AreEqual(-1, DnsName.WriteDotted(name, 0, text, 0, 10));
        }

        [TestMethod]
        public void NamesEqual_IgnoresAsciiCaseOnly()
        {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            DnsName.FromDotted("Api.EXAMPLE.com", a, 0, 32);
            DnsName.FromDotted("api.example.COM", b, 0, 32);
            Assert.IsTrue(DnsName.NamesEqual(a, 0, b, 0));
            DnsName.FromDotted("api.example.co", b, 0, 32);
            Assert.IsFalse(DnsName.NamesEqual(a, 0, b, 0));
            // '[' (0x5B) and '{' (0x7B) differ by 32 like letters but are not letters.
            DnsName.FromDotted("a[", a, 0, 32);
            DnsName.FromDotted("a{", b, 0, 32);
            Assert.IsFalse(DnsName.NamesEqual(a, 0, b, 0));
        }

        // dnsmasq's answer for www.lan (a CNAME to printer.lan, whose A record points into the CNAME's RDATA).
        private const string DnsmasqCname = "beef8580000100020000000003777777036c616e0000010001c00c0005000100000000000d077072696e746572036c616e00c025000100010000000000040a000007";

        [TestMethod]
        public void Read_FollowsPointers_IntoRdata()
        {
            byte[] m = TestBytes.FromHex(DnsmasqCname);
            byte[] name = new byte[64];
            int end;
            // The A record's owner: c0 25 -> "printer.lan" inside the CNAME's RDATA.
            int at = 12 + 13 + 12 + 13;  // header, question, CNAME record
            Assert.AreEqual(0xC0, (int)m[at]);
            Assert.AreEqual(13, DnsName.Read(m, m.Length, at, name, 0, name.Length, out end));
            Assert.AreEqual(at + 2, end);
            Assert.AreEqual("printer.lan", DnsName.ToDotted(name, 0));
            Assert.AreEqual(at + 2, DnsName.Skip(m, m.Length, at));
            byte[] expected = new byte[16];
            DnsName.FromDotted("PRINTER.lan", expected, 0, 16);
            Assert.IsTrue(DnsName.EqualsInMessage(m, m.Length, at, expected, 0));
            DnsName.FromDotted("printer.lab", expected, 0, 16);
            Assert.IsFalse(DnsName.EqualsInMessage(m, m.Length, at, expected, 0));
        }

        private static byte[] Message(string hexAfterHeader)
        {
            byte[] body = TestBytes.FromHex(hexAfterHeader);
            byte[] m = new byte[12 + body.Length];
            System.Array.Copy(body, 0, m, 12, body.Length);
            return m;
        }

        [TestMethod]
        [DataRow("c00c", "pointer to itself")]
        [DataRow("0161c00c", "label then a pointer back to the label: a loop")]
        [DataRow("c00e0161" + "00", "forward pointer")]
        [DataRow("c002", "pointer into the header")]
        [DataRow("c0", "pointer cut short")]
        [DataRow("0561626364", "label past the end")]
        [DataRow("01610162", "no terminating zero")]
        [DataRow("416100", "0x40 label type")]
        [DataRow("816100", "0x80 label type")]
        public void Read_Malformed_Refused(string hex, string why)
        {
            byte[] m = Message(hex);
            byte[] name = new byte[300];
            int end;
            Assert.AreEqual(-1, DnsName.Read(m, m.Length, 12, name, 0, name.Length, out end), why);
            Assert.AreEqual(-1, DnsName.Skip(m, m.Length, 12), why);
            name[0] = 1; name[1] = (byte)'a'; name[2] = 0;
            Assert.IsFalse(DnsName.EqualsInMessage(m, m.Length, 12, name, 0), why);
        }

        [TestMethod]
        public void Read_PointerChainsBackwards_Taken()
        {
            // 12: "b" 00; 15: "a" -> 12; 19: -> 15   =>  a.b
            byte[] m = Message("0162000161c00cc00f");
            byte[] name = new byte[16];
            int end;
            Assert.AreEqual(5, DnsName.Read(m, m.Length, 19, name, 0, 16, out end));
            Assert.AreEqual("a.b", DnsName.ToDotted(name, 0));
            Assert.AreEqual(21, end);
        }

        [TestMethod]
        public void Read_NameOver255ThroughPointers_Refused()
        {
            // Five 63-byte labels reached through pointers: each pointer is legal, the whole name is 321 bytes.
            byte[] m = new byte[12 + 5 * 66];
            int at = 12;
            for (int i = 0; i < 5; i++)
            {
                m[at] = 63;
                for (int k = 1; k <= 63; k++) { m[at + k] = (byte)'x'; }
                if (i == 0)
                {
                    m[at + 64] = 0;
                    at += 65;
                    continue;
                }
                m[at + 64] = 0xC0;
                m[at + 65] = (byte)(at - 65 - (i == 1 ? 0 : 1));
                at += 66;
            }
            int end;
            // 12 + 65 = 77: label, pointer to 12 -> 129 bytes: fine.
            Assert.AreEqual(129, DnsName.Read(m, m.Length, 77, new byte[300], 0, 300, out end));
            Assert.AreEqual(-1, DnsName.Read(m, m.Length, at - 66, new byte[300], 0, 300, out end));
            Assert.AreEqual(-1, DnsName.Read(m, m.Length, 77, new byte[100], 0, 100, out end));  // room
        }
    }
}
