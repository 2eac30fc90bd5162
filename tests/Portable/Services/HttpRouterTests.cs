using System;
using Firmware.Services.Http;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Services
{
    [TestClass]
    public class HttpRouterTests
    {
        private static int _called;

        private static void A(HttpRequest request, HttpResponse response) { _called = 1; }

        private static void B(HttpRequest request, HttpResponse response) { _called = 2; }

        private static HttpRequest Request(string method, string path)
        {
            byte[] b = HttpAscii.Encode(method + " " + path + " HTTP/1.1\r\nHost: d\r\n\r\n");
            var r = new HttpRequest(b);
            Assert.AreEqual(0, HttpRequestParser.Parse(r, 0, b.Length));
            return r;
        }

        [TestMethod]
        public void ExactAndWildcard_AllowMasks_HeadUsesGet()
        {
            var router = new HttpRouter(4);
            router.Map(HttpMethod.Get, "/api/gpio/*", A);
            router.Map(HttpMethod.Put, "/api/gpio/*", B);
            router.Map(HttpMethod.Get, "/api/gpio/all", B);
            int mask;
            HttpRequest r = Request("HEAD", "/api/gpio/12");
            HttpHandler h = router.Find(r, out mask);
            Assert.IsNotNull(h);
            h(r, null);
            Assert.AreEqual(1, _called);
            Assert.AreEqual(HttpRouter.AllowGet | HttpRouter.AllowPut, mask);
            Assert.IsTrue(r.WildcardEquals("12"));
            int pin;
            Assert.IsTrue(r.TryGetWildcardInt(out pin));
            Assert.AreEqual(12, pin);

            r = Request("GET", "/api/gpio/all");
            router.Find(r, out mask)(r, null);
            Assert.AreEqual(2, _called);
            Assert.AreEqual(HttpRouter.AllowGet, mask);
            Assert.AreEqual(-1, r.WildcardLength);

            r = Request("DELETE", "/api/gpio/3");
            Assert.IsNull(router.Find(r, out mask));
            Assert.AreEqual(HttpRouter.AllowGet | HttpRouter.AllowPut, mask);

            r = Request("GET", "/api/gpio/3/x");
            Assert.IsNull(router.Find(r, out mask));
            Assert.AreEqual(0, mask);
        }

        [TestMethod]
        public void Registration_Refusals()
        {
            var router = new HttpRouter(1);
            Assert.ThrowsException(typeof(ArgumentException), () => router.Map(HttpMethod.Get, "x", A));
            Assert.ThrowsException(typeof(ArgumentException), () => router.Map(HttpMethod.Get, "/x*", A));
            Assert.ThrowsException(typeof(ArgumentException), () => router.Map(HttpMethod.Options, "/x", A));
            router.Map(HttpMethod.Get, "/x", A);
            Assert.ThrowsException(typeof(InvalidOperationException), () => router.Map(HttpMethod.Get, "/x", B));
            Assert.ThrowsException(typeof(InvalidOperationException), () => router.Map(HttpMethod.Get, "/y", B));
        }
    }
}
