using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace Firmware.Interpreter;

/// <summary>
/// A device program as the build lists it (build/NanoPrograms.targets: <c>nano/&lt;Project&gt;.assemblies</c> beside the
/// host assembly: mscorlib.dll, then the program's nano assemblies in load order). <see cref="Run"/> converts each to a
/// .pe with MetadataProcessor (cached by timestamp) and runs them all on nanoCLR.
/// </summary>
public sealed class NanoProgram
{
    private static readonly object ConvertLock = new object();

    private NanoProgram(string listPath, IReadOnlyList<string> assemblies)
    {
        ListPath = listPath;
        CoreLibrary = assemblies[0];
        Assemblies = assemblies.Skip(1).ToArray();
    }

    private NanoProgram(string listPath, string coreLibrary, IReadOnlyList<string> assemblies)
    {
        ListPath = listPath;
        CoreLibrary = coreLibrary;
        Assemblies = assemblies;
    }

    /// <summary>The list file.</summary>
    public string ListPath { get; }

    /// <summary>The real mscorlib.dll (its .pe sits beside it in the NuGet package).</summary>
    public string CoreLibrary { get; }

    /// <summary>The program's assemblies (.dll/.exe compiled against mscorlib), in load order.</summary>
    public IReadOnlyList<string> Assemblies { get; }

    /// <summary>The program the build listed as <paramref name="project"/> (e.g. "DeviceProgram") next to <paramref name="hostDirectory"/>.</summary>
    public static NanoProgram Load(string project, string hostDirectory = null)
    {
        string list = Path.Combine(hostDirectory ?? AppContext.BaseDirectory, "nano", project + ".assemblies");
        if (!File.Exists(list))
        {
            throw new FileNotFoundException("no assembly list for the device program " + project + " (" + list + "): the build writes it "
                + "(build/NanoPrograms.targets, ProjectReference NanoProgram=\"true\")");
        }
        string[] lines = File.ReadAllLines(list).Where(l => l.Length > 0).ToArray();
        foreach (string path in lines)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("listed in " + list + " but missing: " + path);
            }
        }
        return new NanoProgram(list, lines);
    }

    /// <summary>Converts (when stale) and runs the program on nanoCLR, mscorlib and (if the kit has it) Runtime.Native first.</summary>
    public InterpreterRun Run(InterpreterKit kit, TimeSpan timeout, bool withRuntimeNative = true)
    {
        IReadOnlyList<string> pes = ConvertAll(kit);
        var arguments = new List<string> { Path.ChangeExtension(CoreLibrary, ".pe") };
        if (withRuntimeNative && kit.RuntimeNativePe != null)
        {
            arguments.Add(kit.RuntimeNativePe);
        }
        arguments.AddRange(pes);
        return Execute(kit.NanoClr, arguments, timeout);
    }

    /// <summary>
    /// Runs this program with <paramref name="other"/>'s assemblies loaded too (e.g. the test runner with an extra test
    /// assembly it finds by name): this program's entry point stays the only one.
    /// </summary>
    public InterpreterRun RunWith(NanoProgram other, InterpreterKit kit, TimeSpan timeout)
    {
        var merged = Assemblies.Take(Assemblies.Count - 1).Concat(other.Assemblies).Distinct(StringComparer.Ordinal).ToList();
        merged.Add(Assemblies[Assemblies.Count - 1]);
        string list = Path.Combine(Path.GetDirectoryName(ListPath),
            Path.GetFileNameWithoutExtension(ListPath) + "+" + Path.GetFileNameWithoutExtension(other.ListPath) + ".assemblies");
        return new NanoProgram(list, CoreLibrary, merged).Run(kit, timeout);
    }

    /// <summary>The .pe of every assembly, converted when missing or older than its assembly.</summary>
    public IReadOnlyList<string> ConvertAll(InterpreterKit kit)
    {
        string directory = Path.Combine(Path.GetDirectoryName(ListPath), "pe", Path.GetFileNameWithoutExtension(ListPath));
        Directory.CreateDirectory(directory);
        var pes = new List<string>();
        var hints = new List<string> { "-loadHints", "mscorlib", CoreLibrary };
        lock (ConvertLock)
        {
            foreach (string assembly in Assemblies)
            {
                string name = Path.GetFileNameWithoutExtension(assembly);
                string pe = Path.Combine(directory, name + ".pe");
                if (!File.Exists(pe) || File.GetLastWriteTimeUtc(pe) < File.GetLastWriteTimeUtc(assembly))
                {
                    Convert(kit, hints, assembly, pe);
                }
                hints.AddRange(new[] { "-loadHints", name, assembly });
                pes.Add(pe);
            }
        }
        return pes;
    }

    private static void Convert(InterpreterKit kit, List<string> hints, string assembly, string pe)
    {
        var arguments = new List<string> { kit.MetadataProcessor };
        arguments.AddRange(hints);
        arguments.AddRange(new[] { "-parse", assembly, "-compile", pe, "false" });
        File.Delete(pe);
        InterpreterRun run = Execute("dotnet", arguments, TimeSpan.FromMinutes(2));
        if (run.ExitCode != 0 || !File.Exists(pe))
        {
            throw new InvalidOperationException("MetadataProcessor could not convert " + assembly + ":\n" + run.Describe(40));
        }
    }

    private static InterpreterRun Execute(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var lines = new List<string>();
        var errors = new List<string>();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (lines) lines.Add(e.Data.TrimEnd('\r')); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (errors) errors.Add(e.Data.TrimEnd('\r')); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit((int)timeout.TotalMilliseconds);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
        }
        process.WaitForExit();  // drains the asynchronous readers
        lock (lines) lock (errors)
        {
            return new InterpreterRun(lines.Concat(errors).ToArray(), exited ? process.ExitCode : -1, !exited, clock.Elapsed);
        }
    }
}
