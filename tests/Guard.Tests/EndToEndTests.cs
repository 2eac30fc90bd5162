using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace Guard.Tests
{
    /// <summary>Builds a throw-away device-bound project with `dotnet build`, through build/Device.props.</summary>
    public class EndToEndTests
    {
        private const string PackagesConfig = @"<?xml version=""1.0"" encoding=""utf-8""?>
<packages>
  <package id=""nanoFramework.CoreLibrary"" version=""1.17.11"" targetFramework=""netnano1.0"" />
  <package id=""nanoFramework.System.Text"" version=""1.3.0"" targetFramework=""netnano1.0"" />
  <package id=""nanoFramework.TestFramework"" version=""3.0.80"" targetFramework=""netnano1.0"" />
</packages>
";

        private const string BadSource = @"namespace Probe
{
    public class Bad
    {
        private System.Collections.Generic.List<int> _items = new System.Collections.Generic.List<int>();
        public int Count { get { return _items.Count; } }
    }
}
";

        // StringBuilder comes from nanoFramework.System.Text (system.text.txt): this builds only if the package list was read.
        private const string CleanSource = @"namespace Probe
{
    public class Bad
    {
        private readonly byte[] _buffer = new byte[16];
        public string Describe(int port)
        {
            var sb = new System.Text.StringBuilder();
            sb.Append(""port "");
            System.Array.Copy(_buffer, 0, _buffer, 8, 8);
            return sb.ToString() + "" "" + $""{port}"";
        }
    }
}
";

        [Fact]
        public void DeviceBoundProjectFailsOnGenericsAndBuildsWhenClean()
        {
            string props = Path.Combine(GuardHarness.RepoRoot, "build", "Device.props");
            Assert.True(File.Exists(props), props);
            string dir = Path.Combine(Path.GetTempPath(), "nanoguard-e2e-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "Probe.csproj"),
                    "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                    "  <Import Project=\"" + props + "\" />\n" +
                    "  <PropertyGroup><OutputType>Library</OutputType><Nullable>disable</Nullable><ImplicitUsings>disable</ImplicitUsings></PropertyGroup>\n" +
                    "</Project>\n");
                File.WriteAllText(Path.Combine(dir, "packages.config"), PackagesConfig);
                File.WriteAllText(Path.Combine(dir, "Bad.cs"), BadSource);

                (int code, string output) = Build(dir);
                Assert.True(code != 0, "the build with List<int> should fail:\n" + output);
                Assert.Contains("NF0002", output);
                Assert.Contains("Bad.cs(5,", output);

                // StringBuilder is in nanoFramework.System.Text, which NuGet does not serve: such a project opts out of the
                // mscorlib compile (NanoCompile=false, as build/Device.props says) and is judged by the guard alone.
                File.WriteAllText(Path.Combine(dir, "Bad.cs"), CleanSource);
                (code, output) = Build(dir, "-p:NanoCompile=false");
                Assert.True(code == 0, "the clean build should pass:\n" + output);
                Assert.DoesNotContain("error NF", output);
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        [Fact]
        public void MissingApiListsFailTheBuild()
        {
            // A copy of Device.props outside the repository, so its ../tools/NanoGuard/api does not exist: the build must stop
            // with NF0900, not pass unchecked.
            string root = Path.Combine(Path.GetTempPath(), "nanoguard-nolists-" + Guid.NewGuid().ToString("N"));
            string dir = Path.Combine(root, "repo", "p");
            Directory.CreateDirectory(dir);
            Directory.CreateDirectory(Path.Combine(root, "repo", "build"));
            try
            {
                File.Copy(Path.Combine(GuardHarness.RepoRoot, "build", "Device.props"), Path.Combine(root, "repo", "build", "Device.props"));
                File.WriteAllText(Path.Combine(dir, "Probe.csproj"),
                    "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Import Project=\"../build/Device.props\" />\n</Project>\n");
                File.WriteAllText(Path.Combine(dir, "packages.config"), PackagesConfig);
                File.WriteAllText(Path.Combine(dir, "A.cs"), "namespace Probe { public class A { } }\n");
                (int code, string output) = Build(dir);
                Assert.True(code != 0, "a build without the API lists must fail:\n" + output);
                Assert.Contains("NF0900", output);
                Assert.Contains("API lists are missing", output);
            }
            finally
            {
                try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        // The second compile (build/Device.props, target NanoCompile: NoStdLib against nanoFramework's mscorlib.dll) on
        // its own, guard off: what the real mscorlib lacks fails with file:line although the host compile succeeds.
        // Line 5 of the probe; the column is where the compiler points (the qualified name System.Math, the member name Join).
        [Theory]
        [InlineData("Math", "return System.Math.Clamp(x, 0, 10);", "System.Math", "CS0234")]
        [InlineData("Join", "return string.Join(\",\", new string[] { \"a\", \"b\" }) + x;", "Join", "CS0117")]
        public void MscorlibCompileCatchesWhatTheDeviceLacks_AndSoDoesTheGuard(string label, string statement, string pointedAt, string compilerError)
        {
            string source = "namespace Probe\n{\n    public class A\n    {\n        public object M(int x) { " + statement + " }\n    }\n}\n";
            string line5 = source.Split('\n')[4];
            string at = "A.cs(5," + (line5.IndexOf(pointedAt, StringComparison.Ordinal) + 1) + "): error " + compilerError;
            string dir = NewProbe("nanoguard-mscorlib-" + label, source);
            try
            {
                (int code, string output) = Build(dir, "-p:RunAnalyzers=false");
                Assert.True(code != 0, "the build without the guard must still fail on " + label + ":\n" + output);
                Assert.Contains(at, output);
                Assert.DoesNotContain("NF0001", output);
                // It was the nano compile: the host compile (full .NET BCL) went through, the nano assembly was not written.
                Assert.True(File.Exists(Path.Combine(dir, "obj", "Debug", "net10.0", "Probe.dll")), "host compile output missing:\n" + output);
                Assert.False(File.Exists(NanoAssembly(dir)), "a nano assembly was written although its compile failed");

                (code, output) = Build(dir);
                Assert.True(code != 0, "the build with the guard must fail on " + label + ":\n" + output);
                Assert.Contains("A.cs(5,", output);
                Assert.Contains("error NF0001", output);
                Assert.Contains(label, output.Substring(output.IndexOf("error NF0001", StringComparison.Ordinal)));
            }
            finally
            {
                Delete(dir);
            }
        }

        [Fact]
        public void CleanProbeCompilesAgainstTheRealMscorlib()
        {
            const string source = "namespace Probe\n{\n    public class A\n    {\n" +
                "        private readonly byte[] _buffer = new byte[16];\n" +
                "        public string M(int port)\n        {\n" +
                "            System.Array.Copy(_buffer, 0, _buffer, 8, 8);\n" +
                "            return \"port \" + port.ToString() + $\" {_buffer.Length}\";\n" +
                "        }\n    }\n}\n";
            string dir = NewProbe("nanoguard-clean", source);
            try
            {
                (int code, string output) = Build(dir);
                Assert.True(code == 0, "the clean probe must build:\n" + output);
                string nano = NanoAssembly(dir);
                Assert.True(File.Exists(nano), nano + " was not produced:\n" + output);
                // Compiled with NoStdLib: nanoFramework's mscorlib is its only reference.
                using var pe = new PEReader(File.OpenRead(nano));
                MetadataReader md = pe.GetMetadataReader();
                string[] refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
                Assert.Equal(new[] { "mscorlib" }, refs);
                Assert.Equal(new Version(1, 17, 11, 0), md.GetAssemblyReference(md.AssemblyReferences.First()).Version);
            }
            finally
            {
                Delete(dir);
            }
        }

        private const string CoreLibraryOnly = @"<?xml version=""1.0"" encoding=""utf-8""?>
<packages>
  <package id=""nanoFramework.CoreLibrary"" version=""1.17.11"" targetFramework=""netnano1.0"" />
</packages>
";

        /// <summary>A device-bound library project in a fresh temp folder with one source file, A.cs.</summary>
        private static string NewProbe(string prefix, string source)
        {
            string props = Path.Combine(GuardHarness.RepoRoot, "build", "Device.props");
            string dir = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "Probe.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                "  <Import Project=\"" + props + "\" />\n" +
                "  <PropertyGroup><OutputType>Library</OutputType><Nullable>disable</Nullable><ImplicitUsings>disable</ImplicitUsings></PropertyGroup>\n" +
                "</Project>\n");
            File.WriteAllText(Path.Combine(dir, "packages.config"), CoreLibraryOnly);
            File.WriteAllText(Path.Combine(dir, "A.cs"), source);
            return dir;
        }

        private static string NanoAssembly(string dir) => Path.Combine(dir, "obj", "Debug", "net10.0", "nano", "Probe.dll");

        private static void Delete(string dir)
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static (int, string) Build(string dir, params string[] extra)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "build", Path.Combine(dir, "Probe.csproj"), "-nologo", "-nodeReuse:false", "--disable-build-servers", "-v:q" })
                psi.ArgumentList.Add(a);
            foreach (string a in extra) psi.ArgumentList.Add(a);
            // The test host's MSBuild variables must not leak into the child build.
            foreach (string v in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE" })
                psi.Environment.Remove(v);
            using Process p = Process.Start(psi);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(5 * 60 * 1000))
            {
                p.Kill(true);
                throw new TimeoutException("dotnet build took over 5 minutes in " + dir);
            }
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
