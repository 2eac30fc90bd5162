using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Firmware.Interpreter;

namespace Firmware.Bench
{
    /// <summary>
    /// The device's own budget: tools/Bench.Device run on the nanoCLR interpreter and, side by side, on .NET in the same
    /// run, printed as one table — time per packet (also in calibration-loop iterations, to scale to a board by timing the
    /// same loop there), heap per component and across a transfer, and each assembly's RAM/ROM/METADATA as the loader reports them.
    /// </summary>
    public static class InterpreterBench
    {
        private sealed record Figure(string Key, string Value, string Unit, string Calibration, string What);

        public static int Run()
        {
            InterpreterKit kit;
            try
            {
                kit = InterpreterKit.Locate();
            }
            catch (InterpreterKitMissingException e)
            {
                Console.Error.WriteLine("bench: " + e.Message);
                return 1;
            }
            InterpreterRun nano = NanoProgram.Load("Bench.Device").Run(kit, TimeSpan.FromMinutes(10));
            if (nano.Verdict != "RESULT=PASS")
            {
                Console.Error.WriteLine("bench: the device benchmark failed on nanoCLR: " + nano.Describe(40));
                return 1;
            }
            List<string> dotnet = RunOnDotNet();
            Dictionary<string, Figure> onNano = Parse(nano.Lines);
            Dictionary<string, Figure> onDotNet = Parse(dotnet);

            Console.WriteLine();
            Console.WriteLine("interpreter: nanoCLR (" + kit.Directory + "), mscorlib 1.17.11, on this " + Environment.ProcessorCount
                + "-core host; nanoCLR and .NET measured in the same run. 'cal' = the time in iterations of the calibration loop.");
            Console.WriteLine($"{"figure",-22} {"nanoCLR us",11} {"cal",7} {".NET us",9} {"ratio",7}  what");
            foreach (Figure f in onNano.Values.Where(f => f.Unit == "us"))
            {
                onDotNet.TryGetValue(f.Key, out Figure d);
                string ratio = d != null && Number(d.Value) > 0 ? (Number(f.Value) / Number(d.Value)).ToString("F0", CultureInfo.InvariantCulture) + "x" : "-";
                Console.WriteLine($"{f.Key,-22} {f.Value,11} {f.Calibration,7} {(d?.Value ?? "-"),9} {ratio,7}  {f.What}");
            }
            Console.WriteLine();
            Console.WriteLine("heap on nanoCLR (GC.Run(false) before/after; this 64-bit host uses 24-byte blocks where the ESP32 uses 12):");
            foreach (Figure f in onNano.Values.Where(f => f.Unit == "bytes" || f.Unit == "count"))
            {
                Console.WriteLine($"{f.Key,-26} {f.Value,8} {f.Unit,-6} {f.What}");
            }
            Console.WriteLine();
            Console.WriteLine($"{"assembly (loader)",-32} {"RAM",7} {"ROM",7} {"METADATA",9}");
            foreach (AssemblySize a in nano.Assemblies)
            {
                Console.WriteLine($"{a.Name,-32} {a.RamBytes,7} {a.RomBytes,7} {a.MetadataBytes,9}");
            }
            return 0;
        }

        private static Dictionary<string, Figure> Parse(IEnumerable<string> lines)
        {
            var figures = new Dictionary<string, Figure>(StringComparer.Ordinal);
            foreach (string line in lines)
            {
                if (!line.StartsWith("BENCH ", StringComparison.Ordinal))
                {
                    continue;
                }
                string[] parts = line.Split(' ', 7);
                if (parts.Length == 7)
                {
                    figures[parts[1]] = new Figure(parts[1], parts[2], parts[3], parts[4], parts[6]);
                }
            }
            return figures;
        }

        private static double Number(string text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;

        private static List<string> RunOnDotNet()
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Firmware.Bench.Device.dll"));
            using Process process = Process.Start(start);
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Replace("\r", "").Split('\n').ToList();
        }
    }
}
