using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using SharpFuzz;

namespace Firmware.Fuzz;

/// <summary>
/// The fuzzing harnesses' entry point. <c>afl TARGET</c> runs one harness under afl-fuzz (SharpFuzz's fork server:
/// an exception escaping the harness is reported as a crash); <c>run</c> replays inputs in-process and fails on
/// the first exception or slow input; <c>seeds</c> turns a pcap into seed corpora. See README.md.
/// </summary>
public static class Program
{
    public const int MaxInputBytes = 1 << 16;

    /// <summary>An input slower than this in a replay counts as a hang (afl-fuzz uses its own -t).</summary>
    public const int ReplayHangMs = 2000;

    public const string Usage = @"usage:
  Fuzz list                          the harnesses
  Fuzz afl TARGET                    run TARGET under afl-fuzz (reads each input from stdin)
  Fuzz run TARGET PATH...            replay files or folders through TARGET; exit 1 on an exception or a hang
  Fuzz run-corpus [DIR]              replay DIR/TARGET (default: this tool's corpus/) through every harness
  Fuzz show TARGET FILE              run one input, then print the device's counters and connections
  Fuzz seeds PCAP OUTDIR             write seed inputs for every harness from a capture into OUTDIR/TARGET";

    public static int Main(string[] args)
    {
        GiveInstrumentationAMap();
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        switch (args[0])
        {
            case "list":
                foreach (var t in Targets())
                {
                    Console.WriteLine(t.Name.PadRight(14) + t.Description);
                }
                return 0;
            case "afl" when args.Length == 2:
                return Afl(Find(args[1]));
            case "run" when args.Length >= 3:
                return Replay(Find(args[1]), args.Skip(2)) ? 0 : 1;
            case "run-corpus":
                return ReplayCorpus(args.Length > 1 ? args[1] : DefaultCorpus()) ? 0 : 1;
            case "show" when args.Length == 3:
                byte[] input = File.ReadAllBytes(args[2]);
                Find(args[1]).Run(input, input.Length);
                Console.WriteLine(DeviceUnderTest.Last?.Describe() ?? "(this harness builds no device)");
                return 0;
            case "seeds" when args.Length == 3:
                return SeedMaker.Write(args[1], args[2]);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>
    /// Instrumented firmware code writes each branch into SharpFuzz's coverage map, which is null until
    /// Fuzzer.Run attaches afl-fuzz's shared memory: until then (and in every other mode) it writes to a map of ours.
    /// </summary>
    private static unsafe void GiveInstrumentationAMap()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
        {
            SharpFuzz.Common.Trace.SharedMem = (byte*)Marshal.AllocHGlobal(1 << 16);
        }
    }

    /// <summary>Every harness in this assembly, by name (a new class implementing <see cref="IFuzzTarget"/> is picked up here).</summary>
    public static IFuzzTarget[] Targets()
    {
        return typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IFuzzTarget).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .Select(t => (IFuzzTarget)Activator.CreateInstance(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
    }

    public static IFuzzTarget Find(string name)
    {
        var target = Targets().FirstOrDefault(t => t.Name == name);
        if (target == null)
        {
            Console.Error.WriteLine("fuzz: no harness '" + name + "' (Fuzz list)");
            Environment.Exit(2);
        }
        return target;
    }

    private static int Afl(IFuzzTarget target)
    {
        var buffer = new byte[MaxInputBytes];
        Fuzzer.Run(stream =>
        {
            int length = 0;
            int n;
            while (length < buffer.Length && (n = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += n;
            }
            target.Run(buffer, length);
        });
        return 0;
    }

    /// <summary>The corpus folder beside the sources (found from the binary's folder upwards).</summary>
    public static string DefaultCorpus()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tools", "Fuzz", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "corpus");
    }

    private static bool ReplayCorpus(string root)
    {
        bool ok = true;
        foreach (var target in Targets())
        {
            var dir = Path.Combine(root, target.Name);
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine("fuzz: no corpus for " + target.Name + " at " + dir);
                ok = false;
                continue;
            }
            ok &= Replay(target, new[] { dir });
        }
        return ok;
    }

    /// <summary>Runs every file under <paramref name="paths"/> through <paramref name="target"/>; false on any exception or hang.</summary>
    public static bool Replay(IFuzzTarget target, IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.GetFiles(p, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                Console.Error.WriteLine("fuzz: no such file or folder " + p);
                return false;
            }
        }
        int failures = 0;
        var total = Stopwatch.StartNew();
        foreach (var file in files)
        {
            byte[] data = File.ReadAllBytes(file);
            var sw = Stopwatch.StartNew();
            try
            {
                target.Run(data, data.Length);
            }
            catch (Exception e)
            {
                failures++;
                Console.Error.WriteLine("fuzz: " + target.Name + ": " + file + ": " + e);
                continue;
            }
            if (sw.ElapsedMilliseconds > ReplayHangMs)
            {
                failures++;
                Console.Error.WriteLine("fuzz: " + target.Name + ": " + file + ": took " + sw.ElapsedMilliseconds + " ms (hang)");
            }
        }
        Console.WriteLine("fuzz: " + target.Name + ": " + files.Count + " inputs, " + failures + " failed, " + total.ElapsedMilliseconds + " ms");
        return failures == 0;
    }
}
