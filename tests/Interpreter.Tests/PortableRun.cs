using System;
using System.Collections.Generic;
using Firmware.Interpreter;

namespace Firmware.Tests.Interpreter;

/// <summary>
/// One run of tests/Interpreter.Runner on nanoCLR, read back: the outcome of each test by id (without the data row's
/// argument text, which each runtime formats its own way), with what the interpreter printed while the test ran.
/// </summary>
internal sealed class PortableRun
{
    private readonly Dictionary<string, string> _failures = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly HashSet<string> _passes = new HashSet<string>(StringComparer.Ordinal);

    public PortableRun(InterpreterRun run)
    {
        Run = run;
        string current = null;
        var during = new List<string>();
        foreach (string line in run.Lines)
        {
            if (line.StartsWith("TEST BEGIN ", StringComparison.Ordinal))
            {
                current = Key(line.Substring(11));
                during.Clear();
            }
            else if (line.StartsWith("TEST PASS ", StringComparison.Ordinal))
            {
                _passes.Add(Key(line.Substring(10)));
                current = null;
            }
            else if (line.StartsWith("TEST FAIL ", StringComparison.Ordinal))
            {
                string rest = line.Substring(10);
                int separator = rest.IndexOf(" :: ", StringComparison.Ordinal);
                string id = separator < 0 ? rest : rest.Substring(0, separator);
                string message = separator < 0 ? "" : rest.Substring(separator + 4);
                _failures[Key(id)] = message + (during.Count > 0 ? "\ninterpreter output during the test:\n" + string.Join("\n", during) : "");
                current = null;
            }
            else if (current != null)
            {
                during.Add(line);
            }
        }
    }

    public InterpreterRun Run { get; }

    public int Passed => _passes.Count;

    public int Failed => _failures.Count;

    /// <summary>"passed", or a failure text: the test's exception, or that the interpreter never reached or finished it.</summary>
    public string Outcome(string id)
    {
        string key = Key(id);
        if (_passes.Contains(key))
        {
            return "passed";
        }
        if (_failures.TryGetValue(key, out string failure))
        {
            return "failed on nanoCLR: " + failure;
        }
        return "not run to the end on nanoCLR: " + Run.Describe();
    }

    // "A.B.Method#1(7, 8)" -> "A.B.Method#1": the row index identifies the data row on both runtimes.
    public static string Key(string id)
    {
        int open = id.IndexOf('(');
        return open < 0 ? id : id.Substring(0, open);
    }
}
