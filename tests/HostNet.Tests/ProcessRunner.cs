using System;
using System.Diagnostics;
using System.Text;

namespace Firmware.HostNet.Tests;

/// <summary>Runs a child process to completion with a hard timeout; returns exit code (-1 on timeout) and output.</summary>
public static class ProcessRunner
{
    public static (int ExitCode, string Output, string Errors) Run(string fileName, int timeoutMs, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (errors) errors.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeoutMs))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(5000);
            lock (output) lock (errors) return (-1, output.ToString(), errors + "\n(killed after " + timeoutMs + " ms)");
        }
        process.WaitForExit();
        lock (output) lock (errors) return (process.ExitCode, output.ToString(), errors.ToString());
    }

    /// <summary>The tool's full path, or null when it is not on PATH.</summary>
    public static string Find(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (directory.Length > 0 && System.IO.File.Exists(System.IO.Path.Combine(directory, tool)))
            {
                return System.IO.Path.Combine(directory, tool);
            }
        }
        return null;
    }
}
