namespace Firmware.RealPeer.Tests;

/// <summary>How a child process ended: exit code (-1 when killed on timeout) and everything it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public string Describe(string what) =>
        what + " exited " + ExitCode + (TimedOut ? " (killed: timed out)" : "") + "\n--- stdout\n" + StandardOutput + "\n--- stderr\n" + StandardError;
}
