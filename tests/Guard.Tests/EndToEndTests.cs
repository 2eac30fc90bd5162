using System;
using System.Diagnostics;
using System.IO;
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

                File.WriteAllText(Path.Combine(dir, "Bad.cs"), CleanSource);
                (code, output) = Build(dir);
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
            // A copy of Device.props whose ../../shared does not exist: the build must stop with NF0900, not pass unchecked.
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

        private static (int, string) Build(string dir)
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
