using Firmware.HttpPeers;
using Xunit;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// /capture.pcap downloaded with curl by the kernel's TCP, after traffic, and judged by tshark; a class (so a
/// namespace and a simulator) of its own, because a download that stalls keeps its HTTP slot.
/// </summary>
public sealed class HttpCaptureTests : IClassFixture<NamespaceHttpSite>
{
    private readonly NamespaceHttpSite _site;

    public HttpCaptureTests(NamespaceHttpSite site)
    {
        _site = site;
        if (site.Net.SetupError != null)
        {
            Assert.Fail(site.Net.SetupError);
        }
    }

    [Fact]
    public void CapturePcap_AfterTraffic_OpensInTsharkWithoutBadPackets() => HttpPeerChecks.CapturePcap(_site);
}
