using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using Firmware.App;
using Firmware.ChipEmulators;
using Firmware.HostNet;
using Firmware.Net.Transport;
using Xunit;

namespace Services.Tests
{
    /// <summary>
    /// What the device app serves (firmware/App/Web): the status page, the JSON API it reads, GPIO, and the capture —
    /// through the app's own stack and a client stack, in virtual time.
    /// </summary>
    public class DeviceWebTests
    {
        private readonly EmulatedPin _led = new EmulatedPin(false, null);
        private readonly EmulatedPin _button = new EmulatedPin(true, null);
        private readonly HttpBed _bed;

        public DeviceWebTests()
        {
            var pins = new GpioTable(2);
            pins.Add("led", _led, isOutput: true);
            pins.Add("button", _button, isOutput: false);
            // The simulator's profile: the netstat test lists the echo service's listener beside the web server's.
            AppConfig config = AppConfig.TestProfile();
            config.CaptureBufferBytes = 16 * 1024;
            config.DeviceName = "test device";
            _bed = HttpBed.ForDevice(config, pins);
        }

        private static string Get(string path, string extra = "") => "GET " + path + " HTTP/1.1\r\nHost: d\r\n" + extra + "\r\n";

        private JsonElement Json(string path)
        {
            var client = _bed.Connect();
            HttpTestResponse r = client.Exchange(Get(path));
            Assert.Equal(200, r.Status);
            Assert.Equal("application/json", r.Header("Content-Type"));
            return JsonDocument.Parse(r.Body).RootElement;
        }

        [Fact]
        public void Status_AddressMacLinkUptime()
        {
            _bed.Run(1500);
            JsonElement s = Json("/api/status");
            Assert.Equal("test device", s.GetProperty("name").GetString());
            Assert.Equal("10.0.0.2", s.GetProperty("address").GetString());
            Assert.Equal(24, s.GetProperty("prefix").GetInt32());
            Assert.Equal("02:00:00:00:00:02", s.GetProperty("mac").GetString());
            Assert.True(s.GetProperty("link").GetBoolean());
            Assert.InRange(s.GetProperty("uptimeMs").GetInt64(), 1500, 3000);
            Assert.Equal(4, s.GetProperty("httpSlots").GetInt32());
            Assert.True(s.GetProperty("capture").GetBoolean());
        }

        [Fact]
        public void Counters_EveryLayer_LargerThanTheResponseBuffer_StreamedWhole()
        {
            var client = _bed.Connect();
            HttpTestResponse r = client.Exchange(Get("/api/counters"));
            Assert.Equal(200, r.Status);
            Assert.True(r.Chunked, "streamed: the document does not fit the response buffer");
            Assert.True(r.Body.Length > 1024, "counters JSON is " + r.Body.Length + " bytes");
            JsonElement c = JsonDocument.Parse(r.Body).RootElement;
            foreach (string layer in new[] { "eth", "arp", "ip", "icmp", "udp", "tcp", "http", "dns", "dnsServer", "mdns", "sntp" })
            {
                Assert.Equal(JsonValueKind.Object, c.GetProperty(layer).ValueKind);
            }
            // This bed's device has a static address: no DHCP client, so no dhcp layer.
            Assert.False(c.TryGetProperty("dhcp", out _));
            Assert.Equal(0, c.GetProperty("dns").GetProperty("queriesOut").GetInt32());
            Assert.True(c.GetProperty("eth").GetProperty("bytesIn").GetInt64() > 0);
            Assert.Equal(1, c.GetProperty("tcp").GetProperty("passiveOpens").GetInt32());
            Assert.Equal(1, c.GetProperty("http").GetProperty("requests").GetInt32());
        }

        [Fact]
        public void Counters_EveryCounterAtItsLargest_StillWholeAndValid()
        {
            // Each piece of the streamed document must fit the piece buffer whatever the values: at their largest
            // the TCP counters alone outgrew one piece, and the document ended in the middle of the tcp object.
            var app = _bed.App;
            // Counters are fields or properties over one array (nanoCLR's heap blocks): every settable one.
            foreach (object counters in new object[] { app.Stack.EthernetCounters, app.Stack.ArpCounters, app.Stack.Ipv4Counters,
                app.Stack.IcmpCounters, app.Stack.UdpCounters, app.Tcp.Counters, app.Http.Counters, app.Stack.IgmpCounters,
                app.DnsServer.Counters, app.Mdns.Counters, app.Resolver.Counters, app.Sntp.Counters })
            {
                foreach (var field in counters.GetType().GetFields())
                {
                    if (field.FieldType == typeof(int)) { field.SetValue(counters, int.MaxValue); }
                    else if (field.FieldType == typeof(long)) { field.SetValue(counters, long.MaxValue / 2); }
                }
                foreach (var property in counters.GetType().GetProperties())
                {
                    if (property.PropertyType == typeof(int) && property.CanWrite) { property.SetValue(counters, int.MaxValue); }
                    else if (property.PropertyType == typeof(long) && property.CanWrite) { property.SetValue(counters, long.MaxValue / 2); }
                }
            }
            var client = _bed.Connect();
            HttpTestResponse r = client.Exchange(Get("/api/counters"));
            Assert.Equal(200, r.Status);
            JsonElement c = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal(int.MaxValue, c.GetProperty("tcp").GetProperty("synCookiesSent").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("tcp").GetProperty("sendFailures").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("tcp").GetProperty("tailLossProbes").GetInt32());
            Assert.True(c.GetProperty("http").GetProperty("bytesReceived").GetInt64() >= long.MaxValue / 2);
            Assert.True(c.GetProperty("eth").GetProperty("bytesIn").GetInt64() >= long.MaxValue / 2);
            Assert.Equal(int.MaxValue, c.GetProperty("ip").GetProperty("outputDropped").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("udp").GetProperty("tableFull").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("dnsServer").GetProperty("amplificationLimited").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("dnsServer").GetProperty("badSource").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("sntp").GetProperty("noSocket").GetInt32());
            Assert.Equal(int.MaxValue, c.GetProperty("mdns").GetProperty("multicastNotJoined").GetInt32());
        }

        [Fact]
        public void Netstat_ListsTheListenersAndThisConnection()
        {
            var client = _bed.Connect();
            HttpTestResponse r = client.Exchange(Get("/api/netstat"));
            JsonElement n = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal("10.0.0.2", n.GetProperty("address").GetString());
            int[] listening = n.GetProperty("listening").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Contains(80, listening);
            Assert.Contains(7, listening);
            JsonElement mine = Assert.Single(n.GetProperty("tcp").EnumerateArray());
            Assert.Equal(80, mine.GetProperty("localPort").GetInt32());
            Assert.Equal("10.0.0.1", mine.GetProperty("remoteAddress").GetString());
            Assert.Equal(client.Connection.LocalPort, mine.GetProperty("remotePort").GetInt32());
            Assert.Equal("ESTABLISHED", mine.GetProperty("state").GetString());
        }

        [Fact]
        public void Gpio_ListReadDrive_AndTheRefusals()
        {
            var client = _bed.Connect();
            JsonElement list = JsonDocument.Parse(client.Exchange(Get("/api/gpio")).Body).RootElement;
            JsonElement[] pins = list.GetProperty("pins").EnumerateArray().ToArray();
            Assert.Equal(2, pins.Length);
            Assert.Equal("led", pins[0].GetProperty("name").GetString());
            Assert.True(pins[0].GetProperty("output").GetBoolean());
            Assert.True(pins[1].GetProperty("value").GetBoolean(), "the button reads high");

            HttpTestResponse on = client.Exchange("PUT /api/gpio/0 HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\n1");
            Assert.Equal(200, on.Status);
            Assert.True(_led.Level, "the PUT drove the pin");
            Assert.True(JsonDocument.Parse(on.Body).RootElement.GetProperty("value").GetBoolean());
            Assert.True(JsonDocument.Parse(client.Exchange(Get("/api/gpio/0")).Body).RootElement.GetProperty("value").GetBoolean());

            HttpTestResponse input = client.Exchange("PUT /api/gpio/1 HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\n0");
            Assert.Equal(405, input.Status);
            Assert.Contains("GET", input.Header("Allow"));
            Assert.Equal(400, client.Exchange("PUT /api/gpio/0 HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\n2").Status);
            Assert.Equal(404, client.Exchange(Get("/api/gpio/9")).Status);
            Assert.Equal(404, client.Exchange(Get("/api/gpio/x")).Status);
            Assert.True(_led.Level, "refused requests changed nothing");
        }

        [Fact]
        public void PostEcho_TheBodyBackWithItsType()
        {
            var client = _bed.Connect();
            HttpTestResponse r = client.Exchange("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world");
            Assert.Equal(200, r.Status);
            Assert.Equal("text/plain", r.Header("Content-Type"));
            Assert.Equal("hello world", r.BodyText);
            Assert.Equal(405, client.Exchange(Get("/api/echo")).Status);
        }

        [Fact]
        public void StatusPage_GzipWithETag_ThenNotModified()
        {
            var client = _bed.Connect();
            HttpTestResponse page = client.Exchange(Get("/", "Accept-Encoding: gzip, deflate\r\n"));
            Assert.Equal(200, page.Status);
            Assert.Equal("gzip", page.Header("Content-Encoding"));
            Assert.StartsWith("text/html", page.Header("Content-Type"));
            using var gzip = new GZipStream(new MemoryStream(page.Body), CompressionMode.Decompress);
            using var text = new StreamReader(gzip);
            string html = text.ReadToEnd();
            Assert.Contains("/api/counters", html);
            Assert.Contains("<canvas", html);
            string etag = page.Header("ETag");
            Assert.Equal(304, client.Exchange(Get("/", "Accept-Encoding: gzip\r\nIf-None-Match: " + etag + "\r\n")).Status);
        }

        [Fact]
        public void CapturePcap_HoldsTheEarlierExchange_AndEndsAlthoughTrafficGoesOn()
        {
            var client = _bed.Connect();
            Assert.Equal(200, client.Exchange(Get("/api/status")).Status);
            // The status page goes out in full-size segments: records larger than what the server takes from a stream at once.
            Assert.Equal(200, client.Exchange(Get("/", "Accept-Encoding: gzip\r\n")).Status);
            // Twice more, so the capture outgrows the TCP send ring (4380 B by default) and its download outlasts one
            // fill of it: frames then go out while it runs (and are not recorded).
            Assert.Equal(200, client.Exchange(Get("/", "Accept-Encoding: gzip\r\n")).Status);
            Assert.Equal(200, client.Exchange(Get("/", "Accept-Encoding: gzip\r\n")).Status);
            HttpTestResponse capture = client.Exchange(Get("/capture.pcap"));
            Assert.Equal(200, capture.Status);
            Assert.Equal("application/vnd.tcpdump.pcap", capture.Header("Content-Type"));
            Assert.True(PcapReader.TryRead(capture.Body, out uint linkType, out List<PcapRecord> records), "a pcap file");
            Assert.Equal(1u, linkType);
            Assert.True(records.Count >= 6, records.Count + " records");
            Assert.Contains(records, r => Encoding.ASCII.GetString(r.Data).Contains("GET /api/status HTTP/1.1"));
            Assert.Contains(records, r => Encoding.ASCII.GetString(r.Data).Contains("\"address\":\"10.0.0.2\""));
            Assert.Contains(records, r => r.Data.Length == 1514);
            Assert.Equal(1, _bed.App.Web.Capture.Completed);
            Assert.Equal(0, _bed.App.Web.Capture.Active);
            Assert.True(_bed.App.Capture.Enabled, "recording resumes after the download");
            Assert.True(_bed.App.Capture.FramesNotRecorded > 0, "the download's own frames were not recorded");
        }

        [Fact]
        public void ApiRequests_KeepAlive_ZeroBytesAllocatedInTheApp()
        {
            byte[][] requests =
            {
                Encoding.ASCII.GetBytes(Get("/api/status")),
                Encoding.ASCII.GetBytes(Get("/api/counters")),
                Encoding.ASCII.GetBytes(Get("/api/netstat")),
                Encoding.ASCII.GetBytes(Get("/api/gpio")),
                Encoding.ASCII.GetBytes("PUT /api/gpio/0 HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\n1"),
                Encoding.ASCII.GetBytes(Get("/", "Accept-Encoding: gzip\r\n")),
                Encoding.ASCII.GetBytes("POST /api/echo HTTP/1.1\r\nHost: d\r\nContent-Length: 5\r\n\r\nhello"),
            };
            TcpConnection c = _bed.ClientTcp.Connect(HttpBed.ServerAddress, 80, _bed.Now);
            while (c.State != TcpState.Established) { _bed.Step(); }
            var reader = new ResponseReader();
            const int warmUp = 60;
            const int measured = 1200;
            long before = 0;
            for (int i = 0; i < warmUp + measured; i++)
            {
                if (i == warmUp)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }
                byte[] request = requests[i % requests.Length];
                int sent = 0;
                reader.Reset(false);
                for (int step = 0; reader.Consume(c) == 0; step++)
                {
                    if (step > 100000) { throw new TimeoutException("request " + i + " got no response"); }
                    if (sent < request.Length) { sent += c.Send(request, sent, request.Length - sent); }
                    _bed.Step();
                }
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.Equal(warmUp + measured, _bed.Server.Counters.Requests);
            Assert.Equal(warmUp + measured, _bed.Server.Counters.Status2xx);
        }
    }
}
