using Firmware.Services.Http;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class JsonWriterTests
    {
        private static string Text(ByteWriter w)
        {
            char[] c = new char[w.Length];
            for (int i = 0; i < c.Length; i++) { c[i] = (char)w.Buffer[w.Offset + i]; }
            return new string(c);
        }

        [TestMethod]
        public void NestedObjectsAndArrays_CommasPlaced()
        {
            var w = new JsonWriter(new byte[256]);
            w.BeginObject();
            w.Property("a", 1);
            w.Name("list");
            w.BeginArray();
            w.Value(-2);
            w.Value(true);
            w.Null();
            w.BeginObject();
            w.EndObject();
            w.BeginArray();
            w.EndArray();
            w.EndArray();
            w.Property("ok", false);
            w.Name("ip");
            w.Ipv4Value(0xC0A80001);
            w.EndObject();
            Assert.IsFalse(w.Overflowed);
            Assert.IsTrue(w.IsComplete);
            Assert.AreEqual("{\"a\":1,\"list\":[-2,true,null,{},[]],\"ok\":false,\"ip\":\"192.168.0.1\"}", Text(w));
        }

        [TestMethod]
        public void Strings_Escaped()
        {
            var w = new JsonWriter(new byte[128]);
            w.BeginArray();
            w.Value("q\"b\\n\n\t\u0001\u00e9");
            byte[] utf8 = { (byte)'x', 0xC3, 0xA9, (byte)'"', 0x1F };
            w.StringValue(utf8, 0, utf8.Length);
            w.EndArray();
            Assert.AreEqual("[\"q\\\"b\\\\n\\n\\t\\u0001\\u00e9\",\"x\u00c3\u00a9\\\"\\u001f\"]", Text(w));
        }

        [TestMethod]
        [DataRow(1234L, 2, "12.34")]
        [DataRow(-5L, 2, "-0.05")]
        [DataRow(-1234L, 1, "-123.4")]
        [DataRow(7L, 0, "7")]
        [DataRow(100L, 3, "0.100")]
        public void FixedValue(long scaled, int decimals, string text)
        {
            var w = new JsonWriter(new byte[32]);
            w.FixedValue(scaled, decimals);
            Assert.AreEqual(text, Text(w));
        }

        [TestMethod]
        public void Numbers_Extremes()
        {
            var w = new JsonWriter(new byte[64]);
            w.BeginArray();
            w.Value(long.MinValue);
            w.Value(long.MaxValue);
            w.Value(0);
            w.EndArray();
            Assert.AreEqual("[-9223372036854775808,9223372036854775807,0]", Text(w));
        }

        [TestMethod]
        public void Misuse_MarksOverflowed()
        {
            var a = new JsonWriter(new byte[32]);
            a.BeginObject();
            Assert.IsFalse(a.Value(1));
            Assert.IsTrue(a.Overflowed);
            var b = new JsonWriter(new byte[32]);
            b.BeginArray();
            Assert.IsFalse(b.EndObject());
            var c = new JsonWriter(new byte[32]);
            Assert.IsFalse(c.Name("x"));
            var d = new JsonWriter(new byte[32]);
            Assert.IsFalse(d.EndArray());
        }

        [TestMethod]
        public void Overflow_ItemNotWritten_Flagged_ClearRecovers()
        {
            var w = new JsonWriter(new byte[8]);
            w.BeginArray();
            Assert.IsFalse(w.Value("much too long"));
            Assert.IsTrue(w.Overflowed);
            w.Clear();
            Assert.IsFalse(w.Overflowed);
            Assert.AreEqual(0, w.Length);
            Assert.IsTrue(w.Value(12345));
            Assert.AreEqual("12345", Text(w));
        }

        [TestMethod]
        public void ByteWriter_AttachToARegion()
        {
            byte[] b = new byte[16];
            var w = new ByteWriter();
            w.Attach(b, 4, 6);
            Assert.IsTrue(w.WriteAscii("abc"));
            Assert.IsTrue(w.WriteDecimal(-12));
            Assert.IsFalse(w.WriteByte((byte)'!'));
            Assert.AreEqual(4, w.Offset);
            Assert.AreEqual("abc-12", Text(w));
            Assert.AreEqual((byte)0, b[3]);
            Assert.AreEqual((byte)0, b[10]);
        }
    }
}
