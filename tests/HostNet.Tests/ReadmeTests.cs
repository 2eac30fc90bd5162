using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>
/// The README is the first thing a new user runs: its set-up section names the prerequisites and exactly two commands
/// (the main job and the tests), and every file it links to exists.
/// </summary>
public sealed class ReadmeTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Firmware.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    private static string SetUpSection
    {
        get
        {
            string text = Readme;
            int start = text.IndexOf("\n## Set up", StringComparison.Ordinal);
            Assert.True(start >= 0, "README has no '## Set up' section");
            int end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        }
    }

    [Fact]
    public void SetUp_ExactlyTheTwoCommands()
    {
        string[] commands = SetUpSection.Replace("\r", "").Split('\n')
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal) && l.Trim().Length > 0)
            .Select(l => l.Trim()).ToArray();
        Assert.Equal(new[] { "dotnet run --project tools/Simulator", "sudo bash .ci/run" }, commands);
        Assert.True(File.Exists(Path.Combine(Root, "tools", "Simulator", "Simulator.csproj")));
        Assert.True(File.Exists(Path.Combine(Root, ".ci", "run")));
    }

    /// <summary>
    /// The test command on a fresh machine often meets another apt (unattended upgrades at boot): every apt-get in
    /// .ci/run waits for the dpkg lock instead of failing at once, as the set-up section promises.
    /// </summary>
    [Fact]
    public void CiRun_EveryAptGetWaitsForTheDpkgLock()
    {
        string[] aptLines = File.ReadAllLines(Path.Combine(Root, ".ci", "run"))
            .Where(l => Regex.IsMatch(l, @"^\s*apt-get\b")).ToArray();
        Assert.NotEmpty(aptLines);
        Assert.All(aptLines, l => Assert.Contains("-o DPkg::Lock::Timeout=", l));
        Assert.Contains("waiting for the package", SetUpSection.Replace("\n", " "));
    }

    [Fact]
    public void SetUp_NamesThePrerequisites()
    {
        string setUp = SetUpSection;
        Assert.Contains(".NET 10 SDK", setUp);
        Assert.Contains("python3", setUp);
        Assert.Contains("root", setUp);
        Assert.Contains("dotnet-install.sh", setUp);
    }

    [Fact]
    public void EveryRelativeLink_PointsToAFileOfTheRepository()
    {
        var links = Regex.Matches(Readme, @"\]\(([^)#\s]+)\)").Select(m => m.Groups[1].Value)
            .Where(l => !l.Contains("://", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(links);
        foreach (string link in links)
        {
            string path = Path.Combine(Root, link.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(path) || Directory.Exists(path), "README links to a missing " + link);
        }
    }

    [Fact]
    public void NothingOutsideTheClone_IsNeededToBuild()
    {
        // The guard's API lists and every generated file are in the repository; only the interpreter kit may come from
        // ../shared, and it has a build script of its own.
        foreach (string file in new[] { "build/Device.props", "build/NanoPrograms.targets", "build/StaticContent.targets" })
        {
            Assert.DoesNotContain("shared", File.ReadAllText(Path.Combine(Root, file)).Replace("shared by", "", StringComparison.Ordinal));
        }
        Assert.True(File.Exists(Path.Combine(Root, "tools", "NanoGuard", "api", "corelib.txt")));
        Assert.True(File.Exists(Path.Combine(Root, "tools", "nanoclr-kit", "build-kit.sh")));
    }
}
