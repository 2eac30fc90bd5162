using Firmware.Services.Http;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class HttpUrlTests
    {
        [TestMethod]
        [DataRow("/a%20b", "/a b")]
        [DataRow("/%2Fx%2f", "//x/")]
        [DataRow("/plain+plus", "/plain+plus")]
        [DataRow("/%c3%a9", "/\u00c3\u00a9")]
        public void DecodeInPlace(string raw, string decoded)
        {
            byte[] b = HttpAscii.Encode(raw);
            int n = HttpUrl.DecodeInPlace(b, 0, b.Length);
            Assert.AreEqual(decoded.Length, n);
            for (int i = 0; i < n; i++) { Assert.AreEqual((int)decoded[i], (int)b[i]); }
        }

        [TestMethod]
        [DataRow("/%")]
        [DataRow("/%4")]
        [DataRow("/%g0")]
        [DataRow("/%00")]
        public void DecodeInPlace_Malformed(string raw)
        {
            byte[] b = HttpAscii.Encode(raw);
            Assert.AreEqual(-1, HttpUrl.DecodeInPlace(b, 0, b.Length));
        }

        [TestMethod]
        public void Parameters_ByDecodedName_IntoTheCallersBuffer()
        {
            byte[] q = HttpAscii.Encode("a=1&my+key=x%3Dy&empty=&flag&a=2");
            byte[] value = new byte[8];
            int length;
            Assert.IsTrue(HttpUrl.TryGetParameter(q, 0, q.Length, "a", value, 0, value.Length, out length));
            Assert.AreEqual(1, length);
            Assert.AreEqual((byte)'1', value[0]);
            Assert.IsTrue(HttpUrl.TryGetParameter(q, 0, q.Length, "my key", value, 0, value.Length, out length));
            Assert.IsTrue(HttpAscii.Equals(value, 0, length, "x=y"));
            Assert.IsTrue(HttpUrl.TryGetParameter(q, 0, q.Length, "empty", value, 0, value.Length, out length));
            Assert.AreEqual(0, length);
            Assert.IsTrue(HttpUrl.TryGetParameter(q, 0, q.Length, "flag", value, 0, value.Length, out length));
            Assert.AreEqual(0, length);
            Assert.IsFalse(HttpUrl.TryGetParameter(q, 0, q.Length, "my", value, 0, value.Length, out length));
            Assert.IsFalse(HttpUrl.TryGetParameter(q, 0, q.Length, "b", value, 0, value.Length, out length));
            Assert.IsFalse(HttpUrl.TryGetParameter(q, 0, q.Length, "my key", value, 0, 2, out length));
        }
    }
}
