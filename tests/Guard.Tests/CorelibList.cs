using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace Guard.Tests
{
    /// <summary>
    /// tools/NanoGuard/api/corelib.txt and its source of truth, nanoFramework.CoreLibrary's mscorlib.dll (NuGet): where
    /// the DLL is, the list text generated from it, and a key-by-key comparison of a list with the DLL.
    /// </summary>
    internal static class CorelibList
    {
        /// <summary>Set to 1 to rewrite corelib.txt from the DLL (then the comparison test passes by construction).</summary>
        public const string WriteVariable = "NANOGUARD_WRITE_CORELIB";

        public static string ListPath => Path.Combine(GuardHarness.ApiDir, "corelib.txt");

        /// <summary>The package version Guard.Tests.csproj downloads (must equal build/Device.props' NanoCoreLibraryVersion).</summary>
        public static string Version => Metadata("NanoCoreLibraryVersion");

        /// <summary>$(NuGetPackageRoot)nanoframework.corelibrary/VERSION/lib/mscorlib.dll, baked in by Guard.Tests.csproj.</summary>
        public static string MscorlibPath => Metadata("NanoMscorlib");

        private static string Metadata(string key)
        {
            foreach (AssemblyMetadataAttribute a in typeof(CorelibList).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (a.Key == key) return a.Value;
            }
            throw new InvalidOperationException("Guard.Tests.csproj sets no AssemblyMetadata '" + key + "'");
        }

        /// <summary>The header lines; the first must start with "# nanoFramework" (ApiList.TryLoad recognises lists by it).</summary>
        public static string[] Header(string version) => new[]
        {
            "# nanoFramework.CoreLibrary (mscorlib) " + version + ": the metadata of lib/mscorlib.dll in the NuGet package nanoFramework.CoreLibrary " + version,
            "# format: <Namespace.Type>[::<Member>(<param types>)] <TAB> <kind/modifiers> [: <return/field/property type>] [flags]",
            "# Generated from the DLL by tests/Guard.Tests (CorelibListTests; " + WriteVariable + "=1 rewrites this file): public types, their public members and the protected members of unsealed types; accessors folded into their property/event, indexers as this[...], nested types with '.', generic types as Name<T>; a class lists every interface the metadata records.",
            "# flags: [native]=extern InternalCall (implemented in firmware C++), [obsolete], [throws-NotImplemented]=body is only 'throw new NotImplementedException', [unsupported]=in the DLL but nanoCLR throws NotSupportedException (delegate BeginInvoke/EndInvoke; the guard treats it as absent); '=opt' marks an optional parameter; params/ref/out/in prefix a parameter type.",
        };

        /// <summary>The whole list file for that DLL: header, then one line per key in ordinal order.</summary>
        public static string Render(MscorlibApi api, string version)
        {
            var sb = new StringBuilder();
            foreach (string h in Header(version)) sb.Append(h).Append('\n');
            foreach (KeyValuePair<string, string> kv in api.Lines) sb.Append(kv.Key).Append('\t').Append(kv.Value).Append('\n');
            return sb.ToString();
        }

        /// <summary>What a list says, key -> kind column; keys written twice are returned separately.</summary>
        public static Dictionary<string, string> ParseKeys(string text, out List<string> duplicates)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            duplicates = new List<string>();
            foreach (string raw in text.Replace("\r\n", "\n").Split('\n'))
            {
                if (raw.Length == 0 || raw[0] == '#') continue;
                int tab = raw.IndexOf('\t');
                string key = tab < 0 ? raw : raw.Substring(0, tab);
                string kind = tab < 0 ? string.Empty : raw.Substring(tab + 1);
                if (!result.TryAdd(key, kind)) duplicates.Add(key);
            }
            return result;
        }

        /// <summary>A list held against the DLL.</summary>
        public sealed class Differences
        {
            /// <summary>Named by the list, absent from the DLL.</summary>
            public readonly List<string> NotInDll = new List<string>();
            /// <summary>Visible in the DLL, absent from the list.</summary>
            public readonly List<string> NotInList = new List<string>();
            /// <summary>Same key, different kind/flags column: "key: list 'a' / dll 'b'".</summary>
            public readonly List<string> KindDiffers = new List<string>();
            public readonly List<string> Duplicates = new List<string>();

            public bool None => NotInDll.Count == 0 && NotInList.Count == 0 && KindDiffers.Count == 0 && Duplicates.Count == 0;

            public override string ToString()
            {
                var sb = new StringBuilder();
                Section(sb, "named by the list but not in mscorlib.dll", NotInDll);
                Section(sb, "public/protected in mscorlib.dll but missing from the list", NotInList);
                Section(sb, "kind or flags differ", KindDiffers);
                Section(sb, "written more than once in the list", Duplicates);
                return sb.ToString();
            }

            private static void Section(StringBuilder sb, string title, List<string> items)
            {
                if (items.Count == 0) return;
                sb.Append(items.Count).Append(' ').Append(title).Append(":\n");
                foreach (string i in items) sb.Append("  ").Append(i).Append('\n');
            }
        }

        public static Differences Compare(string listText, MscorlibApi api)
        {
            var d = new Differences();
            Dictionary<string, string> list = ParseKeys(listText, out List<string> duplicates);
            d.Duplicates.AddRange(duplicates);
            foreach (KeyValuePair<string, string> kv in list.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                if (!api.Lines.TryGetValue(kv.Key, out string dllKind)) d.NotInDll.Add(kv.Key);
                else if (dllKind != kv.Value) d.KindDiffers.Add(kv.Key + ": list '" + kv.Value + "' / dll '" + dllKind + "'");
            }
            foreach (string key in api.Lines.Keys)
            {
                if (!list.ContainsKey(key)) d.NotInList.Add(key);
            }
            return d;
        }
    }
}
