using Firmware.Services.Dns;
using Firmware.Tests.Wire;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    /// <summary>The DNS server's pure parts: the zone, the answerer, the rate limiter and the packet-log line.</summary>
    [TestClass]
    public class DnsServerPartsTests
    {
        // `dig @127.0.0.1 Api.Example.com A` (BIND 9.18): RD and AD set, EDNS0 with a 1232-byte payload and a cookie.
        private const string DigQuery = "f3590120000100000000000103417069074578616d706c6503636f6d000001000100002904d000000000000c000a0008045ba603f0e8a2e2";

        private static string Hex(byte[] bytes, int length)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[length * 2];
            for (int i = 0; i < length; i++)
            {
                text[2 * i] = digits[bytes[i] >> 4];
                text[2 * i + 1] = digits[bytes[i] & 0xF];
            }
            return new string(text);
        }

        private static DnsAnswerer Answerer(DnsServerConfig config, DnsServerCounters counters)
        {
            DnsZone zone = new DnsZone("example.com", 4, 256);
            Assert.IsTrue(zone.SetHost("api.example.com"));
            return new DnsAnswerer(zone, config, counters);
        }

        [TestMethod]
        public void Answerer_DigQuery_AaAnswerWithOurOpt_ExactBytes()
        {
            byte[] query = TestBytes.FromHex(DigQuery);
            byte[] response = new byte[512];
            DnsServerCounters counters = new DnsServerCounters();
            int length = Answerer(new DnsServerConfig(), counters).Answer(query, query.Length, response, 0x0A000002, false);
            // Header: ID, QR AA RD, 1/1/0/1; the question as asked; the answer pointing at it (TTL 300, 10.0.0.2);
            // OPT: payload 512, no extended RCODE, version 0, no DO (the query's cookie is not echoed: we keep no secret).
            string expected = "f3598500000100010000000103417069074578616d706c6503636f6d0000010001"
                + "c00c000100010000012c00040a000002" + "0000290200000000000000";
            Assert.AreEqual(expected, Hex(response, length));
            Assert.AreEqual(1, counters.NoError);
        }

        [TestMethod]
        public void Answerer_NeverAnswersAResponse_OrLessThanAHeader()
        {
            byte[] query = TestBytes.FromHex(DigQuery);
            query[2] |= 0x80;
            DnsServerCounters counters = new DnsServerCounters();
            DnsAnswerer answerer = Answerer(new DnsServerConfig(), counters);
            byte[] response = new byte[512];
            Assert.AreEqual(-1, answerer.Answer(query, query.Length, response, 0x0A000002, false));
            Assert.AreEqual(-1, answerer.Answer(query, 11, response, 0x0A000002, false));
            Assert.AreEqual(2, counters.Malformed);
        }

        [TestMethod]
        public void Answerer_EveryTruncationOfTheDigQuery_FormErrOrDropped_NeverMoreThanFourTimesTheQuery()
        {
            byte[] full = TestBytes.FromHex(DigQuery);
            DnsServerCounters counters = new DnsServerCounters();
            DnsAnswerer answerer = Answerer(new DnsServerConfig(), counters);
            byte[] response = new byte[512];
            for (int length = 0; length < full.Length; length++)
            {
                byte[] query = new byte[length];
                System.Array.Copy(full, query, length);
                int n = answerer.Answer(query, length, response, 0x0A000002, false);
                Assert.IsTrue(n <= 4 * length);
                if (length >= 12)
                {
                    Assert.AreEqual(12, n);
                    Assert.AreEqual(DnsHeader.RcodeFormatError, DnsHeader.GetRcode(response));
                }
            }
            Assert.AreEqual(12, counters.Malformed);
            Assert.AreEqual(full.Length - 12, counters.FormErr);
        }

        [TestMethod]
        public void Zone_NamesOutsideTheZone_AndDataBesideACname_Refused()
        {
            DnsZone zone = new DnsZone("lan", 4, 128);
            Assert.IsFalse(zone.SetHost("device.example"));
            Assert.IsTrue(zone.SetHost("device.lan"));
            Assert.IsFalse(zone.AddAddress("printer.example", 1, 60));
            Assert.IsFalse(zone.AddAddress("xlan", 1, 60));
            Assert.IsTrue(zone.AddAlias("www.lan", "device.lan", 60));
            Assert.IsFalse(zone.AddText("www.lan", "x", 60));
            Assert.IsFalse(zone.AddAlias("device.lan", "other.lan", 60));
            Assert.IsFalse(zone.AddText("t.lan", new string('x', 256), 60));
            Assert.AreEqual(1, zone.Count);
            byte[] name = new byte[32];
            DnsName.FromDotted("A.B.Www.LAN", name, 0, 32);
            Assert.IsTrue(zone.Contains(name, 0));
            Assert.IsFalse(zone.Exists(name, 0));
            DnsName.FromDotted("LAN", name, 0, 32);
            Assert.IsTrue(zone.Exists(name, 0));
        }

        [TestMethod]
        public void RateLimiter_BurstThenRefill_LeastRecentSourceForgotten()
        {
            DnsRateLimiter limiter = new DnsRateLimiter(2, 10, 3);
            for (int i = 0; i < 3; i++)
            {
                Assert.IsTrue(limiter.Allow(1, 0));
            }
            Assert.IsFalse(limiter.Allow(1, 0));
            Assert.IsFalse(limiter.Allow(1, 99));
            Assert.IsTrue(limiter.Allow(1, 100));   // 10 a second: one more after 100 ms
            Assert.IsFalse(limiter.Allow(1, 100));
            Assert.IsTrue(limiter.Allow(2, 100));
            Assert.IsTrue(limiter.Allow(3, 101));   // the table holds two: source 1 (seen at 100) makes room
            Assert.AreEqual(2, limiter.Tracked);
            Assert.IsTrue(limiter.Allow(1, 102));   // forgotten, so a fresh burst
            Assert.IsTrue(new DnsRateLimiter(1, 0, 0).Allow(5, 0));
        }

        [TestMethod]
        public void Line_DigQueryAndItsAnswer_InTcpdumpsWords()
        {
            byte[] query = TestBytes.FromHex(DigQuery);
            Assert.AreEqual("62297+ [1au] A? Api.Example.com. (56)", DnsLineFormatter.FormatMessage(query, query.Length));
            byte[] response = new byte[512];
            int length = Answerer(new DnsServerConfig(), new DnsServerCounters()).Answer(query, query.Length, response, 0x0A000002, false);
            Assert.AreEqual("62297*- 1/0/1 A 10.0.0.2 (60)", DnsLineFormatter.FormatMessage(response, length));
            Assert.AreEqual("[|domain] (5)", DnsLineFormatter.FormatMessage(query, 5));
            Assert.IsNull(DnsLineFormatter.Format(1234, 80, query, 0, query.Length));
        }

        [TestMethod]
        public void Line_NxDomainAndRefused()
        {
            DnsServerCounters counters = new DnsServerCounters();
            DnsAnswerer answerer = Answerer(new DnsServerConfig(), counters);
            byte[] name = new byte[64];
            byte[] query = new byte[64];
            DnsWriter writer = new DnsWriter(2);
            writer.Begin(query, query.Length, 7, 0);
            DnsName.FromDotted("nope.example.com", name, 0, 64);
            writer.AddQuestion(name, 0, DnsType.A, DnsType.ClassIn);
            int queryLength = writer.Finish();
            byte[] response = new byte[512];
            int length = answerer.Answer(query, queryLength, response, 0x0A000002, false);
            string line = DnsLineFormatter.FormatMessage(response, length);
            Assert.IsTrue(line.StartsWith("7 NXDomain*- 0/1/0 ("));
            writer.Begin(query, query.Length, 8, 0);
            DnsName.FromDotted("example.org", name, 0, 64);
            writer.AddQuestion(name, 0, DnsType.A, DnsType.ClassIn);
            queryLength = writer.Finish();
            length = answerer.Answer(query, queryLength, response, 0x0A000002, false);
            Assert.AreEqual("8 Refused- 0/0/0 (29)", DnsLineFormatter.FormatMessage(response, length));
        }
    }
}
