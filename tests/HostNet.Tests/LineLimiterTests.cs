using System.Collections.Generic;
using Firmware.Simulator;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>The simulator's packet log under a flood: a bounded number of lines a second, and a count of the rest.</summary>
public sealed class LineLimiterTests
{
    [Fact]
    public void Flood_CappedPerSecond_TheRestCountedInOneLine()
    {
        var clock = new ManualClock();
        var lines = new List<string>();
        var limiter = new LineLimiter(clock, 200, lines.Add);
        for (int i = 0; i < 1000; i++)
        {
            limiter.Write("frame " + i);
        }
        Assert.Equal(200, lines.Count);
        Assert.Equal("frame 199", lines[199]);
        clock.AdvanceMs(1000);
        limiter.Write("next second");
        Assert.Equal("… 800 lines suppressed (more than 200 a second; --pcap keeps every frame)", lines[200]);
        Assert.Equal("next second", lines[201]);
        Assert.Equal(800, limiter.TotalSuppressed);
    }

    [Fact]
    public void QuietTraffic_EveryLineWritten_NothingSuppressed()
    {
        var clock = new ManualClock();
        var lines = new List<string>();
        var limiter = new LineLimiter(clock, 200, lines.Add);
        for (int i = 0; i < 50; i++)
        {
            limiter.Write("frame " + i);
            clock.AdvanceMs(100);
        }
        limiter.Flush();
        Assert.Equal(50, lines.Count);
        Assert.Equal(0, limiter.TotalSuppressed);
    }

    [Fact]
    public void Admit_Flood_TrueForTheCapOnly_SummaryBeforeTheNextSecondsFirstLine()
    {
        var clock = new ManualClock();
        var lines = new List<string>();
        var limiter = new LineLimiter(clock, 200, lines.Add);
        int admitted = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (limiter.Admit())
            {
                admitted++;
            }
        }
        Assert.Equal(200, admitted);
        Assert.Empty(lines);  // the caller writes what it was admitted; the limiter wrote nothing yet
        Assert.Equal(800, limiter.TotalSuppressed);
        clock.AdvanceMs(1000);
        Assert.True(limiter.Admit());
        Assert.Equal(new[] { "… 800 lines suppressed (more than 200 a second; --pcap keeps every frame)" }, lines);
    }
}
