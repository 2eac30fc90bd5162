using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Firmware.HostNet;
using Xunit;

namespace Firmware.HttpPeers;

/// <summary>
/// Real HTTP clients — curl, Python's http.client and raw sockets (http_peer.py), wrk and ab, headless Chromium,
/// tshark on the device's own capture — against the device app's web server (firmware/App/Web), each check a
/// whole scenario with its assertions. The same checks run through the simulator's loopback forward and over a
/// TAP in a namespace; only the <see cref="HttpPeerSite"/> differs.
/// </summary>
public static class HttpPeerChecks
{
    /// <summary>What the simulator's device is (tools/Simulator: AppConfig.DeviceName, its --ip and --mac defaults).</summary>
    public const string DeviceName = "simulated device";
    public const string DeviceAddress = "10.0.0.2";
    public const string DeviceMac = "02:00:00:00:00:02";

    /// <summary>The server's default RequestTimeoutMs (HttpServerConfig), which the device app keeps.</summary>
    public const int RequestTimeoutMs = 10000;

    private const int ClientTimeoutMs = 60000;

    // ------------------------------------------------------------------------------------------------ curl

    /// <summary>GET of the three JSON resources; each parses and says what the device is.</summary>
    public static void CurlGetJson(HttpPeerSite site)
    {
        HttpPeerTools.Require("curl");
        var status = CurlExchange.Fetch(site, "/api/status");
        Assert.Equal(200, status.Status);
        Assert.Equal("application/json", status.Field("Content-Type"));
        Assert.Equal(status.Body.Length.ToString(CultureInfo.InvariantCulture), status.Field("Content-Length"));
        using (var json = Parse(status))
        {
            var root = json.RootElement;
            Assert.Equal(DeviceName, root.GetProperty("name").GetString());
            Assert.Equal(DeviceAddress, root.GetProperty("address").GetString());
            Assert.Equal(24, root.GetProperty("prefix").GetInt32());
            Assert.Equal(DeviceMac, root.GetProperty("mac").GetString());
            Assert.True(root.GetProperty("link").GetBoolean());
            Assert.True(root.GetProperty("uptimeMs").GetInt64() > 0);
            Assert.Equal(4, root.GetProperty("httpSlots").GetInt32());
            // This very request holds a slot while the handler runs.
            Assert.InRange(root.GetProperty("httpActive").GetInt32(), 1, 4);
            Assert.True(root.GetProperty("capture").GetBoolean());
        }

        var counters = CurlExchange.Fetch(site, "/api/counters");
        Assert.Equal(200, counters.Status);
        // Streamed piece by piece: chunked in HTTP/1.1.
        Assert.Equal("chunked", counters.Field("Transfer-Encoding"));
        using (var json = Parse(counters))
        {
            var root = json.RootElement;
            foreach (string layer in new[] { "eth", "arp", "ip", "icmp", "udp", "tcp", "http" })
            {
                Assert.Equal(JsonValueKind.Object, root.GetProperty(layer).ValueKind);
            }
            Assert.True(root.GetProperty("eth").GetProperty("framesIn").GetInt64() > 0);
            Assert.True(root.GetProperty("tcp").GetProperty("passiveOpens").GetInt64() >= 2);
            // The /api/status request before this one at least.
            Assert.True(root.GetProperty("http").GetProperty("requests").GetInt64() >= 1);
        }

        var netstat = CurlExchange.Fetch(site, "/api/netstat");
        Assert.Equal(200, netstat.Status);
        using (var json = Parse(netstat))
        {
            var root = json.RootElement;
            Assert.Equal(DeviceAddress, root.GetProperty("address").GetString());
            var listening = root.GetProperty("listening").EnumerateArray().Select(p => p.GetInt32()).ToArray();
            Assert.Contains(80, listening);
            Assert.Contains(7, listening);
            // Our own connection, established on port 80.
            Assert.Contains(root.GetProperty("tcp").EnumerateArray(),
                c => c.GetProperty("localPort").GetInt32() == 80 && c.GetProperty("state").GetString() == "ESTABLISHED");
        }
    }

    /// <summary>HEAD answers with exactly GET's status line and fields and no body (also when it is followed on the same connection).</summary>
    public static void CurlHead(HttpPeerSite site)
    {
        static bool IsDate(HttpField f) => string.Equals(f.Name, "Date", StringComparison.OrdinalIgnoreCase);
        HttpPeerTools.Require("curl");
        foreach (string path in new[] { "/", "/api/gpio", "/no/such/page" })
        {
            var get = CurlExchange.Fetch(site, path);
            var head = CurlExchange.Fetch(site, path, "--head");
            Assert.Equal(get.StatusLine, head.StatusLine);
            // Date is the moment of each response (RFC 9110 §6.6.1): the two may fall in different seconds.
            Assert.Equal(get.Fields.Where(f => !IsDate(f)), head.Fields.Where(f => !IsDate(f)));
            Assert.Equal(get.Field("Date") != null, head.Field("Date") != null);
            Assert.Equal(get.Body.Length.ToString(CultureInfo.InvariantCulture), head.Field("Content-Length"));
        }

        // No body after the head: curl --head would not read one, so a GET follows on the same connection, where a
        // stray body would be read as the GET's response (http_peer.py pipeline checks the same with http.client).
        string body = site.NewFile("gpio.json");
        var run = site.Run(ClientTimeoutMs, CurlExchange.Command("-v", "--head", site.Url("/api/gpio"), "--next", "-o", body, site.Url("/api/gpio")));
        Assert.True(run.ExitCode == 0, run.Describe("curl --head URL --next URL") + CurlExchange.Simulator(site));
        AssertConnections(run.Errors, opened: 1, reused: 1);
        using var json = JsonDocument.Parse(File.ReadAllBytes(body));
        Assert.Equal(2, json.RootElement.GetProperty("pins").GetArrayLength());
    }

    /// <summary>POST /api/echo returns text, every byte value and a chunked body unchanged; the body limit is 512 B (413 beyond); PUT drives a pin.</summary>
    public static void CurlPostAndPut(HttpPeerSite site)
    {
        HttpPeerTools.Require("curl");
        var text = CurlExchange.Fetch(site, "/api/echo", "-H", "Content-Type: text/plain; charset=utf-8", "--data-binary", "hello, device");
        Assert.Equal(200, text.Status);
        Assert.Equal("hello, device", text.BodyText);
        Assert.Equal("text/plain; charset=utf-8", text.Field("Content-Type"));

        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.Length; i++)
        {
            everyByte[i] = (byte)(i * 7 + i / 256);
        }
        string file = site.NewFile("post.bin");
        File.WriteAllBytes(file, everyByte);
        var binary = CurlExchange.Fetch(site, "/api/echo", "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file);
        Assert.Equal(200, binary.Status);
        Assert.Equal(everyByte, binary.Body);

        // curl sends the body in chunks (RFC 9112 §7.1); the server decodes them in place.
        var chunked = CurlExchange.Fetch(site, "/api/echo", "-v", "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: application/x-test",
            "--data-binary", "@" + file);
        Assert.Contains("> Transfer-Encoding: chunked", chunked.Trace);
        Assert.Equal(200, chunked.Status);
        Assert.Equal(everyByte, chunked.Body);
        Assert.Equal("application/x-test", chunked.Field("Content-Type"));

        File.WriteAllBytes(file, new byte[513]);
        var tooLarge = CurlExchange.Fetch(site, "/api/echo", "--data-binary", "@" + file);
        Assert.Equal(413, tooLarge.Status);
        Assert.Equal("close", tooLarge.Field("Connection"));

        var on = CurlExchange.Fetch(site, "/api/gpio/0", "-X", "PUT", "--data-binary", "1");
        Assert.Equal("{\"pin\":0,\"value\":true}", on.BodyText);
        Assert.Equal("{\"pin\":0,\"value\":true}", CurlExchange.Fetch(site, "/api/gpio/0").BodyText);
        var off = CurlExchange.Fetch(site, "/api/gpio/0", "-X", "PUT", "--data-binary", "0");
        Assert.Equal("{\"pin\":0,\"value\":false}", off.BodyText);
        Assert.Equal(400, CurlExchange.Fetch(site, "/api/gpio/0", "-X", "PUT", "--data-binary", "2").Status);
        Assert.Equal(404, CurlExchange.Fetch(site, "/api/gpio/9", "-X", "PUT", "--data-binary", "1").Status);
        var input = CurlExchange.Fetch(site, "/api/gpio/1", "-X", "PUT", "--data-binary", "1");
        Assert.Equal(405, input.Status);
        Assert.Equal("GET, HEAD, OPTIONS", input.Field("Allow"));
    }

    /// <summary>HTTP/1.0: the connection closes after each response, unless the client asks for keep-alive.</summary>
    public static void CurlHttp10(HttpPeerSite site)
    {
        HttpPeerTools.Require("curl");
        var once = CurlExchange.Fetch(site, "/api/gpio", "-v", "--http1.0");
        Assert.Contains("> GET /api/gpio HTTP/1.0", once.Trace);
        Assert.Equal(200, once.Status);
        Assert.Equal("close", once.Field("Connection"));
        Assert.DoesNotContain("left intact", once.Trace);

        var two = site.Run(ClientTimeoutMs, CurlExchange.Command("-v", "--http1.0", "-o", "/dev/null", site.Url("/api/gpio"), "-o", "/dev/null", site.Url("/api/status")));
        Assert.True(two.ExitCode == 0, two.Describe("curl --http1.0 URL URL") + CurlExchange.Simulator(site));
        AssertConnections(two.Errors, opened: 2, reused: 0);

        var keepAlive = site.Run(ClientTimeoutMs, CurlExchange.Command("-v", "--http1.0", "-H", "Connection: keep-alive",
            "-o", "/dev/null", site.Url("/api/gpio"), "-o", "/dev/null", site.Url("/api/status")));
        Assert.True(keepAlive.ExitCode == 0, keepAlive.Describe("curl --http1.0 -H 'Connection: keep-alive' URL URL") + CurlExchange.Simulator(site));
        AssertConnections(keepAlive.Errors, opened: 1, reused: 1);
        Assert.Contains("< Connection: keep-alive", keepAlive.Errors);
    }

    /// <summary>Two URLs in one curl call: one connection, reused for the second (HTTP/1.1 keeps it alive by default).</summary>
    public static void CurlReuse(HttpPeerSite site)
    {
        HttpPeerTools.Require("curl");
        string first = site.NewFile("status.json");
        string second = site.NewFile("counters.json");
        var run = site.Run(ClientTimeoutMs, CurlExchange.Command("-v", "-o", first, site.Url("/api/status"), "-o", second, site.Url("/api/counters")));
        Assert.True(run.ExitCode == 0, run.Describe("curl -v URL URL") + CurlExchange.Simulator(site));
        AssertConnections(run.Errors, opened: 1, reused: 1);
        using var status = JsonDocument.Parse(File.ReadAllBytes(first));
        using var counters = JsonDocument.Parse(File.ReadAllBytes(second));
        Assert.Equal(DeviceAddress, status.RootElement.GetProperty("address").GetString());
        Assert.True(counters.RootElement.GetProperty("http").GetProperty("keepAliveRequests").GetInt64() >= 1);
    }

    /// <summary>The status page: gzip on the wire, the repository's index.html after decoding, an ETag that gets 304 back.</summary>
    public static void CurlCompressedPage(HttpPeerSite site)
    {
        HttpPeerTools.Require("curl");
        byte[] indexHtml = File.ReadAllBytes(Path.Combine(HttpPeerTools.RepoRoot, "firmware", "App", "www", "index.html"));
        var page = CurlExchange.Fetch(site, "/", "--compressed");
        Assert.Equal(200, page.Status);
        Assert.Equal("gzip", page.Field("Content-Encoding"));
        Assert.Equal("text/html; charset=utf-8", page.Field("Content-Type"));
        Assert.Equal("Accept-Encoding", page.Field("Vary"));
        Assert.Equal("no-cache", page.Field("Cache-Control"));
        Assert.True(int.Parse(page.Field("Content-Length"), CultureInfo.InvariantCulture) < indexHtml.Length / 2,
            "gzip should at least halve the page: " + page.Field("Content-Length") + " of " + indexHtml.Length);
        Assert.Equal(indexHtml, page.Body);
        string etag = page.Field("ETag");
        Assert.Matches("^\"[^\"]+\"$", etag);

        var again = CurlExchange.Fetch(site, "/", "--compressed", "-H", "If-None-Match: " + etag);
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(etag, again.Field("ETag"));
        Assert.Null(again.Field("Content-Length"));

        var changed = CurlExchange.Fetch(site, "/", "--compressed", "-H", "If-None-Match: \"something-else\"");
        Assert.Equal(200, changed.Status);
        Assert.Equal(indexHtml, changed.Body);
        // index.html is also its folder's path.
        Assert.Equal(indexHtml, CurlExchange.Fetch(site, "/index.html", "--compressed").Body);
        // One coding per file on the device: a client refusing gzip gets 406 (firmware/Services/Http/README.md).
        Assert.Equal(406, CurlExchange.Fetch(site, "/", "-H", "Accept-Encoding: identity").Status);
    }

    // ------------------------------------------------------------------------------------ Python, raw sockets

    /// <summary>28 pipelined requests in one write, parsed by http.client: every answer in order, the last closes.</summary>
    public static void PythonPipelined(HttpPeerSite site)
    {
        HttpPeerTools.Require("python3", "curl");
        long pipelinedBefore = HttpCounter(site, "pipelinedRequests");
        using var json = RunScript(site, "pipeline");
        var root = json.RootElement;
        var answers = root.GetProperty("answers").EnumerateArray().ToArray();
        Assert.Equal(28, answers.Length);
        Assert.True(root.GetProperty("bytesSent").GetInt32() > 1024, "the pipeline should not fit the 1 KB request buffer");
        bool led = false;
        for (int i = 0; i < answers.Length; i++)
        {
            var a = answers[i];
            string request = a.GetProperty("request").GetString();
            string body = a.GetProperty("body").GetString();
            int status = a.GetProperty("status").GetInt32();
            string where = "answer " + i + " (" + request + "): " + status + " " + body;
            switch (i % 7)
            {
                case 0:
                    Assert.True(status == 200 && body == "{\"pin\":1,\"value\":true}", where);
                    break;
                case 1:
                    Assert.True(status == 200 && body == "request " + i, where);
                    break;
                case 2:
                    Assert.True(status == 404 && body == "Not Found\n", where);
                    break;
                case 3:
                    // HEAD: no body, and the Content-Length of the GET that follows it.
                    string next = answers[i + 1].GetProperty("body").GetString();
                    Assert.True(status == 200 && body.Length == 0 && FieldOf(a, "Content-Length") == next.Length.ToString(CultureInfo.InvariantCulture), where);
                    break;
                case 4:
                    Assert.True(status == 200 && body.Contains("\"name\":\"led\",\"output\":true,\"value\":" + (led ? "true" : "false")), where);
                    break;
                case 5:
                    led = !led;
                    Assert.True(status == 200 && body == "{\"pin\":0,\"value\":" + (led ? "true" : "false") + "}", where);
                    break;
                case 6:
                    Assert.True(status == 200 && body == "{\"pin\":0,\"value\":" + (led ? "true" : "false") + "}", where);
                    break;
            }
            Assert.True(a.GetProperty("version").GetInt32() == 11, where);
            bool last = i == answers.Length - 1;
            Assert.True((FieldOf(a, "Connection") == "close") == last, where + " Connection: " + FieldOf(a, "Connection"));
        }
        Assert.Equal("", root.GetProperty("after").GetString());
        Assert.True(HttpCounter(site, "pipelinedRequests") > pipelinedBefore, "the server counted no pipelined request");
    }

    /// <summary>
    /// A slowloris client (one header byte a second) gets 408 once RequestTimeoutMs has passed since its first
    /// byte, and the connection closes; another client is served all the while.
    /// </summary>
    public static void Slowloris(HttpPeerSite site, Action<string> log)
    {
        HttpPeerTools.Require("python3", "curl");
        long timeoutsBefore = HttpCounter(site, "requestTimeouts");
        using var json = RunScript(site, "slowloris");
        var root = json.RootElement;
        string report = root.GetRawText();
        Assert.True(root.GetProperty("statusLine").GetString() == "HTTP/1.1 408 Request Timeout", report);
        Assert.True(root.GetProperty("closed").GetBoolean(), report);
        Assert.EndsWith("Connection: close\r\n\r\nRequest Timeout\n", root.GetProperty("response").GetString());
        double seconds = root.GetProperty("secondsToClose").GetDouble();
        int trickled = root.GetProperty("bytesTrickled").GetInt32();
        Assert.InRange(seconds, RequestTimeoutMs / 1000.0 - 1, RequestTimeoutMs / 1000.0 + 5);
        Assert.InRange(trickled, RequestTimeoutMs / 1000 - 2, RequestTimeoutMs / 1000 + 5);
        var others = root.GetProperty("others").EnumerateArray().ToArray();
        Assert.True(others.Length >= 8, "the other client got only " + others.Length + " answers in " + seconds + " s: " + report);
        Assert.All(others, o => Assert.True(o.GetProperty("status").GetInt32() == 200 && o.GetProperty("seconds").GetDouble() < 5, o.GetRawText()));
        Assert.Equal(timeoutsBefore + 1, HttpCounter(site, "requestTimeouts"));
        log("slowloris (" + site.Mode + "): 408 after " + seconds.ToString("F1", CultureInfo.InvariantCulture) + " s and " + trickled
            + " bytes; meanwhile " + others.Length + " requests of another client answered, slowest in "
            + others.Max(o => o.GetProperty("seconds").GetDouble()).ToString("F3", CultureInfo.InvariantCulture) + " s");
    }

    /// <summary>The status each malformed or oversized request of http_peer.py must get (firmware/Services/Http/README.md).</summary>
    public static readonly IReadOnlyDictionary<string, int> ErrorCases = new Dictionary<string, int>
    {
        ["no-host-in-1.1"] = 400,
        ["two-hosts"] = 400,
        ["obs-fold"] = 400,
        ["space-before-colon"] = 400,
        ["control-in-value"] = 400,
        ["bad-percent-escape"] = 400,
        ["percent-nul"] = 400,
        ["binary-garbage"] = 400,
        ["bad-version"] = 400,
        ["bad-content-length"] = 400,
        ["te-and-content-length"] = 400,
        ["target-too-long"] = 414,
        ["fields-too-large"] = 431,
        ["method-too-long"] = 501,
        ["body-too-large"] = 413,
        ["body-over-limit"] = 413,
        ["expect-100-too-large"] = 413,
        ["unknown-method"] = 501,
        ["unknown-coding"] = 501,
        ["http-2.0"] = 505,
        ["http-0.9"] = 505,
        ["unknown-expectation"] = 417,
        ["method-not-allowed"] = 405,
        ["not-found"] = 404,
    };

    /// <summary>
    /// Each malformed or oversized request on a raw socket gets its status; a framing error closes with a FIN (not
    /// a RST), a 404/405 keeps the connection and serves the next request on it; afterwards every slot is free.
    /// </summary>
    public static void MalformedRequests(HttpPeerSite site)
    {
        HttpPeerTools.Require("python3", "curl");
        long badBefore = HttpCounter(site, "badRequests");
        long clientErrorsBefore = HttpCounter(site, "status4xx");
        long serverErrorsBefore = HttpCounter(site, "status5xx");
        using var json = RunScript(site, "errors");
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(ErrorCases.Keys.OrderBy(k => k), results.Select(r => r.GetProperty("case").GetString()).OrderBy(k => k));
        var failures = new StringBuilder();
        foreach (var r in results)
        {
            string name = r.GetProperty("case").GetString();
            int expected = ErrorCases[name];
            string statusLine = r.GetProperty("statusLine").GetString();
            string end = r.TryGetProperty("end", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            bool keeps = expected == 404 || expected == 405;
            string problem = null;
            if (r.TryGetProperty("sendError", out var sendError))
            {
                problem = "could not send: " + sendError.GetString();
            }
            else if (!statusLine.StartsWith("HTTP/1.1 " + expected + " ", StringComparison.Ordinal))
            {
                problem = "status line '" + statusLine + "'";
            }
            else if (r.GetProperty("body").GetString() != statusLine.Substring(13) + "\n")
            {
                problem = "body '" + r.GetProperty("body").GetString() + "'";
            }
            else if (keeps && (FieldOf(r, "Connection") != null || r.GetProperty("followUp").GetString() != "HTTP/1.1 200 OK"))
            {
                problem = "the connection should have stayed open and served the next request; follow-up '" + r.GetProperty("followUp") + "'";
            }
            else if (!keeps && (FieldOf(r, "Connection") != "close" || end != "eof"))
            {
                problem = "expected Connection: close and then the server's FIN; Connection: " + FieldOf(r, "Connection") + ", then " + (end ?? "nothing");
            }
            else if (expected == 405 && FieldOf(r, "Allow") != "GET, HEAD, OPTIONS")
            {
                problem = "Allow: " + FieldOf(r, "Allow");
            }
            if (problem != null)
            {
                failures.AppendLine(name + " (expected " + expected + "): " + problem + "   " + r.GetRawText());
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());

        // Every slot free again: only the asking connection is active, and no other connection to port 80 is open.
        var stopwatch = Stopwatch.StartNew();
        int active;
        int port80;
        do
        {
            using var status = Parse(CurlExchange.Fetch(site, "/api/status"));
            active = status.RootElement.GetProperty("httpActive").GetInt32();
            using var netstat = Parse(CurlExchange.Fetch(site, "/api/netstat"));
            port80 = netstat.RootElement.GetProperty("tcp").EnumerateArray().Count(c => c.GetProperty("localPort").GetInt32() == 80);
            if (active == 1 && port80 == 1)
            {
                break;
            }
            Thread.Sleep(200);
        }
        while (stopwatch.ElapsedMilliseconds < 8000);
        Assert.True(active == 1, "HTTP slots still busy after the malformed requests: httpActive " + active + " (1 is the asking request)" + CurlExchange.Simulator(site));
        Assert.True(port80 == 1, port80 + " connections to port 80 open after the malformed requests (1 is the asking request)" + CurlExchange.Simulator(site));

        int count400 = ErrorCases.Values.Count(s => s == 400);
        int count4xx = ErrorCases.Values.Count(s => s >= 400 && s < 500);
        int count5xx = ErrorCases.Values.Count(s => s >= 500);
        Assert.Equal(badBefore + count400, HttpCounter(site, "badRequests"));
        Assert.Equal(clientErrorsBefore + count4xx, HttpCounter(site, "status4xx"));
        Assert.Equal(serverErrorsBefore + count5xx, HttpCounter(site, "status5xx"));
    }

    // ------------------------------------------------------------------------------------------ load generators

    /// <summary>
    /// wrk (3 connections, 3 s, HTTP/1.1 keep-alive) and ab (-k: HTTP/1.0 keep-alive, 4 connections, 2000 requests):
    /// no errors, no non-2xx; the requests/s they report are logged as figures, not judged. Why wrk gets 3: the
    /// device's TCP table holds 4 connections (TcpConfig.Connections, shared by every service), and wrk opens one
    /// more than -c (a probe it closes at once); when 5 SYNs come in one burst the table's flood defence resets the
    /// oldest half-open one, and wrk counts that as a socket error.
    /// </summary>
    public static void LoadGenerators(HttpPeerSite site, Action<string> log)
    {
        HttpPeerTools.Require("wrk", "ab", "curl");
        long requestsBefore = HttpCounter(site, "requests");
        long errorsBefore = HttpCounter(site, "status4xx") + HttpCounter(site, "status5xx");

        var wrk = site.Run(ClientTimeoutMs, "wrk", "-t", "1", "-c", "3", "-d", "3s", "--timeout", "5s", "--latency", site.Url("/api/status"));
        Assert.True(wrk.ExitCode == 0, wrk.Describe("wrk") + CurlExchange.Simulator(site));
        Assert.False(wrk.Output.Contains("Socket errors") || wrk.Output.Contains("Non-2xx or 3xx responses"), wrk.Describe("wrk (errors)"));
        var total = Regex.Match(wrk.Output, @"(\d+) requests in ([\d.]+)s");
        var rate = Regex.Match(wrk.Output, @"Requests/sec:\s+([\d.]+)");
        Assert.True(total.Success && rate.Success, wrk.Describe("wrk (no totals)"));
        long wrkRequests = long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(wrkRequests >= 100, wrk.Describe("wrk (too few requests)"));

        var ab = site.Run(ClientTimeoutMs, "ab", "-q", "-k", "-n", "2000", "-c", "4", "-s", "10", site.Url("/api/gpio"));
        Assert.True(ab.ExitCode == 0, ab.Describe("ab") + CurlExchange.Simulator(site));
        Assert.True(ab.Output.Contains("Complete requests:      2000") && Regex.IsMatch(ab.Output, @"Failed requests:\s+0\r?\n")
            && ab.Output.Contains("Keep-Alive requests:    2000") && !ab.Output.Contains("Non-2xx responses"), ab.Describe("ab (errors)"));
        var abRate = Regex.Match(ab.Output, @"Requests per second:\s+([\d.]+)");
        Assert.True(abRate.Success, ab.Describe("ab (no rate)"));

        // The device saw them all, and answered none with an error. wrk may leave up to 4 requests unanswered when it stops.
        Assert.True(HttpCounter(site, "requests") - requestsBefore >= wrkRequests + 2000, "the device counted fewer requests than wrk and ab made");
        Assert.Equal(errorsBefore, HttpCounter(site, "status4xx") + HttpCounter(site, "status5xx"));
        var latency = Regex.Match(wrk.Output, @"99%\s+(\S+)");
        log("load (" + site.Mode + "): wrk GET /api/status, 3 connections, 3 s: " + wrkRequests + " requests, " + rate.Groups[1].Value
            + " requests/s" + (latency.Success ? " (p99 " + latency.Groups[1].Value + ")" : "")
            + "; ab -k GET /api/gpio, 4 connections (HTTP/1.0 keep-alive): 2000 requests, " + abRate.Groups[1].Value + " requests/s");
    }

    // ------------------------------------------------------------------------------------------------ Chromium

    /// <summary>
    /// Headless Chromium renders the status page: the script filled in the device's address and the counters
    /// from the JSON API; a screenshot is kept in <see cref="HttpPeerTools.ResultsDirectory"/>.
    /// </summary>
    public static string Chromium(HttpPeerSite site, Action<string> log)
    {
        HttpPeerTools.Require("chromium", "curl");
        string screenshot = Path.Combine(HttpPeerTools.ResultsDirectory, "status-page-" + site.Mode + ".png");
        File.Delete(screenshot);
        // One run, both outputs, after the same 5 s of the page's virtual time (its first poll of the API and more).
        var run = RunChromium(site, "--dump-dom", "--screenshot=" + screenshot, "--window-size=1200,900");
        Assert.True(run.ExitCode == 0, run.Describe("chromium --dump-dom --screenshot") + CurlExchange.Simulator(site));
        string html = run.Output;
        Assert.Contains("<h1 id=\"address\">" + DeviceName + " " + DeviceAddress + "/24</h1>", html);
        Assert.Contains("<span id=\"mac\">" + DeviceMac + "</span>", html);
        Assert.Contains("<span id=\"link\" class=\"up\">link up</span>", html);
        Assert.Contains("<span id=\"err\"></span>", html);
        var framesIn = Regex.Match(html, "<td>eth\\.framesIn</td><td class=\"n\">(\\d+)</td>");
        Assert.True(framesIn.Success, "no eth.framesIn row in the rendered page:\n" + html);
        Assert.True(long.Parse(framesIn.Groups[1].Value, CultureInfo.InvariantCulture) > 0, framesIn.Value);
        Assert.Matches("<td>http\\.requests</td><td class=\"n\">[1-9]\\d*</td>", html);
        // The connection table: the listeners, from /api/netstat.
        Assert.Contains("<td>" + DeviceAddress + ":80</td><td>*</td><td>LISTEN</td>", html);

        Assert.True(File.Exists(screenshot), run.Describe("chromium --screenshot (no file)"));
        byte[] png = File.ReadAllBytes(screenshot);
        Assert.True(png.Length > 10000 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G',
            "not a plausible PNG: " + png.Length + " bytes");
        log("status page (" + site.Mode + ") rendered by headless Chromium: eth.framesIn " + framesIn.Groups[1].Value + "; screenshot " + screenshot);
        return screenshot;
    }

    private static PeerRun RunChromium(HttpPeerSite site, params string[] action)
    {
        string profile = site.NewFile("chromium-profile");
        Directory.CreateDirectory(profile);
        var command = new List<string>
        {
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-proxy-server", "--user-data-dir=" + profile, "--virtual-time-budget=5000",
        };
        command.AddRange(action);
        command.Add(site.Url("/"));
        return site.Run(ClientTimeoutMs, command.ToArray());
    }

    // ------------------------------------------------------------------------------------------------- capture

    /// <summary>
    /// After some traffic (full-size frames among it: the page and the counters), /capture.pcap over HTTP/1.1
    /// (chunked) and HTTP/1.0 (close-delimited): both come whole within 10 s and parse, and tshark, checking every
    /// checksum, finds no malformed packet and no bad checksum; the device's own HTTP answers are in it.
    /// </summary>
    public static void CapturePcap(HttpPeerSite site)
    {
        HttpPeerTools.Require("curl", "tshark");
        CurlExchange.Fetch(site, "/", "--compressed");
        CurlExchange.Fetch(site, "/api/counters");
        foreach (bool http10 in new[] { false, true })
        {
            string what = "/capture.pcap over HTTP/1." + (http10 ? "0" : "1");
            string headers = site.NewFile("capture-headers.txt");
            string body = site.NewFile("capture.pcap");
            var run = site.Run(CurlExchange.TimeoutMs, CurlExchange.Command("--max-time", "10", http10 ? "--http1.0" : "--http1.1", "-D", headers, "-o", body,
                site.Url("/capture.pcap")));
            Assert.True(run.ExitCode == 0, what + ": the download did not complete (curl exit 28 = it stalled until --max-time)\n"
                + run.Describe("curl " + what) + CurlExchange.Simulator(site));
            var download = CurlExchange.Parse(run, headers, body);
            Assert.Equal(200, download.Status);
            Assert.Equal("application/vnd.tcpdump.pcap", download.Field("Content-Type"));
            Assert.Equal("attachment; filename=\"capture.pcap\"", download.Field("Content-Disposition"));
            Assert.Equal(http10 ? null : "chunked", download.Field("Transfer-Encoding"));
            Assert.True(PcapReader.TryRead(download.Body, out uint linkType, out var records), what + " does not parse as a pcap");
            Assert.Equal(PcapWriter.LinkTypeEthernet, linkType);
            Assert.True(records.Count >= 10, what + ": only " + records.Count + " frames");

            var all = Tshark(body);
            Assert.True(all.ExitCode == 0, all.Describe("tshark -r " + what));
            Assert.Equal(records.Count, all.Output.Split('\n').Count(line => line.Trim().Length > 0));
            var bad = Tshark(body, "-Y", "_ws.malformed || _ws.expert.severity == error || ip.checksum.status == \"Bad\" || "
                + "tcp.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\"");
            Assert.True(bad.ExitCode == 0, bad.Describe("tshark -Y (filter rejected?)"));
            Assert.True(bad.Output.Trim().Length == 0, "tshark found malformed packets or bad checksums in " + what + ":\n" + bad.Output);
            var answers = Tshark(body, "-Y", "ip.src == " + DeviceAddress + " && tcp.srcport == 80 && http.response.code == 200");
            Assert.True(answers.Output.Trim().Length > 0, "no HTTP answer of the device in " + what + ":\n" + all.Output);
        }
    }

    private static PeerRun Tshark(string file, params string[] extra)
    {
        var info = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-n", "-r", file, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE" }.Concat(extra))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info);
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        bool exited = process.WaitForExit(60000);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }
        return new PeerRun(exited ? process.ExitCode : -1, output, errors.Result, !exited);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /// <summary>
    /// curl -v's connection lines: "Connected to" per new connection, "Re-using existing connection" per reuse
    /// (curl 7.88: "Re-using existing connection #0 with host ..."; newer curl: "Re-using existing http: connection with host ...").
    /// </summary>
    private static void AssertConnections(string trace, int opened, int reused)
    {
        int connected = Regex.Matches(trace, @"^\* Connected to ", RegexOptions.Multiline).Count;
        int reusing = Regex.Matches(trace, @"^\* Re-using existing (\S+ )?connection", RegexOptions.Multiline).Count;
        Assert.True(connected == opened && reusing == reused,
            "expected " + opened + " connection(s) opened and " + reused + " reused, curl -v says " + connected + " and " + reusing + ":\n" + trace);
    }

    private static JsonDocument Parse(CurlExchange exchange)
    {
        try
        {
            return JsonDocument.Parse(exchange.Body);
        }
        catch (JsonException e)
        {
            Assert.Fail("not JSON (" + e.Message + "):\n" + exchange.BodyText);
            return null;
        }
    }

    /// <summary>One member of the "http" object of /api/counters, read now.</summary>
    private static long HttpCounter(HttpPeerSite site, string name)
    {
        using var json = Parse(CurlExchange.Fetch(site, "/api/counters"));
        return json.RootElement.GetProperty("http").GetProperty(name).GetInt64();
    }

    private static JsonDocument RunScript(HttpPeerSite site, string mode)
    {
        var run = site.Run(ClientTimeoutMs, "python3", HttpPeerTools.Script, mode, site.Host, site.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, run.Describe("http_peer.py " + mode) + CurlExchange.Simulator(site));
        try
        {
            return JsonDocument.Parse(run.Output);
        }
        catch (JsonException e)
        {
            Assert.Fail("http_peer.py " + mode + " printed no JSON (" + e.Message + "):\n" + run.Output);
            return null;
        }
    }

    /// <summary>A field of one answer of http_peer.py ([[name, value], ...]), case-insensitive; null when absent.</summary>
    private static string FieldOf(JsonElement answer, string name)
    {
        if (!answer.TryGetProperty(answer.TryGetProperty("headers", out _) ? "headers" : "fields", out var fields))
        {
            return null;
        }
        foreach (var field in fields.EnumerateArray())
        {
            if (string.Equals(field[0].GetString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return field[1].GetString();
            }
        }
        return null;
    }
}
