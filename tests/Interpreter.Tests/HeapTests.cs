using System;
using System.Linq;
using Firmware.Interpreter;
using Xunit;

namespace Firmware.Tests.Interpreter;

/// <summary>
/// Heap as the device sees it: the benchmark program (tools/Bench.Device) on nanoCLR, with nanoFramework.Runtime.Native's
/// GC.Run(false). The steady state must not retain a byte; the figures themselves are the benchmark's to print.
/// </summary>
public class HeapTests
{
    private static readonly Lazy<InterpreterRun> Bench = new Lazy<InterpreterRun>(
        () => Interpreter.Run("Bench.Device", TimeSpan.FromMinutes(5)));

    [Fact]
    public void BenchProgram_PassesOnNanoClr()
    {
        Assert.True(Bench.Value.Verdict == "RESULT=PASS", Bench.Value.Describe(40));
    }

    [Fact]
    public void OneMebibyteOfTcp_RetainsNoHeap()
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        Assert.Equal("0", Figure("heap-retained-1mib"));
    }

    [Fact]
    public void ThousandKeepAliveHttpRequests_RetainNoHeap()
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        Assert.Equal("0", Figure("heap-retained-http-1000"));
    }

    [Fact]
    public void DhcpResolverAndSntp_TogetherWithinSixKilobytes()
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        long clients = long.Parse(Figure("heap-clients"));
        Assert.True(clients > 1000 && clients <= 6144, "DHCP + resolver (8-entry cache) + SNTP: " + clients + " bytes (budget 6144)");
        Assert.Equal(clients, long.Parse(Figure("heap-dhcp")) + long.Parse(Figure("heap-resolver")) + long.Parse(Figure("heap-sntp")));
    }

    [Fact]
    public void DnsServerAndMdnsResponder_TogetherWithinSixKilobytes()
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        long both = long.Parse(Figure("heap-service-dns-and-mdns"));
        long server = long.Parse(Figure("heap-dns-server"));
        // Issue 9's budget for the two on the interpreter.
        Assert.True(both > 1000 && both <= 6144, "DNS server + mDNS responder in the app: " + both + " bytes (budget 6144); the server alone "
            + server + ", the responder alone " + Figure("heap-service-mdns") + ", the server in the app " + Figure("heap-service-dns-server"));
    }

    [Theory]
    [InlineData("heap-retained-dhcp-renewals")]
    [InlineData("heap-retained-dns-lookups")]
    [InlineData("heap-retained-sntp-rounds")]
    public void RenewalsLookupsAndSntpRounds_RetainNoHeap(string key)
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        Assert.Equal("0", Figure(key));
    }

    [Fact]
    public void EveryComponentHasAHeapFigure()
    {
        foreach (string key in new[] { "heap-networkstack", "heap-tcplayer", "heap-httpserver", "heap-service-web", "heap-deviceapp",
            "heap-dhcp", "heap-resolver", "heap-service-clients", "heap-udp-socket" })
        {
            Assert.True(long.TryParse(Figure(key), out long bytes) && bytes > 1000, key + " = " + Figure(key));
        }
    }

    // The device profile's measured heap on this 64-bit interpreter (README: heap budget; 53,544 bytes with the DNS
    // server, mDNS, TCP's three connections of 1 KB + 2920 B rings and the configuration the app keeps) and 1 KB of
    // slack: a change that grows it further must say so here. Issue 12's goal is 40 KB; the README's table says where
    // the bytes are and what is left to cut.
    private const long DeviceProfileCeilingBytes = 53544 + 1024;

    [Fact]
    public void DeviceProfile_StaysUnderItsCeiling_AndWellUnderTheTestProfile()
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        long device = long.Parse(Figure("heap-deviceapp"));
        long test = long.Parse(Figure("heap-deviceapp-test"));
        Assert.True(device > 10000 && device <= DeviceProfileCeilingBytes,
            "default AppConfig (the device profile): " + device + " bytes (ceiling " + DeviceProfileCeilingBytes + ")");
        // Echo, discard and chargen and the general-purpose stack sizes are the simulator's, not the board's.
        Assert.True(test - device >= 20000, "test profile " + test + " bytes, device profile " + device);
    }

    [Fact]
    public void DeviceProfile_ComponentsAddUpToTheWhole()
    {
        Assert.True(Interpreter.Kit.RuntimeNativePe != null, "the kit has no nanoFramework.Runtime.Native.pe: no heap figures");
        long parts = 0;
        foreach (string key in new[] { "heap-device-stack", "heap-device-tcp", "heap-device-web", "heap-device-clients", "heap-device-config" })
        {
            long bytes = long.Parse(Figure(key));
            Assert.True(bytes > 1000, key + " = " + bytes);
            parts += bytes;
        }
        Assert.Equal(long.Parse(Figure("heap-deviceapp")), parts);
    }

    [Fact]
    public void SntpClient_HasAHeapFigure()
    {
        Assert.True(long.TryParse(Figure("heap-sntp"), out long bytes) && bytes > 200, "heap-sntp = " + Figure("heap-sntp"));
    }

    private static string Figure(string key)
    {
        string line = Bench.Value.Lines.FirstOrDefault(l => l.StartsWith("BENCH " + key + " ", StringComparison.Ordinal));
        Assert.True(line != null, "no " + key + " figure: " + Bench.Value.Describe(40));
        return line.Split(' ')[2];
    }
}
