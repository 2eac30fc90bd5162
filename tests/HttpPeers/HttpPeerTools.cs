using System;
using System.IO;
using Xunit;

namespace Firmware.HttpPeers;

/// <summary>The programs the HTTP peer tests run, where their files are, and where their results go.</summary>
public static class HttpPeerTools
{
    /// <summary>Fails the test, naming the Debian package, for each tool that is not on PATH (.ci/run installs them all).</summary>
    public static void Require(params string[] tools)
    {
        string missing = "";
        foreach (string tool in tools)
        {
            if (Find(tool) == null)
            {
                missing += (missing.Length > 0 ? ", " : "") + "'" + tool + "' (Debian package " + Package(tool) + ")";
            }
        }
        if (missing.Length > 0)
        {
            Assert.Fail("HTTP peer test cannot run, not on PATH: " + missing + "; .ci/run installs them (as root), or apt-get install them");
        }
    }

    public static string Find(string tool)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (directory.Length > 0 && File.Exists(Path.Combine(directory, tool)))
            {
                return Path.Combine(directory, tool);
            }
        }
        return null;
    }

    private static string Package(string tool) => tool switch
    {
        "ab" => "apache2-utils",
        _ => tool,
    };

    /// <summary>http_peer.py, copied beside the test assembly.</summary>
    public static string Script
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "HttpPeers", "http_peer.py");
            Assert.True(File.Exists(path), "http_peer.py is not beside the tests: " + path);
            return path;
        }
    }

    /// <summary>The repository root: the first directory above the test binaries holding Firmware.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Firmware.sln")))
                {
                    return directory.FullName;
                }
            }
            Assert.Fail("no Firmware.sln above " + AppContext.BaseDirectory);
            return null;
        }
    }

    /// <summary>
    /// Where files a person may want to look at after the run go (screenshots): TestResults/http-peers beside the
    /// test assembly, or $HTTP_PEERS_RESULTS when set. Kept after the run.
    /// </summary>
    public static string ResultsDirectory
    {
        get
        {
            string directory = Environment.GetEnvironmentVariable("HTTP_PEERS_RESULTS");
            if (string.IsNullOrEmpty(directory))
            {
                directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "http-peers");
            }
            Directory.CreateDirectory(directory);
            return directory;
        }
    }
}
