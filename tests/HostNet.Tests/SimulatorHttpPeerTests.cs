using System.Linq;
using Firmware.HttpPeers;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.HostNet.Tests;

/// <summary>
/// Real HTTP clients — curl, Python, wrk and ab, headless Chromium, tshark — against the device app's web server
/// through the simulator's loopback forward, the zero-setup way a person opens the page (tests/HttpPeers holds the
/// checks; tests/RealPeer.Tests runs the same ones over a TAP). The tools come from Debian (.ci/run installs them);
/// a missing one fails the test and names its package.
/// </summary>
public sealed class SimulatorHttpPeerTests : IClassFixture<ForwardedHttpSite>
{
    private readonly ForwardedHttpSite _site;
    private readonly ITestOutputHelper _out;

    public SimulatorHttpPeerTests(ForwardedHttpSite site, ITestOutputHelper output)
    {
        _site = site;
        _out = output;
    }

    [Fact]
    public void Curl_GetJson_StatusCountersNetstatParse() => HttpPeerChecks.CurlGetJson(_site);

    [Fact]
    public void Curl_Head_SameFieldsAsGetAndNoBody() => HttpPeerChecks.CurlHead(_site);

    [Fact]
    public void Curl_PostEchoAndPutGpio_BodiesRoundTrip() => HttpPeerChecks.CurlPostAndPut(_site);

    [Fact]
    public void Curl_Http10_ClosesUnlessKeepAliveAsked() => HttpPeerChecks.CurlHttp10(_site);

    [Fact]
    public void Curl_TwoUrls_OneConnectionReused() => HttpPeerChecks.CurlReuse(_site);

    [Fact]
    public void Curl_Compressed_GzipPageEtagAnd304() => HttpPeerChecks.CurlCompressedPage(_site);

    [Fact]
    public void Python_PipelinedRequests_AnsweredInOrder() => HttpPeerChecks.PythonPipelined(_site);

    [Fact]
    public void Slowloris_Gets408_WhileAnotherClientIsServed() => HttpPeerChecks.Slowloris(_site, _out.WriteLine);

    [Fact]
    public void RawSocket_MalformedAndOversized_RightStatusAndSlotsFreed() => HttpPeerChecks.MalformedRequests(_site);

    [Fact]
    public void WrkAndAb_BoundedLoad_NoErrors() => HttpPeerChecks.LoadGenerators(_site, _out.WriteLine);

    [Fact]
    public void Chromium_RendersStatusPage_AddressCountersAndScreenshot() => HttpPeerChecks.Chromium(_site, _out.WriteLine);

    /// <summary>On a simulator of its own: a download that stalls holds its slot (see HttpPeerChecks.CapturePcap).</summary>
    [Fact]
    public void CapturePcap_AfterTraffic_OpensInTsharkWithoutBadPackets()
    {
        using var site = new ForwardedHttpSite();
        HttpPeerChecks.CapturePcap(site);
    }

    /// <summary>The malformed requests on a simulator of their own, then its exit summary: every status counted once, no connection left.</summary>
    [Fact]
    public void MalformedRequests_ThenExit_SummaryCountsEachStatusAndNoConnectionIsLeft()
    {
        using var site = new ForwardedHttpSite();
        HttpPeerChecks.MalformedRequests(site);

        var stopped = site.Simulator.Stop();

        Assert.Equal(0, stopped.ExitCode);
        string expected = "";
        foreach (int status in new[] { 400, 404, 405, 406, 408, 413, 414, 417, 431, 500, 501, 505 })
        {
            expected += " " + status + " " + HttpPeerChecks.ErrorCases.Values.Count(s => s == status);
        }
        Assert.Contains(expected + " idle-closed 0 evicted 0 aborted 0 ", stopped.Output);
        // The connection table: the listener on port 80, connections the device closed first in TIME_WAIT, nothing else.
        // The lease is given back (DHCPRELEASE) before the table is printed, so the listener shows 0.0.0.0 by then.
        Assert.Matches(@"\ntcp +(10\.0\.0\.2|0\.0\.0\.0):80 +\*:\* +LISTEN ", stopped.Output);
        Assert.DoesNotMatch(@"\ntcp +10\.0\.0\.2:80 +10\.\S+ +(?!TIME_WAIT)[A-Z]", stopped.Output);
        Assert.Matches(@"forward 127\.0\.0\.1:\d+ -> 10\.0\.0\.2:80: \d+ connections \(0 open\) closed \d+ reset-by-host 0 reset-by-device 0 timed-out 0;", stopped.Output);
    }
}
