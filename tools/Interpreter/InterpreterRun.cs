using System;
using System.Collections.Generic;
using System.Linq;

namespace Firmware.Interpreter;

/// <summary>What one nanoCLR run printed, and how it ended. nanoCLR exits 0 even when managed code throws: read the verdict.</summary>
public sealed class InterpreterRun
{
    public InterpreterRun(IReadOnlyList<string> lines, int exitCode, bool timedOut, TimeSpan elapsed)
    {
        Lines = lines;
        ExitCode = exitCode;
        TimedOut = timedOut;
        Elapsed = elapsed;
        Assemblies = AssemblySize.Parse(lines);
    }

    /// <summary>Every line, stdout then stderr, carriage returns removed.</summary>
    public IReadOnlyList<string> Lines { get; }

    public int ExitCode { get; }

    public bool TimedOut { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>The loader's size report of each assembly.</summary>
    public IReadOnlyList<AssemblySize> Assemblies { get; }

    /// <summary>The program's last "RESULT=..." line, or null when it never got there.</summary>
    public string Verdict => Lines.LastOrDefault(l => l.StartsWith("RESULT=", StringComparison.Ordinal));

    /// <summary>The interpreter's reports of exceptions ("++++ Exception ..." and the lines of its dump).</summary>
    public IEnumerable<string> ExceptionLines => Lines.Where(l => l.Contains("++++", StringComparison.Ordinal));

    /// <summary>The lines strictly between two marker lines (the program's own output).</summary>
    public IReadOnlyList<string> Between(string begin, string end)
    {
        int first = IndexOf(begin);
        int last = first < 0 ? -1 : IndexOf(end, first + 1);
        return first < 0 || last < 0 ? Array.Empty<string>() : Lines.Skip(first + 1).Take(last - first - 1).ToArray();
    }

    /// <summary>A short account for a failure message: how it ended, the exceptions, the last lines.</summary>
    public string Describe(int tailLines = 25)
    {
        string ending = TimedOut ? "timed out after " + Elapsed.TotalSeconds.ToString("F1") + " s"
            : "exit code " + ExitCode + " after " + Elapsed.TotalSeconds.ToString("F1") + " s";
        return "nanoCLR " + ending + ", verdict " + (Verdict ?? "(none)") + "\n--- last lines:\n"
            + string.Join("\n", Lines.Skip(Math.Max(0, Lines.Count - tailLines)));
    }

    private int IndexOf(string line, int from = 0)
    {
        for (int i = from; i < Lines.Count; i++)
        {
            if (Lines[i] == line)
            {
                return i;
            }
        }
        return -1;
    }
}
