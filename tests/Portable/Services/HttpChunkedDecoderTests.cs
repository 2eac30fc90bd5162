using Firmware.Services.Http;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class HttpChunkedDecoderTests
    {
        private static string Text(byte[] b, int offset, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++) { c[i] = (char)b[offset + i]; }
            return new string(c);
        }

        [TestMethod]
        public void WholeBody_DecodedInPlace_ReadPositionAfterIt()
        {
            byte[] b = HttpAscii.Encode("HEAD4\r\nWiki\r\n6;x=y\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: 1\r\n\r\nNEXT");
            var d = new HttpChunkedDecoder();
            d.Reset(4, 100);
            Assert.AreEqual(HttpChunkedDecoder.Complete, d.Decode(b, b.Length));
            Assert.AreEqual("Wikipedia in \r\n\r\nchunks.", Text(b, 4, d.BodyLength));
            Assert.AreEqual("NEXT", Text(b, d.ReadPosition, b.Length - d.ReadPosition));
        }

        [TestMethod]
        public void ByteByByte_SameResult()
        {
            byte[] b = HttpAscii.Encode("3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
            var d = new HttpChunkedDecoder();
            d.Reset(0, 100);
            for (int end = 1; end < b.Length; end++)
            {
                Assert.AreEqual(HttpChunkedDecoder.NeedMore, d.Decode(b, end));
            }
            Assert.AreEqual(HttpChunkedDecoder.Complete, d.Decode(b, b.Length));
            Assert.AreEqual("abc0123456789abcdef", Text(b, 0, d.BodyLength));
        }

        [TestMethod]
        public void Compact_FreesTheFramingBytes()
        {
            byte[] b = HttpAscii.Encode("1\r\na\r\n1\r\nb\r\n1\r\n");
            var d = new HttpChunkedDecoder();
            d.Reset(0, 100);
            Assert.AreEqual(HttpChunkedDecoder.NeedMore, d.Decode(b, b.Length));
            int end = d.Compact(b, b.Length);
            Assert.AreEqual(2, end);
            Assert.AreEqual("ab", Text(b, 0, 2));
        }

        [TestMethod]
        [DataRow("x\r\n", 400)]
        [DataRow("3\r\nabcd\r\n", 400)]
        [DataRow("3\rX", 400)]
        [DataRow("00000000000000000\r\n", 400)]
        [DataRow("3;\u0001\r\n", 400)]
        [DataRow("65\r\n", 413)]
        [DataRow("40\r\n0000000000000000000000000000000000000000000000000000000000000000\r\n40\r\n", 413)]
        public void Refused(string raw, int status)
        {
            byte[] b = HttpAscii.Encode(raw);
            var d = new HttpChunkedDecoder();
            d.Reset(0, 100);
            Assert.AreEqual(status, d.Decode(b, b.Length));
        }
    }
}
