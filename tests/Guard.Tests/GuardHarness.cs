using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NanoGuard;
using Xunit;

namespace Guard.Tests
{
    /// <summary>Compiles snippets in memory against the host BCL and runs the guard with the real API lists.</summary>
    internal static class GuardHarness
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> HostReferences = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray());

        public static string RepoRoot { get; } = FindRepoRoot();

        public static string ApiDir => Path.Combine(RepoRoot, "tools", "NanoGuard", "api");

        private static string FindRepoRoot()
        {
            for (DirectoryInfo d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Firmware.sln")) || File.Exists(Path.Combine(d.FullName, "build", "Device.props")))
                    return d.FullName;
            }
            throw new InvalidOperationException("repo root (Firmware.sln or build/Device.props) not found above " + AppContext.BaseDirectory);
        }

        private sealed class FileText : AdditionalText
        {
            private readonly SourceText _text;
            public FileText(string path) : this(path, File.ReadAllText(path)) { }
            public FileText(string path, string content) { Path = path; _text = SourceText.From(content); }
            public override string Path { get; }
            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }

        /// <summary>Runs the guard over one source file; lists are names without .txt (corelib, system.text ...).</summary>
        public static ImmutableArray<Diagnostic> Analyze(string source, params string[] lists)
        {
            if (lists.Length == 0) lists = new[] { "corelib" };
            return AnalyzeWith(source, lists.Select(l => (AdditionalText)new FileText(Path.Combine(ApiDir, l + ".txt"))).ToImmutableArray());
        }

        /// <summary>Runs the guard with a hand-written list (label "custom") next to the real corelib.</summary>
        public static ImmutableArray<Diagnostic> AnalyzeWithCustomList(string source, string listBody) =>
            AnalyzeWith(source, ImmutableArray.Create<AdditionalText>(
                new FileText(Path.Combine(ApiDir, "corelib.txt")),
                new FileText("/virtual/custom.txt", "# nanoFramework.Custom test list\n" + listBody)));

        public static ImmutableArray<Diagnostic> AnalyzeWithoutLists(string source) =>
            AnalyzeWith(source, ImmutableArray<AdditionalText>.Empty);

        /// <summary>Runs the guard over code that does not compile (as an IDE does while typing).</summary>
        public static ImmutableArray<Diagnostic> AnalyzeBroken(string source) =>
            AnalyzeWith(source, ImmutableArray.Create<AdditionalText>(new FileText(Path.Combine(ApiDir, "corelib.txt"))), allowErrors: true);

        /// <summary>Runs the guard with extra references (e.g. a stub of a nanoFramework package) and the named lists.</summary>
        public static ImmutableArray<Diagnostic> AnalyzeWithReferences(string source, IEnumerable<MetadataReference> extra, params string[] lists) =>
            AnalyzeWith(source, lists.Select(l => (AdditionalText)new FileText(Path.Combine(ApiDir, l + ".txt"))).ToImmutableArray(), extra: extra);

        /// <summary>Compiles <paramref name="source"/> into an in-memory assembly named <paramref name="assemblyName"/>.</summary>
        public static MetadataReference StubAssembly(string assemblyName, string source)
        {
            var stub = CSharpCompilation.Create(assemblyName, new[] { CSharpSyntaxTree.ParseText(source) }, HostReferences.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var stream = new MemoryStream();
            var result = stub.Emit(stream);
            Assert.True(result.Success, "stub does not compile:\n" + Dump(result.Diagnostics));
            return MetadataReference.CreateFromImage(stream.ToArray());
        }

        private static ImmutableArray<Diagnostic> AnalyzeWith(string source, ImmutableArray<AdditionalText> texts, bool allowErrors = false, IEnumerable<MetadataReference> extra = null)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9), path: "Snippet.cs");
            var compilation = CSharpCompilation.Create("Snippet", new[] { tree }, extra == null ? HostReferences.Value : HostReferences.Value.AddRange(extra),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
            Diagnostic[] compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(allowErrors || compileErrors.Length == 0, "snippet does not compile on the host:\n" + string.Join("\n", compileErrors.Select(d => d.ToString())));
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NanoGuardAnalyzer()), new AnalyzerOptions(texts));
            return withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        }

        public static string Dump(IEnumerable<Diagnostic> ds) => string.Join("\n", ds.Select(d => d.ToString()));

        /// <summary>The 1-based line of the first line carrying the marker comment "//!".</summary>
        public static int MarkedLine(string source)
        {
            string[] lines = source.Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < lines.Length; i++) if (lines[i].Contains("//!")) return i + 1;
            throw new InvalidOperationException("no //! marker in snippet");
        }

        /// <summary>Asserts a diagnostic with that id, on the line marked //!, whose message names <paramref name="symbol"/>.</summary>
        public static void AssertRejected(string source, string id, string symbol, params string[] lists)
        {
            ImmutableArray<Diagnostic> ds = Analyze(source, lists);
            int line = MarkedLine(source);
            bool found = ds.Any(d => d.Id == id
                && d.Severity == DiagnosticSeverity.Error
                && d.Location.GetLineSpan().StartLinePosition.Line + 1 == line
                && d.GetMessage().Contains(symbol, StringComparison.Ordinal));
            Assert.True(found, $"expected {id} naming '{symbol}' on line {line}; got:\n{Dump(ds)}");
        }

        public static void AssertClean(string source, params string[] lists)
        {
            ImmutableArray<Diagnostic> ds = Analyze(source, lists);
            Assert.True(ds.IsEmpty, "expected no guard diagnostics; got:\n" + Dump(ds));
        }

        /// <summary>Wraps statements in a class/method.</summary>
        public static string InMethod(string statements, string usings = "using System;") =>
            usings + "\nnamespace T\n{\n    public class C\n    {\n        public void M()\n        {\n" + statements + "\n        }\n    }\n}\n";
    }
}
