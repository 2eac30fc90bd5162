using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Guard.Tests
{
    /// <summary>
    /// tools/NanoGuard/api/corelib.txt held against the real nanoFramework mscorlib.dll (NuGet nanoFramework.CoreLibrary):
    /// every key the list names must exist in the DLL and every public (or protected, on unsealed types) type and member
    /// of the DLL must be listed, with the same kind and flags. To regenerate the list from the DLL:
    /// NANOGUARD_WRITE_CORELIB=1 dotnet test tests/Guard.Tests --filter CorelibListTests
    /// </summary>
    public class CorelibListTests
    {
        private static readonly Lazy<MscorlibApi> Dll = new Lazy<MscorlibApi>(() =>
        {
            Assert.True(File.Exists(CorelibList.MscorlibPath), "nanoFramework mscorlib not found at " + CorelibList.MscorlibPath + " (restore tests/Guard.Tests)");
            return MscorlibApi.Read(CorelibList.MscorlibPath);
        });

        [Fact]
        public void CorelibTxt_MatchesTheRealMscorlib()
        {
            string generated = CorelibList.Render(Dll.Value, CorelibList.Version);
            if (Environment.GetEnvironmentVariable(CorelibList.WriteVariable) == "1")
                File.WriteAllText(CorelibList.ListPath, generated);

            string text = File.ReadAllText(CorelibList.ListPath);
            CorelibList.Differences d = CorelibList.Compare(text, Dll.Value);
            Assert.True(d.None, "tools/NanoGuard/api/corelib.txt disagrees with " + CorelibList.MscorlibPath + ":\n" + d
                + "The DLL is the truth: rewrite the list with " + CorelibList.WriteVariable + "=1 dotnet test tests/Guard.Tests --filter CorelibListTests");

            // The header says which DLL the lines came from.
            string[] header = text.Replace("\r\n", "\n").Split('\n').TakeWhile(l => l.StartsWith("#", StringComparison.Ordinal)).ToArray();
            Assert.Equal(CorelibList.Header(CorelibList.Version), header);
        }

        [Fact]
        public void Comparison_ReportsEveryDifferenceByKey()
        {
            string good = CorelibList.Render(Dll.Value, CorelibList.Version);
            Assert.True(CorelibList.Compare(good, Dll.Value).None, CorelibList.Compare(good, Dll.Value).ToString());

            string bad = good
                .Replace("System.String::Concat(params System.String[])\tstatic method : System.String [native]\n", "")
                .Replace("System.Exception::HResult\tprotected field : System.Int32\n", "System.Exception::HResult\tfield : System.Int32\n")
                + "System.Math::Clamp(System.Int32,System.Int32,System.Int32)\tstatic method : System.Int32\n"
                + "System.String::Join(System.String,params System.String[])\tstatic method : System.String\n"
                + "System.String::Empty\tstatic readonly field : System.String\n";
            CorelibList.Differences d = CorelibList.Compare(bad, Dll.Value);

            Assert.Equal(new[] { "System.Math::Clamp(System.Int32,System.Int32,System.Int32)", "System.String::Join(System.String,params System.String[])" }, d.NotInDll);
            Assert.Equal(new[] { "System.String::Concat(params System.String[])" }, d.NotInList);
            Assert.Equal(new[] { "System.Exception::HResult: list 'field : System.Int32' / dll 'protected field : System.Int32'" }, d.KindDiffers);
            Assert.Equal(new[] { "System.String::Empty" }, d.Duplicates);
            string message = d.ToString();
            Assert.Contains("2 named by the list but not in mscorlib.dll:\n  System.Math::Clamp(", message);
            Assert.Contains("1 public/protected in mscorlib.dll but missing from the list:\n  System.String::Concat(params System.String[])", message);
        }

        [Theory]
        [InlineData("System.String::Concat(params System.String[])", "static method : System.String [native]")]
        [InlineData("System.String::PadLeft(System.Int32,System.Char=opt)", "method : System.String")]
        [InlineData("System.String::this[System.Int32]", "property {get;} : System.Char [native]")]
        [InlineData("System.String::CompareTo(System.Object)", "method : System.Int32 [native]")]
        [InlineData("System.String::ToString()", "override method : System.String")]
        [InlineData("System.Threading.Interlocked::Increment(ref System.Int32)", "static method : System.Int32 [native]")]
        [InlineData("System.Int32::TryParse(System.String,out System.Int32)", "static method : System.Boolean")]
        [InlineData("System.Int32::MaxValue", "const : System.Int32 = 2147483647")]
        [InlineData("System.Char::MaxValue", "const : System.Char = '\\uFFFF'")]
        [InlineData("System.Double::NegativeInfinity", "const : System.Double = -Infinity")]
        [InlineData("System.AttributeTargets::All", "enum value = 16383")]
        [InlineData("System.Exception::HResult", "protected field : System.Int32")]
        [InlineData("System.Object::MemberwiseClone()", "protected method : System.Object [native]")]
        [InlineData("System.Array::.ctor()", "protected ctor")]
        [InlineData("System.Array::Length", "property {get;} : System.Int32 [native]")]
        [InlineData("System.Threading.Thread::Priority", "property {get;set;} : System.Threading.ThreadPriority [native]")]
        [InlineData("System.Collections.IList::this[System.Int32]", "property {get;set;} : System.Object")]
        [InlineData("System.SpanByte::op_Implicit(System.Byte[])", "static conversion : System.SpanByte")]
        [InlineData("System.DateTime::op_Subtraction(System.DateTime,System.TimeSpan)", "static operator : System.DateTime")]
        [InlineData("System.Guid::TryParseGuidWithDashes(System.String,out System.Guid)", "static method : System.Boolean [obsolete]")]
        [InlineData("System.Action<T>", "delegate (T) -> System.Void")]
        [InlineData("System.Action::BeginInvoke(System.AsyncCallback,System.Object)", "virtual method : System.IAsyncResult [unsupported]")]
        [InlineData("System.Diagnostics.DebuggableAttribute.DebuggingModes", "enum : System.Int32")]
        [InlineData("System.Console", "static class")]
        [InlineData("System.SpanByte", "ref readonly struct [obsolete]")]
        public void Reader_WritesMetadataAsTheListFormat(string key, string kind)
        {
            Assert.True(Dll.Value.Lines.TryGetValue(key, out string actual), key + " not read from " + CorelibList.MscorlibPath);
            Assert.Equal(kind, actual);
        }

        [Fact]
        public void Reader_DoesNotInventWhatTheDeviceLacks()
        {
            // The usual host-only suspects; they must not appear just because the reader is sloppy.
            string[] absent = { "System.Math", "System.Text.StringBuilder", "System.Buffer", "System.StringComparison", "System.Collections.Generic.List<T>" };
            foreach (string t in absent) Assert.DoesNotContain(Dll.Value.Lines.Keys, k => k == t || k.StartsWith(t + "::", StringComparison.Ordinal));
            Assert.DoesNotContain(Dll.Value.Lines.Keys, k => k.StartsWith("System.String::Join(", StringComparison.Ordinal));
            Assert.DoesNotContain(Dll.Value.Lines.Keys, k => k.StartsWith("System.Char::IsDigit(", StringComparison.Ordinal));
            // Internal and private members stay out (Object has no public field; value__ of enums is not a member).
            Assert.DoesNotContain(Dll.Value.Lines.Keys, k => k.EndsWith("::value__", StringComparison.Ordinal));
            Assert.InRange(Dll.Value.Lines.Count, 1000, 2000);
        }

        [Fact]
        public void DeviceProps_UsesTheSameCoreLibrary()
        {
            string props = File.ReadAllText(Path.Combine(GuardHarness.RepoRoot, "build", "Device.props"));
            Match m = Regex.Match(props, "<NanoCoreLibraryVersion>([^<]+)</NanoCoreLibraryVersion>");
            Assert.True(m.Success, "build/Device.props sets no NanoCoreLibraryVersion");
            Assert.Equal(m.Groups[1].Value, CorelibList.Version);
            Assert.Contains("/" + CorelibList.Version + "/lib/mscorlib.dll", CorelibList.MscorlibPath.Replace('\\', '/'));
        }
    }
}
