using Firmware.HttpPeers;
using Xunit;
using Xunit.Abstractions;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// Real HTTP clients — curl, Python, wrk and ab, headless Chromium — inside a namespace of our own, against the
/// device app's web server at 10.0.0.2:80 across a TAP, so the kernel's TCP carries every request (the same checks
/// as tests/HostNet.Tests runs through the simulator's loopback forward; they live in tests/HttpPeers).
/// </summary>
public sealed class HttpPeerTests : IClassFixture<NamespaceHttpSite>
{
    private readonly NamespaceHttpSite _site;
    private readonly ITestOutputHelper _out;

    public HttpPeerTests(NamespaceHttpSite site, ITestOutputHelper output)
    {
        _site = site;
        _out = output;
        if (site.Net.SetupError != null)
        {
            Assert.Fail(site.Net.SetupError);
        }
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
}
