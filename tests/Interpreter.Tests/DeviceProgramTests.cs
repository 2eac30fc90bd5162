using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Firmware.Interpreter;
using Xunit;

namespace Firmware.Tests.Interpreter;

/// <summary>
/// The end-to-end device program (tests/DeviceProgram: the device app and a peer on a cable; ARP, ping, UDP, 100 KB of
/// TCP echo, close, counters) passes on nanoCLR, and prints exactly what it prints on .NET.
/// </summary>
public class DeviceProgramTests
{
    private const string Begin = "=== device program begin";
    private const string End = "=== device program end";

    private static readonly Lazy<InterpreterRun> OnNanoClr = new Lazy<InterpreterRun>(
        () => Interpreter.Run("DeviceProgram", TimeSpan.FromMinutes(5)));

    private static readonly Lazy<string[]> OnDotNet = new Lazy<string[]>(RunOnDotNet);

    [Fact]
    public void PassesOnNanoClr()
    {
        InterpreterRun run = OnNanoClr.Value;
        Assert.True(run.Verdict == "RESULT=PASS", run.Describe(60));
        Assert.Empty(run.ExceptionLines);
    }

    [Fact]
    public void PassesOnDotNet()
    {
        string[] lines = OnDotNet.Value;
        Assert.True(lines.LastOrDefault() == "RESULT=PASS", string.Join("\n", lines));
    }

    [Fact]
    public void SameOutputOnBothRuntimes_LineByLine()
    {
        string[] dotnet = Between(OnDotNet.Value);
        string[] nano = OnNanoClr.Value.Between(Begin, End).ToArray();
        Assert.True(dotnet.Length > 10, "the .NET run printed too little:\n" + string.Join("\n", OnDotNet.Value));
        for (int i = 0; i < Math.Max(dotnet.Length, nano.Length); i++)
        {
            string expected = i < dotnet.Length ? dotnet[i] : "(nothing)";
            string actual = i < nano.Length ? nano[i] : "(nothing)";
            Assert.True(expected == actual, "line " + (i + 1) + " differs\n  .NET:    " + expected + "\n  nanoCLR: " + actual);
        }
    }

    [Fact]
    public void CoversEachProtocol()
    {
        string all = string.Join("\n", Between(OnDotNet.Value));
        Assert.Contains("ping: reply from 10.0.0.2 seq 1 56 bytes", all);
        Assert.Contains("udp: 200 bytes back from 10.0.0.2:7 equal", all);
        Assert.Contains("tcp: echo 102400 bytes sent, 102400 back, 0 differing", all);
        Assert.Contains("tcp: device free connections 4 of 4, peer time-wait 1", all);
        Assert.Contains("dhcp: dhcp bound, address dhcp 10.0.0.50/24 from 10.0.0.1, lease 60 s", all);
        Assert.Contains("dns: Printer.LAN -> 10.0.0.7", all);
        Assert.Contains("dhcp: two renewals in", all);
        Assert.Contains("dhcp: released; server offers 1 acks 3 releases 1", all);
    }

    private static string[] Between(string[] lines)
    {
        int first = Array.IndexOf(lines, Begin);
        int last = Array.IndexOf(lines, End);
        return first < 0 || last < first ? Array.Empty<string>() : lines.Skip(first + 1).Take(last - first - 1).ToArray();
    }

    private static string[] RunOnDotNet()
    {
        // In its own process: the program writes to the console, which xunit's parallel tests share.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Firmware.DeviceProgram.dll"));
        using var process = Process.Start(start);
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            throw new TimeoutException("the device program did not finish on .NET in 120 s");
        }
        return output.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
