using Firmware.App.Www;
using Firmware.Net.Diagnostics;
using Firmware.Services.Http;

namespace Firmware.App.Web
{
    /// <summary>
    /// What the device serves over HTTP: the status page (firmware/App/www, compiled in by tools/pack-www.py) at /, and
    /// the JSON API the page reads — /api/status, /api/counters, /api/netstat, /api/gpio[/{pin}] — POST /api/echo (the
    /// body back, for clients to test their path to the device), and /capture.pcap when the app keeps a capture. Routes
    /// are registered once, here.
    /// </summary>
    public sealed class DeviceWeb
    {
        private readonly DeviceApp _app;
        private readonly HttpServer _http;
        private readonly byte[] _macText;
        private readonly StaticContent _site;
        private readonly CountersJson _counters;
        private readonly NetstatJson _netstat;
        private readonly GpioApi _gpio;
        private readonly CaptureDownload _capture;

        public DeviceWeb(DeviceApp app, HttpServer http, GpioTable pins)
        {
            _app = app;
            _http = http;
            _macText = HttpAscii.Encode(PacketFormatter.FormatMac(app.Stack.Interface.Mac, 0));
            _site = new StaticContent(SiteFiles.CreateFiles());
            // The two documents are written piece by piece inside the server's Poll, one at a time: one writer serves both.
            JsonWriter pieces = new JsonWriter();
            _counters = new CountersJson(app, http.SlotCount, pieces);
            _netstat = new NetstatJson(app, http.SlotCount, pieces);
            _gpio = new GpioApi(pins);
            http.MapGet("/api/status", Status);
            http.MapGet("/api/counters", Counters);
            http.MapGet("/api/netstat", Netstat);
            http.MapGet("/api/gpio", _gpio.List);
            http.MapGet("/api/gpio/*", _gpio.Get);
            http.MapPut("/api/gpio/*", _gpio.Put);
            http.MapPost("/api/echo", Echo);
            if (app.Capture != null)
            {
                _capture = new CaptureDownload(app.Capture, http.SlotCount);
                http.MapGet("/capture.pcap", _capture.Handle);
            }
            http.MapFallback(_site.Handle);
        }

        /// <summary>The GPIO API (its write count, for diagnostics).</summary>
        public GpioApi Gpio { get { return _gpio; } }

        /// <summary>The capture download; null without a capture.</summary>
        public CaptureDownload Capture { get { return _capture; } }

        private void Status(HttpRequest request, HttpResponse response)
        {
            JsonWriter json = response.Json();
            json.BeginObject();
            json.Property("name", _app.Config.DeviceName);
            json.Name("address");
            json.Ipv4Value(_app.Stack.Interface.Address);
            json.Property("prefix", _app.Stack.Interface.PrefixLength);
            json.Name("gateway");
            json.Ipv4Value(_app.Stack.Interface.Gateway);
            json.Name("mac");
            json.StringValue(_macText, 0, _macText.Length);
            json.Property("link", _app.Stack.IsLinkUp);
            json.Property("uptimeMs", _app.UptimeMs);
            json.Property("httpSlots", _http.SlotCount);
            json.Property("httpActive", _http.ActiveSlots);
            json.Property("capture", _capture != null);
            long nowMs = _app.NowMs;
            json.Name("dhcp");
            Services.Dhcp.DhcpClient dhcp = _app.Dhcp;
            if (dhcp == null)
            {
                json.Null();
            }
            else
            {
                json.BeginObject();
                json.Property("state", Services.Dhcp.DhcpClient.StateName(dhcp.State));
                json.Property("source", Services.Dhcp.DhcpClient.SourceName(dhcp.Source));
                json.Name("server");
                json.Ipv4Value(dhcp.ServerAddress);
                json.Property("leaseSeconds", dhcp.LeaseSeconds);
                json.Property("renewInMs", Remaining(dhcp.RenewAtMs, nowMs));
                json.Property("expiresInMs", Remaining(dhcp.LeaseExpiresMs, nowMs));
                json.EndObject();
            }
            json.Name("dns");
            json.BeginArray();
            Services.Dns.DnsResolver resolver = _app.Resolver;
            for (int i = 0; resolver != null && i < resolver.ServerCount; i++)
            {
                json.Ipv4Value(resolver.GetServer(i));
            }
            json.EndArray();
            json.Name("time");
            json.BeginObject();
            json.Property("synchronized", _app.Clock.IsSet);
            json.Property("unixMs", _app.Clock.UnixMs(nowMs));
            Services.Sntp.SntpClient sntp = _app.Sntp;
            json.Name("server");
            json.Ipv4Value(sntp != null ? sntp.ServerAddress : 0);
            json.Property("syncedAgoMs", sntp != null && sntp.LastSyncMs >= 0 ? nowMs - sntp.LastSyncMs : -1);
            json.Property("stratum", sntp != null ? sntp.LastStratum : 0);
            json.EndObject();
            json.EndObject();
        }

        // Ms until an absolute deadline: -1 for none (0 or never).
        private static long Remaining(long atMs, long nowMs)
        {
            return atMs == 0 || atMs == long.MaxValue ? -1 : (atMs > nowMs ? atMs - nowMs : 0);
        }

        private static readonly byte[] ContentTypeName = HttpAscii.Encode("content-type");
        private static readonly byte[] ContentTypeHeader = HttpAscii.Encode("Content-Type");

        // The request's body, with its Content-Type (the body is whole in the slot's buffer, at most MaxBodyBytes).
        private void Echo(HttpRequest request, HttpResponse response)
        {
            int typeOffset;
            int typeLength;
            if (request.TryGetHeader(ContentTypeName, out typeOffset, out typeLength))
            {
                response.AddHeader(ContentTypeHeader, request.Buffer, typeOffset, typeLength);
            }
            else
            {
                response.SetContentType(HttpMediaType.OctetStream);
            }
            response.Body.Write(request.Buffer, request.BodyOffset, request.BodyLength);
        }

        private void Counters(HttpRequest request, HttpResponse response)
        {
            _counters.Begin(response);
        }

        private void Netstat(HttpRequest request, HttpResponse response)
        {
            _netstat.Begin(response);
        }
    }
}
