using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Firmware.HttpPeers;

/// <summary>
/// One curl call against the device and what came back: the last response's status line and fields (curl -D),
/// the body (curl -o, bytes as received or as --compressed decoded them) and curl's -v trace (stderr).
/// </summary>
public sealed class CurlExchange
{
    public const int TimeoutMs = 30000;

    private CurlExchange(PeerRun run, string statusLine, List<HttpField> fields, byte[] body)
    {
        Run = run;
        StatusLine = statusLine;
        Fields = fields;
        Body = body;
    }

    public PeerRun Run { get; }

    public string StatusLine { get; }

    public int Status => StatusLine.Length >= 12 && int.TryParse(StatusLine.Substring(9, 3), out int status) ? status : 0;

    public List<HttpField> Fields { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>curl's -v lines (stderr).</summary>
    public string Trace => Run.Errors;

    /// <summary>The first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>The curl command line every test uses: silent but showing errors, no proxy from the environment, bounded.</summary>
    public static string[] Command(params string[] arguments) =>
        new[] { "curl", "-sS", "--noproxy", "*", "--max-time", "20" }.Concat(arguments).ToArray();

    /// <summary>curl [options] URL(path); fails the test when curl itself fails.</summary>
    public static CurlExchange Fetch(HttpPeerSite site, string path, params string[] options)
    {
        string headers = site.NewFile("headers.txt");
        string body = site.NewFile("body.bin");
        var arguments = new List<string> { "-D", headers, "-o", body };
        arguments.AddRange(options);
        arguments.Add(site.Url(path));
        var run = site.Run(TimeoutMs, Command(arguments.ToArray()));
        Assert.True(run.ExitCode == 0, run.Describe("curl " + string.Join(" ", options) + " " + path) + Simulator(site));
        return Parse(run, headers, body);
    }

    /// <summary>Reads the files of one exchange: the last response head in <paramref name="headersFile"/>, the body in <paramref name="bodyFile"/>.</summary>
    public static CurlExchange Parse(PeerRun run, string headersFile, string bodyFile)
    {
        string[] lines = File.ReadAllText(headersFile, Encoding.Latin1).Replace("\r", "").Split('\n');
        int start = Array.FindLastIndex(lines, line => line.StartsWith("HTTP/", StringComparison.Ordinal));
        Assert.True(start >= 0, "no response head from curl:\n" + string.Join("\n", lines) + "\n" + run.Describe("curl"));
        var fields = new List<HttpField>();
        for (int i = start + 1; i < lines.Length && lines[i].Length > 0; i++)
        {
            int colon = lines[i].IndexOf(':');
            fields.Add(colon > 0 ? new HttpField(lines[i].Substring(0, colon), lines[i].Substring(colon + 1).Trim()) : new HttpField(lines[i], ""));
        }
        byte[] body = File.Exists(bodyFile) ? File.ReadAllBytes(bodyFile) : Array.Empty<byte>();
        return new CurlExchange(run, lines[start], fields, body);
    }

    public static string Simulator(HttpPeerSite site) => "\n--- simulator (" + site.Mode + ")\n" + Tail(site.SimulatorOutput, 6000);

    private static string Tail(string text, int characters) => text.Length <= characters ? text : "..." + text.Substring(text.Length - characters);
}
