using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Firmware.Interpreter;

/// <summary>One assembly as nanoCLR's loader reports it: "Assembly: Name (1.0.0.0)   (RAM - ROM - METADATA)" bytes.</summary>
public sealed record AssemblySize(string Name, int RamBytes, int RomBytes, int MetadataBytes)
{
    private static readonly Regex Line = new Regex(@"^\s*Assembly: (\S+) \(([\d.]+)\)\s+\((\d+) RAM - (\d+) ROM - (\d+) METADATA\)", RegexOptions.Compiled);

    /// <summary>Every assembly line of a run's output, in load order.</summary>
    public static IReadOnlyList<AssemblySize> Parse(IEnumerable<string> output)
    {
        var sizes = new List<AssemblySize>();
        foreach (string line in output)
        {
            Match m = Line.Match(line);
            if (m.Success)
            {
                sizes.Add(new AssemblySize(m.Groups[1].Value, Int(m.Groups[3].Value), Int(m.Groups[4].Value), Int(m.Groups[5].Value)));
            }
        }
        return sizes;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
