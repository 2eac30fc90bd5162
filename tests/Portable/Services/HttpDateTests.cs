using Firmware.Services.Http;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class HttpDateTests
    {
        [TestMethod]
        [DataRow(784111777L, "Sun, 06 Nov 1994 08:49:37 GMT")]   // RFC 9110 §5.6.7's example
        [DataRow(0L, "Thu, 01 Jan 1970 00:00:00 GMT")]
        [DataRow(951782400L, "Tue, 29 Feb 2000 00:00:00 GMT")]    // a leap day of a century divisible by 400
        [DataRow(1714564800L, "Wed, 01 May 2024 12:00:00 GMT")]
        [DataRow(4102444799L, "Thu, 31 Dec 2099 23:59:59 GMT")]
        [DataRow(4107542399L, "Sun, 28 Feb 2100 23:59:59 GMT")]
        [DataRow(4107542400L, "Mon, 01 Mar 2100 00:00:00 GMT")]  // 2100 is no leap year
        public void ImfFixdate(long unixSeconds, string expected)
        {
            byte[] b = new byte[40];
            Assert.AreEqual(HttpDate.Length, HttpDate.Write(b, 3, unixSeconds));
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual((int)expected[i], (int)b[3 + i], expected);
            }
        }
    }
}
