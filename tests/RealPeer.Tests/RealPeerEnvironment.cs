using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Firmware.RealPeer.Tests;

/// <summary>What the real-peer tests need from the machine, and where the simulator is.</summary>
public static class RealPeerEnvironment
{
    public static readonly string[] RequiredTools = { "ip", "ping", "arping", "tshark", "nc", "python3", "dotnet" };

    [DllImport("libc")]
    private static extern uint geteuid();

    /// <summary>Everything missing, one item a line; empty when the tests can run.</summary>
    public static string FindMissing()
    {
        var missing = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            missing.Add("Linux (network namespaces and TAP devices)");
            return string.Join("; ", missing);
        }
        if (geteuid() != 0)
        {
            missing.Add("root (creating network namespaces and TAP devices needs CAP_NET_ADMIN; run as root, e.g. sudo bash .ci/run)");
        }
        foreach (var tool in RequiredTools)
        {
            if (FindOnPath(tool) == null)
            {
                missing.Add("'" + tool + "' on PATH (.ci/run installs: python3 iproute2 iputils-ping arping netcat-openbsd tshark)");
            }
        }
        if (!File.Exists("/dev/net/tun"))
        {
            missing.Add("/dev/net/tun (the tun kernel module: modprobe tun)");
        }
        if (SimulatorDll == null)
        {
            missing.Add("Simulator.dll (build tools/Simulator)");
        }
        return string.Join("; ", missing);
    }

    public static string FindOnPath(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (directory.Length == 0)
            {
                continue;
            }
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        foreach (var directory in new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" })
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
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
            return null;
        }
    }

    /// <summary>The Simulator.dll built with the same configuration as these tests (the project reference builds it).</summary>
    public static string SimulatorDll
    {
        get
        {
            var root = RepoRoot;
            if (root == null)
            {
                return null;
            }
            string configuration = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Release" + Path.DirectorySeparatorChar) ? "Release" : "Debug";
            var path = Path.Combine(root, "tools", "Simulator", "bin", configuration, "net10.0", "Simulator.dll");
            return File.Exists(path) ? path : null;
        }
    }
}
