using System;
using System.Diagnostics;
using System.Text;

namespace Firmware.RealPeer.Tests;

/// <summary>Runs a child process to completion with a hard timeout (killed, with its children, when it overruns).</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, string[] arguments, int timeoutMs, string standardInput = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput != null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            return new ProcessResult(-1, "", "cannot start " + fileName + ": " + e.Message, false);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput != null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        bool timedOut = !process.WaitForExit(timeoutMs);
        if (timedOut)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(5000);
        }
        else
        {
            process.WaitForExit();  // drains the asynchronous readers
        }
        lock (stdout) lock (stderr)
        {
            return new ProcessResult(timedOut ? -1 : process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut);
        }
    }
}
