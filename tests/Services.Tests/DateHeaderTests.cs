using Firmware.Net;
using Xunit;

namespace Services.Tests
{
    /// <summary>RFC 9110 §6.6.1: an origin server with a clock sends Date; one without does not.</summary>
    public class DateHeaderTests
    {
        [Fact]
        public void WithoutAClock_NoDate()
        {
            var bed = new HttpBed();
            TestClient c = bed.Connect();
            Assert.Null(c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Header("Date"));
            bed.Server.Clock = new WallClock();  // a clock nobody has set is no clock
            Assert.Null(c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n").Header("Date"));
        }

        [Fact]
        public void WithASetClock_EveryResponseHasTheDate_ErrorsToo()
        {
            var bed = new HttpBed();
            var clock = new WallClock();
            clock.Set(784111777000L - bed.Now, bed.Now);  // Sun, 06 Nov 1994 08:49:37 GMT, now
            bed.Server.Clock = clock;
            TestClient c = bed.Connect();
            var ok = c.Exchange("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(200, ok.Status);
            string date = ok.Header("Date");
            Assert.NotNull(date);
            Assert.Matches(@"^Sun, 06 Nov 1994 08:49:3\d GMT$", date);
            var missing = c.Exchange("GET /nowhere HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal(404, missing.Status);
            Assert.NotNull(missing.Header("Date"));
        }
    }
}
