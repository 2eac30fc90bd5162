using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NanoGuard
{
    /// <summary>One parameter of a listed member: "params System.Object[]", "out System.Int32", "System.Char=opt".</summary>
    internal sealed class ApiParam
    {
        public string Type;
        public RefKind RefKind;
        public bool IsParams;
        public bool IsOptional;
    }

    /// <summary>One listed member (method, ctor, operator, property, indexer, field, event, enum value).</summary>
    internal sealed class ApiMember
    {
        public string Name;
        /// <summary>null for fields/properties/events (no parameter list in the list line).</summary>
        public ApiParam[] Params;
        public string Kind;
    }

    internal sealed class ApiType
    {
        public string Name;
        public string Kind;
        public readonly Dictionary<string, List<ApiMember>> Members = new Dictionary<string, List<ApiMember>>(StringComparer.Ordinal);
    }

    /// <summary>One parsed list file (corelib.txt, system.text.txt ...). Immutable once built.</summary>
    internal sealed class ApiList
    {
        public string Label;
        public readonly Dictionary<string, ApiType> Types = new Dictionary<string, ApiType>(StringComparer.Ordinal);

        private static readonly ConcurrentDictionary<string, ApiList> Cache = new ConcurrentDictionary<string, ApiList>(StringComparer.Ordinal);

        /// <summary>A list file is a .txt whose first line starts with "# nanoFramework".</summary>
        public static ApiList TryLoad(AdditionalText file, CancellationToken ct)
        {
            string path = file.Path ?? string.Empty;
            if (!path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) return null;
            SourceText text = file.GetText(ct);
            if (text == null || text.Lines.Count == 0) return null;
            string first = text.Lines[0].ToString();
            if (!first.StartsWith("# nanoFramework", StringComparison.Ordinal)) return null;

            // Parse each distinct list once per process (the checksum tells edits apart).
            string key = path + "|" + BitConverter.ToString(text.GetChecksum().ToArray());
            return Cache.GetOrAdd(key, _ => Parse(Path.GetFileNameWithoutExtension(path).ToLowerInvariant(), text));
        }

        internal static ApiList Parse(string label, SourceText text)
        {
            var list = new ApiList { Label = label };
            foreach (TextLine line in text.Lines)
            {
                string s = line.ToString();
                if (s.Length == 0 || s[0] == '#') continue;
                int tab = s.IndexOf('\t');
                string sig = tab >= 0 ? s.Substring(0, tab) : s;
                string kind = tab >= 0 ? s.Substring(tab + 1) : string.Empty;
                // In the assembly but not in the runtime (delegate BeginInvoke/EndInvoke): judged as if absent.
                if (kind.IndexOf("[unsupported]", StringComparison.Ordinal) >= 0) continue;
                int sep = sig.IndexOf("::", StringComparison.Ordinal);
                if (sep < 0)
                {
                    ApiType t = list.GetOrAddType(sig.Trim());
                    t.Kind = kind;
                    continue;
                }
                ApiType owner = list.GetOrAddType(sig.Substring(0, sep).Trim());
                string rest = sig.Substring(sep + 2);
                int open = rest.IndexOfAny(new[] { '(', '[' });
                var m = new ApiMember { Kind = kind };
                if (open < 0)
                {
                    m.Name = rest.Trim();
                }
                else
                {
                    m.Name = rest.Substring(0, open).Trim();
                    int close = rest.LastIndexOfAny(new[] { ')', ']' });
                    string inner = close > open ? rest.Substring(open + 1, close - open - 1) : string.Empty;
                    m.Params = ParseParams(inner);
                }
                if (!owner.Members.TryGetValue(m.Name, out List<ApiMember> same))
                {
                    same = new List<ApiMember>();
                    owner.Members.Add(m.Name, same);
                }
                same.Add(m);
            }
            return list;
        }

        private ApiType GetOrAddType(string name)
        {
            if (!Types.TryGetValue(name, out ApiType t))
            {
                t = new ApiType { Name = name, Kind = string.Empty };
                Types.Add(name, t);
            }
            return t;
        }

        private static ApiParam[] ParseParams(string inner)
        {
            var result = new List<ApiParam>();
            if (inner.Trim().Length == 0) return result.ToArray();
            int depth = 0, start = 0;
            for (int i = 0; i <= inner.Length; i++)
            {
                if (i == inner.Length || (inner[i] == ',' && depth == 0))
                {
                    result.Add(ParseParam(inner.Substring(start, i - start)));
                    start = i + 1;
                }
                else if (inner[i] == '<') depth++;
                else if (inner[i] == '>') depth--;
            }
            return result.ToArray();
        }

        private static ApiParam ParseParam(string raw)
        {
            var p = new ApiParam();
            string s = raw.Trim();
            if (s.EndsWith("=opt", StringComparison.Ordinal)) { p.IsOptional = true; s = s.Substring(0, s.Length - 4).Trim(); }
            if (s.StartsWith("params ", StringComparison.Ordinal)) { p.IsParams = true; s = s.Substring(7).Trim(); }
            if (s.StartsWith("this ", StringComparison.Ordinal)) { s = s.Substring(5).Trim(); }
            if (s.StartsWith("ref ", StringComparison.Ordinal)) { p.RefKind = RefKind.Ref; s = s.Substring(4).Trim(); }
            else if (s.StartsWith("out ", StringComparison.Ordinal)) { p.RefKind = RefKind.Out; s = s.Substring(4).Trim(); }
            else if (s.StartsWith("in ", StringComparison.Ordinal)) { p.RefKind = RefKind.In; s = s.Substring(3).Trim(); }
            p.Type = s;
            return p;
        }
    }

    /// <summary>The union of the lists that apply to one compilation.</summary>
    internal sealed class ApiCatalog
    {
        public readonly ImmutableArray<ApiList> Lists;
        public readonly string Labels;
        private readonly HashSet<string> _namespaces = new HashSet<string>(StringComparer.Ordinal);

        public ApiCatalog(IEnumerable<ApiList> lists)
        {
            // De-duplicate by label (corelib may be passed twice); corelib first for readable messages.
            Lists = lists.GroupBy(l => l.Label).Select(g => g.First())
                .OrderBy(l => l.Label == "corelib" ? 0 : 1).ThenBy(l => l.Label, StringComparer.Ordinal)
                .ToImmutableArray();
            Labels = string.Join(", ", Lists.Select(l => l.Label));
            foreach (ApiList l in Lists)
            {
                foreach (string t in l.Types.Keys)
                {
                    string name = t;
                    int lt = name.IndexOf('<');
                    if (lt >= 0) name = name.Substring(0, lt);
                    int dot = name.LastIndexOf('.');
                    while (dot > 0)
                    {
                        name = name.Substring(0, dot);
                        _namespaces.Add(name);
                        dot = name.LastIndexOf('.');
                    }
                }
            }
        }

        public bool HasType(string name)
        {
            foreach (ApiList l in Lists) if (l.Types.ContainsKey(name)) return true;
            return false;
        }

        public bool HasNamespace(string name) => _namespaces.Contains(name);

        /// <summary>All listed members of that name on that type, across lists.</summary>
        public List<ApiMember> Members(string type, string member)
        {
            List<ApiMember> result = null;
            foreach (ApiList l in Lists)
            {
                if (l.Types.TryGetValue(type, out ApiType t) && t.Members.TryGetValue(member, out List<ApiMember> ms))
                {
                    if (result == null) result = new List<ApiMember>();
                    result.AddRange(ms);
                }
            }
            return result;
        }
    }
}
