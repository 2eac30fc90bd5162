using System;
using System.Collections.Generic;
using System.IO;

namespace Firmware.Interpreter;

/// <summary>
/// The nanoCLR kit: the interpreter's POSIX host build (nanoclr/nanoFramework.nanoCLR.test and its .so), MetadataProcessor
/// (mdp/MetadataProcessor.dll) and, optionally, nanoFramework.Runtime.Native.pe (runtime-native/: the free-heap figure).
/// Looked for in $NANOCLR_KIT, then ../shared/nanoclr beside the repository, then .nanoclr-kit inside it (where
/// tools/nanoclr-kit/build-kit.sh puts one it builds).
/// </summary>
public sealed class InterpreterKit
{
    /// <summary>The environment variable that names a kit folder.</summary>
    public const string EnvironmentVariable = "NANOCLR_KIT";

    private InterpreterKit(string directory)
    {
        Directory = directory;
        NanoClr = Path.Combine(directory, "nanoclr", "nanoFramework.nanoCLR.test");
        MetadataProcessor = Path.Combine(directory, "mdp", "MetadataProcessor.dll");
        string native = Path.Combine(directory, "runtime-native", "nanoFramework.Runtime.Native.pe");
        RuntimeNativePe = File.Exists(native) ? native : null;
    }

    /// <summary>The kit's folder.</summary>
    public string Directory { get; }

    /// <summary>The interpreter executable.</summary>
    public string NanoClr { get; }

    /// <summary>MetadataProcessor, run with `dotnet`.</summary>
    public string MetadataProcessor { get; }

    /// <summary>nanoFramework.Runtime.Native.pe, or null when the kit has none (no heap figures then).</summary>
    public string RuntimeNativePe { get; }

    /// <summary>The kit, or an exception whose message says where it looked and how to get one.</summary>
    public static InterpreterKit Locate() => Locate(Candidates());

    /// <summary>The first kit among <paramref name="candidates"/>, or the exception that says how to get one.</summary>
    public static InterpreterKit Locate(IEnumerable<string> candidates)
    {
        var tried = new List<string>();
        foreach (string candidate in candidates)
        {
            tried.Add(candidate);
            if (IsKit(candidate))
            {
                return new InterpreterKit(Path.GetFullPath(candidate));
            }
        }
        throw new InterpreterKitMissingException(
            "nanoCLR kit not found (looked in: " + string.Join(", ", tried) + "). The interpreter tests need it: build one from the "
            + "upstream sources with `bash tools/nanoclr-kit/build-kit.sh` (needs cmake, ninja, g++ and git access to github.com; "
            + "about 10 minutes; it lands in .nanoclr-kit), or set " + EnvironmentVariable + " to a kit folder "
            + "(nanoclr/nanoFramework.nanoCLR.test, mdp/MetadataProcessor.dll, runtime-native/). See README, 'On the real interpreter'.");
    }

    /// <summary>The repository root: the folder above <paramref name="start"/> that holds Firmware.sln.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (DirectoryInfo d = new DirectoryInfo(start); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Firmware.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("Firmware.sln not found above " + start);
    }

    private static IEnumerable<string> Candidates()
    {
        string fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            yield return fromEnvironment;
        }
        string root = FindRepositoryRoot(AppContext.BaseDirectory);
        yield return Path.GetFullPath(Path.Combine(root, "..", "shared", "nanoclr"));
        yield return Path.Combine(root, ".nanoclr-kit");
    }

    private static bool IsKit(string directory)
    {
        return File.Exists(Path.Combine(directory, "nanoclr", "nanoFramework.nanoCLR.test"))
            && File.Exists(Path.Combine(directory, "mdp", "MetadataProcessor.dll"));
    }
}
