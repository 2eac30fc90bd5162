using Firmware.Services.Dns;
using Firmware.Tests.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class DnsMessageTests
    {
        // `dig @127.0.0.1 Api.Example.com A` (BIND 9.18): RD and AD set, EDNS0 with a 1232-byte payload and a cookie.
        private const string DigQuery = "f3590120000100000000000103417069074578616d706c6503636f6d000001000100002904d000000000000c000a0008045ba603f0e8a2e2";

        // dnsmasq 2.90 answering www.lan: CNAME printer.lan, then its A record 10.0.0.7 (TTL 0).
        private const string DnsmasqCname = "beef8580000100020000000003777777036c616e0000010001c00c0005000100000000000d077072696e746572036c616e00c025000100010000000000040a000007";

        [TestMethod]
        public void Reader_DigQuery_QuestionAndOpt()
        {
            byte[] m = TestBytes.FromHex(DigQuery);
            Assert.AreEqual(0xF359, DnsHeader.GetId(m));
            Assert.IsFalse(DnsHeader.IsResponse(m));
            Assert.AreEqual(DnsHeader.OpcodeQuery, DnsHeader.GetOpcode(m));
            Assert.AreEqual(DnsHeader.FlagRecursionDesired, DnsHeader.GetFlags(m) & DnsHeader.FlagRecursionDesired);
            DnsReader r = new DnsReader();
            Assert.IsTrue(r.Begin(m, m.Length));
            Assert.IsTrue(r.Next());
            Assert.AreEqual((int)DnsSection.Question, (int)r.Section);
            Assert.AreEqual(DnsType.A, r.Type);
            Assert.AreEqual(DnsType.ClassIn, r.Class);
            byte[] name = new byte[32];
            DnsName.FromDotted("api.example.com", name, 0, 32);
            Assert.IsTrue(DnsName.EqualsInMessage(m, m.Length, r.NameOffset, name, 0));
            Assert.IsTrue(r.Next());
            Assert.AreEqual((int)DnsSection.Additional, (int)r.Section);
            Assert.AreEqual(DnsType.OPT, r.Type);
            Assert.AreEqual(12, r.DataLength);
            Assert.IsFalse(r.Next());
            Assert.IsFalse(r.Malformed);
            Assert.IsTrue(r.HasOpt);
            Assert.AreEqual(1232, r.OptUdpPayloadSize);
            Assert.AreEqual(0, r.OptVersion);
            Assert.IsFalse(r.OptDnssecOk);
            Assert.IsFalse(r.OptMalformed);
            Assert.AreEqual(m.Length, r.Position);
        }

        [TestMethod]
        public void Reader_DnsmasqCname_RecordsInOrder()
        {
            byte[] m = TestBytes.FromHex(DnsmasqCname);
            DnsReader r = new DnsReader();
            r.Begin(m, m.Length);
            Assert.IsTrue(r.Next());
            Assert.IsTrue(r.Next());
            Assert.AreEqual((int)DnsSection.Answer, (int)r.Section);
            Assert.AreEqual(DnsType.CNAME, r.Type);
            Assert.AreEqual(13, r.DataLength);
            Assert.IsTrue(r.Next());
            Assert.AreEqual(DnsType.A, r.Type);
            Assert.AreEqual(0x0A000007u, r.ReadAddress());
            Assert.AreEqual(0u, r.Ttl);
            Assert.IsFalse(r.Next());
            Assert.IsFalse(r.Malformed);
            Assert.IsFalse(r.HasOpt);
            Assert.AreEqual(512, r.OptUdpPayloadSize);
        }

        [TestMethod]
        public void Reader_CountsBeyondTheMessage_Malformed()
        {
            byte[] m = TestBytes.FromHex(DnsmasqCname);
            m[7] = 3;  // ANCOUNT 3, two present
            DnsReader r = new DnsReader();
            r.Begin(m, m.Length);
            Assert.IsFalse(r.SkipToEnd());
            Assert.IsTrue(r.Malformed);
            // RDLENGTH past the end.
            m = TestBytes.FromHex(DnsmasqCname);
            m[m.Length - 5] = 9;
            r.Begin(m, m.Length);
            Assert.IsFalse(r.SkipToEnd());
            // Shorter than a header.
            Assert.IsFalse(r.Begin(m, 11));
            Assert.IsFalse(r.Next());
        }

        [TestMethod]
        public void Reader_TtlWithTopBitSet_ReadsAsZero()
        {
            byte[] m = TestBytes.FromHex(DnsmasqCname);
            m[m.Length - 10] = 0x80;  // the A record's TTL: 0x80000000
            DnsReader r = new DnsReader();
            r.Begin(m, m.Length);
            r.Next(); r.Next(); r.Next();
            Assert.AreEqual(0u, r.Ttl);
            Assert.AreEqual(0x80000000u, r.RawTtl);
        }

        [TestMethod]
        public void Reader_TwoOptRecords_OptMalformed()
        {
            DnsWriter w = new DnsWriter(4);
            byte[] m = new byte[128];
            w.Begin(m, m.Length, 1, 0);
            w.AddOpt(1232, 0, true);
            w.AddOpt(512, 0, false);
            int length = w.Finish();
            DnsReader r = new DnsReader();
            r.Begin(m, length);
            Assert.IsTrue(r.SkipToEnd());
            Assert.IsTrue(r.OptMalformed);
            Assert.IsTrue(r.OptDnssecOk);
            Assert.AreEqual(1232, r.OptUdpPayloadSize);
        }

        [TestMethod]
        public void Writer_CompressesRepeatedSuffixes()
        {
            byte[] q = new byte[32];
            byte[] www = new byte[32];
            byte[] other = new byte[32];
            DnsName.FromDotted("example.com", q, 0, 32);
            DnsName.FromDotted("www.Example.COM", www, 0, 32);
            DnsName.FromDotted("mail.example.org", other, 0, 32);
            byte[] m = new byte[128];
            DnsWriter w = new DnsWriter(8);
            Assert.IsTrue(w.Begin(m, m.Length, 0x1234, DnsHeader.MakeFlags(true, 0, DnsHeader.FlagAuthoritative, 0)));
            Assert.IsTrue(w.AddQuestion(q, 0, DnsType.A, DnsType.ClassIn));
            Assert.IsTrue(w.AddAddressRecord(DnsSection.Answer, q, 0, 60, 0x0A000002));
            Assert.IsTrue(w.BeginRecord(DnsSection.Answer, www, 0, DnsType.CNAME, DnsType.ClassIn, 60));
            Assert.IsTrue(w.WriteName(q, 0));
            Assert.IsTrue(w.EndRecord());
            Assert.IsTrue(w.AddAddressRecord(DnsSection.Additional, other, 0, 60, 0x0A000003));
            int length = w.Finish();
            string expected = "1234" + "8400" + "0001" + "0002" + "0000" + "0001"
                + "076578616d706c6503636f6d00" + "00010001"            // question at 12
                + "c00c" + "00010001" + "0000003c" + "0004" + "0a000002"  // example.com A
                + "03777777c00c" + "00050001" + "0000003c" + "0002" + "c00c" // www + pointer; RDATA a pointer
                + "046d61696c076578616d706c65036f726700" + "00010001" + "0000003c" + "0004" + "0a000003";
            Assert.AreEqual(expected.Length / 2, length);
            byte[] e = TestBytes.FromHex(expected);
            for (int i = 0; i < e.Length; i++) { Assert.AreEqual(e[i], m[i], "byte " + i.ToString()); }
            // And it reads back.
            DnsReader r = new DnsReader();
            r.Begin(m, length);
            Assert.IsTrue(r.SkipToEnd());
        }

        [TestMethod]
        public void Writer_Overflow_LeavesTheMessageWhole()
        {
            byte[] name = new byte[32];
            DnsName.FromDotted("device.lan", name, 0, 32);
            byte[] m = new byte[12 + 16 + 16 + 10];
            DnsWriter w = new DnsWriter(4);
            w.Begin(m, m.Length, 7, DnsHeader.MakeFlags(true, 0, 0, 0));
            Assert.IsTrue(w.AddQuestion(name, 0, DnsType.A, DnsType.ClassIn));
            Assert.IsTrue(w.AddAddressRecord(DnsSection.Answer, name, 0, 5, 0x0A000002));
            int before = w.Length;
            Assert.IsFalse(w.AddAddressRecord(DnsSection.Answer, name, 0, 5, 0x0A000003));
            Assert.IsTrue(w.Overflowed);
            Assert.AreEqual(before, w.Length);
            int length = w.Finish();
            Assert.AreEqual(1, DnsHeader.GetAnswerCount(m));
            DnsReader r = new DnsReader();
            r.Begin(m, length);
            Assert.IsTrue(r.SkipToEnd());
        }

        [TestMethod]
        public void Writer_OptRecord_Bytes()
        {
            byte[] m = new byte[64];
            DnsWriter w = new DnsWriter(0);
            w.Begin(m, m.Length, 1, 0);
            Assert.IsTrue(w.AddOpt(1232, 0, false));
            Assert.AreEqual(23, w.Finish());
            byte[] e = TestBytes.FromHex("00002904d0000000000000");
            for (int i = 0; i < e.Length; i++) { Assert.AreEqual(e[i], m[12 + i]); }
            Assert.AreEqual(1, DnsHeader.GetAdditionalCount(m));
        }

        [TestMethod]
        public void Writer_SectionsOutOfOrder_IsAProgrammingError()
        {
            byte[] name = new byte[8];
            DnsName.FromDotted("a", name, 0, 8);
            byte[] m = new byte[64];
            DnsWriter w = new DnsWriter(2);
            w.Begin(m, m.Length, 1, 0);
            w.AddAddressRecord(DnsSection.Answer, name, 0, 1, 1);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => w.AddQuestion(name, 0, DnsType.A, DnsType.ClassIn));
        }
    }
}
