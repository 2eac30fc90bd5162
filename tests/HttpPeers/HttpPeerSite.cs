using System;
using System.IO;

namespace Firmware.HttpPeers;

/// <summary>
/// Where the device's web server is reached and how a client program is run there: through the simulator's
/// loopback forward (tests/HostNet.Tests) or at the device's own address from inside a network namespace, the
/// kernel on the other end of a TAP (tests/RealPeer.Tests). <see cref="HttpPeerChecks"/> runs the same real
/// clients against either.
/// </summary>
public abstract class HttpPeerSite
{
    protected HttpPeerSite(string mode, string host, int port, string workDirectory)
    {
        Mode = mode;
        Host = host;
        Port = port;
        WorkDirectory = workDirectory;
    }

    /// <summary>"forward" or "tap": in file names and messages.</summary>
    public string Mode { get; }

    /// <summary>The address a client connects to (127.0.0.1, or the device's 10.0.0.2).</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>A directory of the site's own for the files clients write (bodies, captures, browser profiles).</summary>
    public string WorkDirectory { get; }

    public string Authority => Port == 80 ? Host : Host + ":" + Port;

    public string Url(string path) => "http://" + Authority + path;

    /// <summary>Runs a client program where it reaches <see cref="Host"/>; killed (with its children) after <paramref name="timeoutMs"/>.</summary>
    public abstract PeerRun Run(int timeoutMs, params string[] command);

    /// <summary>What the simulator printed so far, for failure messages.</summary>
    public abstract string SimulatorOutput { get; }

    /// <summary>A fresh path in <see cref="WorkDirectory"/>.</summary>
    public string NewFile(string name)
    {
        Directory.CreateDirectory(WorkDirectory);
        return Path.Combine(WorkDirectory, Guid.NewGuid().ToString("N").Substring(0, 8) + "-" + name);
    }
}

/// <summary>How a client program ended: exit code (-1 when killed on timeout) and everything it printed.</summary>
public sealed record PeerRun(int ExitCode, string Output, string Errors, bool TimedOut)
{
    public string Describe(string what) =>
        what + " exited " + ExitCode + (TimedOut ? " (killed: timed out)" : "") + "\n--- stdout\n" + Output + "\n--- stderr\n" + Errors;
}
