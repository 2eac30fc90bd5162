using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NanoGuard
{
    /// <summary>
    /// The nanoFramework compatibility guard. Checks a device-bound (host-compiled) project against the
    /// nanoFramework 1.17 API lists passed as AdditionalFiles (see build/Device.props and tools/NanoGuard/README.md).
    /// NF0001: framework API not in the lists; NF0002: generics; NF0003: language/runtime features the device lacks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NanoGuardAnalyzer : DiagnosticAnalyzer
    {
        private const string Category = "nanoFramework";

        public static readonly DiagnosticDescriptor ApiMissing = new DiagnosticDescriptor(
            "NF0001", "API not in nanoFramework", "'{0}' is not in nanoFramework ({1})",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "The member or type is not in the nanoFramework API lists of the packages this project references (packages.config).");

        public static readonly DiagnosticDescriptor GenericUsed = new DiagnosticDescriptor(
            "NF0002", "Generics are not in nanoFramework", "'{0}' is generic: nanoFramework 1.17 has no generics",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor FeatureMissing = new DiagnosticDescriptor(
            "NF0003", "Language/runtime feature not in nanoFramework", "{0} is not supported by nanoFramework 1.17",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NoLists = new DiagnosticDescriptor(
            "NF0000", "nanoFramework API lists missing",
            "No nanoFramework API list was passed to the guard (AdditionalFiles from tools/NanoGuard/api): the project cannot be checked",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, customTags: WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(ApiMissing, GenericUsed, FeatureMissing, NoLists);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var lists = new List<ApiList>();
                foreach (AdditionalText file in start.Options.AdditionalFiles)
                {
                    ApiList l = ApiList.TryLoad(file, start.CancellationToken);
                    if (l != null) lists.Add(l);
                }
                if (lists.Count == 0)
                {
                    start.RegisterCompilationEndAction(end => end.ReportDiagnostic(Diagnostic.Create(NoLists, Location.None)));
                    return;
                }
                var checker = new Checker(new ApiCatalog(lists), start.Compilation);
                checker.Register(start);
            });
        }
    }

    internal sealed class Checker
    {
        private readonly ApiCatalog _api;
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, byte> _reported = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        private static readonly SymbolDisplayFormat KeyFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.None);

        public Checker(ApiCatalog api, Compilation compilation)
        {
            _api = api;
            _compilation = compilation;
        }

        public void Register(CompilationStartAnalysisContext start)
        {
            start.RegisterOperationAction(OnInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(OnObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(OnMemberReference, OperationKind.PropertyReference, OperationKind.FieldReference,
                OperationKind.EventReference, OperationKind.MethodReference);
            start.RegisterOperationAction(OnOperator, OperationKind.Binary, OperationKind.Unary, OperationKind.Increment,
                OperationKind.Decrement, OperationKind.CompoundAssignment, OperationKind.Conversion);
            start.RegisterOperationAction(OnLock, OperationKind.Lock);
            start.RegisterOperationAction(OnForEach, OperationKind.Loop);
            start.RegisterOperationAction(OnInterpolatedString, OperationKind.InterpolatedString);
            start.RegisterOperationAction(OnLiteral, OperationKind.Literal);
            start.RegisterOperationAction(OnAnonymousObject, OperationKind.AnonymousObjectCreation);

            start.RegisterSymbolAction(OnNamedType, SymbolKind.NamedType);
            start.RegisterSymbolAction(OnMethod, SymbolKind.Method);

            start.RegisterSyntaxNodeAction(OnTypeSyntax, SyntaxKind.IdentifierName, SyntaxKind.GenericName, SyntaxKind.QualifiedName,
                SyntaxKind.AliasQualifiedName, SyntaxKind.PredefinedType, SyntaxKind.NullableType, SyntaxKind.PointerType,
                SyntaxKind.FunctionPointerType, SyntaxKind.TupleType);
            start.RegisterSyntaxNodeAction(OnFeatureSyntax,
                SyntaxKind.QueryExpression, SyntaxKind.StackAllocArrayCreationExpression, SyntaxKind.ImplicitStackAllocArrayCreationExpression,
                SyntaxKind.UnsafeStatement, SyntaxKind.FixedStatement, SyntaxKind.TupleType, SyntaxKind.TupleExpression,
                SyntaxKind.ParenthesizedVariableDesignation, SyntaxKind.ForEachVariableStatement, SyntaxKind.PositionalPatternClause,
                SyntaxKind.RangeExpression, SyntaxKind.IndexExpression, SyntaxKind.ArrayRankSpecifier, SyntaxKind.RecordDeclaration,
                SyntaxKind.RecordStructDeclaration, SyntaxKind.InitAccessorDeclaration, SyntaxKind.YieldReturnStatement,
                SyntaxKind.YieldBreakStatement, SyntaxKind.AwaitExpression, SyntaxKind.ParenthesizedLambdaExpression,
                SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression, SyntaxKind.LocalFunctionStatement,
                SyntaxKind.MethodDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.InterfaceDeclaration,
                SyntaxKind.FieldDeclaration, SyntaxKind.PropertyDeclaration, SyntaxKind.ConstructorDeclaration, SyntaxKind.OperatorDeclaration,
                SyntaxKind.ConversionOperatorDeclaration, SyntaxKind.IndexerDeclaration, SyntaxKind.DelegateDeclaration,
                SyntaxKind.DestructorDeclaration, SyntaxKind.EventFieldDeclaration);
            start.RegisterSyntaxNodeAction(OnAttribute, SyntaxKind.Attribute);
            start.RegisterSyntaxNodeAction(OnUsing, SyntaxKind.UsingDirective);
        }

        // ------------------------------------------------------------------ reporting

        private void Report(Action<Diagnostic> report, DiagnosticDescriptor d, Location loc, params object[] args)
        {
            if (loc == null) loc = Location.None;
            string key = d.Id + "|" + loc.SourceTree?.FilePath + "|" + loc.SourceSpan.Start + "|" + string.Join("|", args);
            if (_reported.TryAdd(key, 0)) report(Diagnostic.Create(d, loc, args));
        }

        private static readonly SymbolDisplayFormat ShowFormat = SymbolDisplayFormat.CSharpErrorMessageFormat
            .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static string Show(ISymbol s) => s.ToDisplayString(ShowFormat);

        // ------------------------------------------------------------------ symbol classification

        internal static bool IsFrameworkAssembly(IAssemblySymbol a)
        {
            if (a == null) return false;
            string n = a.Name;
            // nanoFramework's own packages (Hardware.Esp32, Runtime.Native, ...) are checked against their lists
            // like the BCL; the test framework is not: it has no list, and on the host our adapter stands in for it.
            return n == "mscorlib" || n == "netstandard" || n == "System"
                || n.StartsWith("System.", StringComparison.Ordinal) || n.StartsWith("Microsoft.", StringComparison.Ordinal)
                || (n.StartsWith("nanoFramework.", StringComparison.Ordinal) && !n.StartsWith("nanoFramework.TestFramework", StringComparison.Ordinal));
        }

        private bool IsFramework(ISymbol s) =>
            s != null && !SymbolEqualityComparer.Default.Equals(s.ContainingAssembly, _compilation.Assembly) && IsFrameworkAssembly(s.ContainingAssembly);

        private static string Key(ITypeSymbol t) => t.OriginalDefinition.ToDisplayString(KeyFormat);

        private enum Verdict { Ok, NotListed, Generic, Feature }

        /// <summary>Judges a type as used by code; <paramref name="what"/> gets the text for NF0003/NF0002.</summary>
        private Verdict JudgeType(ITypeSymbol t, out string what)
        {
            what = null;
            if (t == null || t.TypeKind == TypeKind.Error || t is ITypeParameterSymbol) return Verdict.Ok;
            switch (t)
            {
                case IArrayTypeSymbol a:
                    if (a.Rank > 1) { what = "multidimensional array '" + Show(a) + "'"; return Verdict.Feature; }
                    return JudgeType(a.ElementType, out what);
                case IPointerTypeSymbol _:
                case IFunctionPointerTypeSymbol _:
                    what = "'unsafe' pointer type '" + Show(t) + "'"; return Verdict.Feature;
                case IDynamicTypeSymbol _:
                    what = "'dynamic'"; return Verdict.Feature;
            }
            if (!(t is INamedTypeSymbol n)) return Verdict.Ok;
            if (n.IsTupleType) { what = "tuple type '" + Show(n) + "'"; return Verdict.Feature; }
            if (n.IsAnonymousType) { what = "anonymous type '" + Show(n) + "'"; return Verdict.Generic; }
            if (n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) { what = "nullable value type '" + Show(n) + "'"; return Verdict.Feature; }
            if (n.SpecialType == SpecialType.System_Decimal) { what = "'decimal' (System.Decimal)"; return Verdict.Feature; }
            if (IsFramework(n))
            {
                string key = Key(n);
                switch (key)
                {
                    case "System.Span<T>":
                    case "System.ReadOnlySpan<T>":
                    case "System.Memory<T>":
                    case "System.ReadOnlyMemory<T>":
                        what = "'" + Show(n) + "' (Span/Memory)"; return Verdict.Feature;
                    case "System.Index":
                    case "System.Range":
                        what = "Index/Range ('" + key + "')"; return Verdict.Feature;
                    case "System.Threading.Tasks.Task":
                    case "System.Threading.Tasks.Task<TResult>":
                    case "System.Threading.Tasks.ValueTask":
                    case "System.Threading.Tasks.ValueTask<TResult>":
                        what = "async/Task ('" + Show(n) + "')"; return Verdict.Feature;
                }
                if (key.StartsWith("System.ValueTuple", StringComparison.Ordinal)) { what = "tuple type '" + Show(n) + "'"; return Verdict.Feature; }
                if (key.StartsWith("System.Linq.", StringComparison.Ordinal)) { what = "LINQ ('" + Show(n) + "')"; return Verdict.Feature; }
            }
            for (INamedTypeSymbol c = n; c != null; c = c.ContainingType)
            {
                if (c.TypeArguments.Length > 0 || c.IsUnboundGenericType) { what = Show(n); return Verdict.Generic; }
            }
            if (IsFramework(n) && !_api.HasType(Key(n))) return Verdict.NotListed;
            return Verdict.Ok;
        }

        /// <summary>Reports a type use; returns false if something was wrong with it.</summary>
        private bool CheckType(Action<Diagnostic> report, ITypeSymbol t, Location loc)
        {
            switch (JudgeType(t, out string what))
            {
                case Verdict.NotListed:
                    Report(report, NanoGuardAnalyzer.ApiMissing, loc, Show(t), _api.Labels); return false;
                case Verdict.Generic:
                    Report(report, NanoGuardAnalyzer.GenericUsed, loc, what); return false;
                case Verdict.Feature:
                    Report(report, NanoGuardAnalyzer.FeatureMissing, loc, what); return false;
            }
            return true;
        }

        // ------------------------------------------------------------------ member lookup

        /// <summary>An argument as the device compiler would see it (before the host's implicit conversions).</summary>
        private struct Arg
        {
            public ITypeSymbol Type;
            public bool Any; // null literal, lambda, method group, default: convertible to (almost) anything
            public object Constant;
            public bool HasConstant;
            public RefKind RefKind;
        }

        private static Arg ToArg(IOperation value, RefKind refKind)
        {
            IOperation v = value;
            while (v is IConversionOperation c && c.IsImplicit && c.OperatorMethod == null) v = c.Operand;
            var a = new Arg { RefKind = refKind };
            if (v is IDelegateCreationOperation || v is IAnonymousFunctionOperation || v is IMethodReferenceOperation) a.Any = true;
            else if (v.Type == null) a.Any = true;
            else a.Type = v.Type;
            if (v.ConstantValue.HasValue) { a.HasConstant = true; a.Constant = v.ConstantValue.Value; if (a.Constant == null) a.Any = true; }
            return a;
        }

        private static List<Arg> ToArgs(ImmutableArray<IArgumentOperation> arguments)
        {
            var args = new List<Arg>();
            foreach (IArgumentOperation arg in arguments)
            {
                if (arg.ArgumentKind == ArgumentKind.DefaultValue) continue; // filled in by the host compiler
                RefKind rk = arg.Parameter?.RefKind ?? RefKind.None;
                if (arg.ArgumentKind == ArgumentKind.ParamArray && arg.Value is IArrayCreationOperation ac && ac.IsImplicit)
                {
                    if (ac.Initializer != null) foreach (IOperation e in ac.Initializer.ElementValues) args.Add(ToArg(e, RefKind.None));
                    continue;
                }
                args.Add(ToArg(arg.Value, rk));
            }
            return args;
        }

        private static readonly Dictionary<string, string[]> NumericWidening = new Dictionary<string, string[]>
        {
            ["System.SByte"] = new[] { "System.Int16", "System.Int32", "System.Int64", "System.Single", "System.Double" },
            ["System.Byte"] = new[] { "System.Int16", "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double" },
            ["System.Int16"] = new[] { "System.Int32", "System.Int64", "System.Single", "System.Double" },
            ["System.UInt16"] = new[] { "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double" },
            ["System.Int32"] = new[] { "System.Int64", "System.Single", "System.Double" },
            ["System.UInt32"] = new[] { "System.Int64", "System.UInt64", "System.Single", "System.Double" },
            ["System.Int64"] = new[] { "System.Single", "System.Double" },
            ["System.UInt64"] = new[] { "System.Single", "System.Double" },
            ["System.Char"] = new[] { "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double" },
            ["System.Single"] = new[] { "System.Double" },
        };

        private static readonly HashSet<string> IntegralTypes = new HashSet<string>
        {
            "System.SByte", "System.Byte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64",
        };

        private static bool Convertible(Arg a, string param)
        {
            if (a.Any) return true;
            ITypeSymbol t = a.Type;
            string k = t.ToDisplayString(KeyFormat);
            if (k == param || param == "System.Object") return true;
            if (param.Length == 1 || (param.Length <= 8 && param.StartsWith("T", StringComparison.Ordinal) && !param.Contains("."))) return true; // a type parameter
            for (ITypeSymbol b = t.BaseType; b != null; b = b.BaseType)
                if (b.ToDisplayString(KeyFormat) == param) return true;
            foreach (INamedTypeSymbol i in t.AllInterfaces)
                if (i.ToDisplayString(KeyFormat) == param) return true;
            if (t is IArrayTypeSymbol && param == "System.Array") return true;
            if (NumericWidening.TryGetValue(k, out string[] wider) && Array.IndexOf(wider, param) >= 0) return true;
            if (a.HasConstant && k == "System.Int32" && IntegralTypes.Contains(param)) return true; // constant conversions
            if (t.TypeKind == TypeKind.Delegate && (param == "System.Delegate" || param == "System.MulticastDelegate")) return true;
            return false;
        }

        private static bool ArgFits(Arg a, ApiParam p)
        {
            if (p.RefKind == RefKind.Ref || p.RefKind == RefKind.Out || a.RefKind == RefKind.Ref || a.RefKind == RefKind.Out)
                return p.RefKind == a.RefKind && (a.Any || a.Type.ToDisplayString(KeyFormat) == p.Type); // no conversions through ref/out
            return Convertible(a, p.Type);
        }

        private static bool Applicable(ApiParam[] ps, List<Arg> args)
        {
            if (ps == null) return args.Count == 0;
            // normal form
            if (args.Count <= ps.Length)
            {
                bool ok = true;
                for (int i = 0; i < ps.Length && ok; i++)
                {
                    if (i < args.Count) ok = ArgFits(args[i], ps[i]);
                    else ok = ps[i].IsOptional || ps[i].IsParams;
                }
                if (ok) return true;
            }
            // expanded form
            if (ps.Length > 0 && ps[ps.Length - 1].IsParams)
            {
                int fixedCount = ps.Length - 1;
                string elem = ps[ps.Length - 1].Type;
                if (elem.EndsWith("[]", StringComparison.Ordinal)) elem = elem.Substring(0, elem.Length - 2);
                for (int i = 0; i < fixedCount; i++)
                {
                    if (i < args.Count) { if (!ArgFits(args[i], ps[i])) return false; }
                    else if (!ps[i].IsOptional) return false;
                }
                for (int i = fixedCount; i < args.Count; i++)
                    if (args[i].RefKind != RefKind.None || !Convertible(args[i], elem)) return false;
                return true;
            }
            return false;
        }

        private static string ListName(ISymbol member)
        {
            switch (member)
            {
                case IMethodSymbol m when m.MethodKind == MethodKind.Constructor || m.MethodKind == MethodKind.StaticConstructor:
                    return m.Name; // .ctor / .cctor
                case IPropertySymbol p when p.IsIndexer:
                    return "this";
                default:
                    return member.Name;
            }
        }

        /// <summary>
        /// Finds the member on the nanoFramework side: on the type the host bound to (or the receiver's type),
        /// then on its base types (inherited members), then interfaces. args == null: accept any member of that name.
        /// </summary>
        private bool Found(ISymbol member, INamedTypeSymbol startType, List<Arg> args, out bool typeListed) =>
            Found(member, startType, args, out typeListed, out _);

        private bool Found(ISymbol member, INamedTypeSymbol startType, List<Arg> args, out bool typeListed, out ApiMember match)
        {
            typeListed = false;
            match = null;
            string name = ListName(member);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<ITypeSymbol>();
            bool ctor = member is IMethodSymbol cm && (cm.MethodKind == MethodKind.Constructor || cm.MethodKind == MethodKind.StaticConstructor);
            if (ctor)
            {
                candidates.Add(member.ContainingType); // constructors are not inherited
            }
            else
            {
                for (ITypeSymbol t = startType; t != null; t = t.BaseType) candidates.Add(t);
                for (ITypeSymbol t = member.ContainingType; t != null; t = t.BaseType) candidates.Add(t);
                if (startType != null) candidates.AddRange(startType.AllInterfaces);
            }
            foreach (ITypeSymbol t in candidates)
            {
                string key = Key(t);
                if (!seen.Add(key)) continue;
                if (!_api.HasType(key)) continue;
                typeListed = true;
                List<ApiMember> ms = _api.Members(key, name);
                if (ms == null) continue;
                if (args == null) { match = ms[0]; return true; }
                // C#-style applicability of the device overloads
                foreach (ApiMember m in ms)
                {
                    if ((m.Params == null && !(member is IMethodSymbol) && !(member is IPropertySymbol ip && ip.IsIndexer))
                        || (m.Params != null && Applicable(m.Params, args)))
                    {
                        match = m;
                        return true;
                    }
                }
            }
            return false;
        }

        /// <summary>Checks a use of a framework member. args == null: name-only check.</summary>
        private void CheckMember(Action<Diagnostic> report, ISymbol member, ITypeSymbol receiverType, List<Arg> args, Location loc, bool write = false)
        {
            if (member == null) return;
            INamedTypeSymbol owner = member.ContainingType;
            if (owner == null) return;
            string ns = owner.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (IsFramework(member) && (ns == "System.Linq" || ns.StartsWith("System.Linq.", StringComparison.Ordinal)))
            {
                Report(report, NanoGuardAnalyzer.FeatureMissing, loc, "LINQ ('" + Show(member) + "')");
                return;
            }
            if (member is IMethodSymbol gm && gm.IsGenericMethod)
            {
                // The host may bind a generic overload (Array.IndexOf<T>(T[], T)) where the device compiler binds a
                // non-generic one (Array.IndexOf(Array, object)): accept when such an overload applies.
                if (IsFramework(member) && args != null && !owner.IsGenericType && Found(member, owner, args, out _)) return;
                Report(report, NanoGuardAnalyzer.GenericUsed, loc, Show(member));
                return;
            }
            if (!IsFramework(member)) return;
            switch (JudgeType(owner, out string what))
            {
                case Verdict.Generic: Report(report, NanoGuardAnalyzer.GenericUsed, loc, what); return;
                case Verdict.Feature: Report(report, NanoGuardAnalyzer.FeatureMissing, loc, what); return;
            }
            if (member is IMethodSymbol dm && dm.MethodKind == MethodKind.DelegateInvoke)
            {
                if (_api.HasType(Key(owner))) return;
                Report(report, NanoGuardAnalyzer.ApiMissing, loc, Show(member), _api.Labels);
                return;
            }
            INamedTypeSymbol start = owner;
            if (receiverType is INamedTypeSymbol rt && IsFramework(rt) && !rt.IsGenericType && rt.TypeKind != TypeKind.Interface) start = rt;
            if (Found(member, start, args, out _, out ApiMember match))
            {
                // A property the device has as get-only cannot be assigned.
                if (write && match != null && match.Kind.IndexOf("property", StringComparison.Ordinal) >= 0
                    && match.Kind.IndexOf("{get;}", StringComparison.Ordinal) >= 0)
                    Report(report, NanoGuardAnalyzer.ApiMissing, loc, Show(member) + " setter", _api.Labels);
                return;
            }
            Report(report, NanoGuardAnalyzer.ApiMissing, loc, Show(member), _api.Labels);
        }

        // ------------------------------------------------------------------ operations

        private static bool InNameOf(SyntaxNode node)
        {
            for (SyntaxNode n = node; n != null; n = n.Parent)
            {
                if (n is InvocationExpressionSyntax inv && inv.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == "nameof") return true;
                if (n is StatementSyntax || n is MemberDeclarationSyntax) return false;
            }
            return false;
        }

        private void OnInvocation(OperationAnalysisContext ctx)
        {
            var op = (IInvocationOperation)ctx.Operation;
            IMethodSymbol m = op.TargetMethod;
            if (op.IsImplicit && op.Syntax.FirstAncestorOrSelf<QueryExpressionSyntax>() != null) return; // reported on the query
            Location loc = op.Syntax is InvocationExpressionSyntax ies && ies.Expression is MemberAccessExpressionSyntax ma
                ? ma.Name.GetLocation() : op.Syntax.GetLocation();
            CheckMember(ctx.ReportDiagnostic, m, op.Instance?.Type, ToArgs(op.Arguments), loc);
            CheckNumberFormat(ctx, op);
        }

        private void OnObjectCreation(OperationAnalysisContext ctx)
        {
            var op = (IObjectCreationOperation)ctx.Operation;
            if (op.Constructor == null) { CheckType(ctx.ReportDiagnostic, op.Type, op.Syntax.GetLocation()); return; }
            if (op.Syntax.Parent is AttributeSyntax) return;
            if (JudgeType(op.Type, out _) != Verdict.Ok && !(op.Type is INamedTypeSymbol nt && IsFramework(nt)))
            {
                CheckType(ctx.ReportDiagnostic, op.Type, op.Syntax.GetLocation());
                return;
            }
            CheckMember(ctx.ReportDiagnostic, op.Constructor, null, ToArgs(op.Arguments), op.Syntax.GetLocation());
        }

        private void OnMemberReference(OperationAnalysisContext ctx)
        {
            IOperation op = ctx.Operation;
            if (InNameOf(op.Syntax)) return;
            ISymbol member;
            ITypeSymbol receiver = null;
            List<Arg> args = null;
            switch (op)
            {
                case IPropertyReferenceOperation p:
                    member = p.Property; receiver = p.Instance?.Type;
                    if (p.Property.IsIndexer) args = ToArgs(p.Arguments);
                    break;
                case IFieldReferenceOperation f:
                    member = f.Field; receiver = f.Instance?.Type;
                    break;
                case IEventReferenceOperation e:
                    member = e.Event; receiver = e.Instance?.Type;
                    break;
                case IMethodReferenceOperation mr:
                    member = mr.Method; receiver = mr.Instance?.Type;
                    break;
                default:
                    return;
            }
            if (op.IsImplicit && !(op is IMethodReferenceOperation)) return;
            Location loc = op.Syntax is MemberAccessExpressionSyntax ma ? ma.Name.GetLocation() : op.Syntax.GetLocation();
            bool write = op is IPropertyReferenceOperation
                && ((op.Parent is IAssignmentOperation asg && asg.Target == op)
                    || (op.Parent is IIncrementOrDecrementOperation inc && inc.Target == op));
            CheckMember(ctx.ReportDiagnostic, member, receiver, args, loc, write);
        }

        private void OnOperator(OperationAnalysisContext ctx)
        {
            IOperation op = ctx.Operation;
            IMethodSymbol method = null;
            var args = new List<Arg>();
            bool stringConcat = false;
            switch (op)
            {
                case IBinaryOperation b:
                    method = b.OperatorMethod;
                    args.Add(ToArg(b.LeftOperand, RefKind.None));
                    args.Add(ToArg(b.RightOperand, RefKind.None));
                    stringConcat = method == null && b.OperatorKind == BinaryOperatorKind.Add && IsString(b.Type);
                    break;
                case IUnaryOperation u:
                    method = u.OperatorMethod; args.Add(ToArg(u.Operand, RefKind.None));
                    break;
                case IIncrementOrDecrementOperation i:
                    method = i.OperatorMethod; args.Add(ToArg(i.Target, RefKind.None));
                    break;
                case ICompoundAssignmentOperation c:
                    method = c.OperatorMethod;
                    args.Add(ToArg(c.Target, RefKind.None));
                    args.Add(ToArg(c.Value, RefKind.None));
                    stringConcat = method == null && c.OperatorKind == BinaryOperatorKind.Add && IsString(c.Target.Type);
                    break;
                case IConversionOperation conv:
                    method = conv.OperatorMethod;
                    args = null;
                    break;
            }
            if (stringConcat)
            {
                if (_api.Members("System.String", "Concat") == null)
                    Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.ApiMissing, op.Syntax.GetLocation(), "string.Concat (string concatenation)", _api.Labels);
                return;
            }
            if (method == null) return;
            CheckMember(ctx.ReportDiagnostic, method, null, args, op.Syntax.GetLocation());
        }

        private static bool IsString(ITypeSymbol t) => t != null && t.SpecialType == SpecialType.System_String;

        private void OnLock(OperationAnalysisContext ctx)
        {
            // The host binds Monitor.Enter(object, ref bool); the device compiler falls back to Monitor.Enter(object).
            foreach (string name in new[] { "Enter", "Exit" })
                if (_api.Members("System.Threading.Monitor", name) == null)
                    Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.ApiMissing, ctx.Operation.Syntax.GetLocation(), "System.Threading.Monitor." + name + " ('lock')", _api.Labels);
        }

        private void OnForEach(OperationAnalysisContext ctx)
        {
            if (!(ctx.Operation is IForEachLoopOperation op) || !(op.Syntax is CommonForEachStatementSyntax syntax)) return;
            ITypeSymbol collection = op.Collection is IConversionOperation c && c.IsImplicit ? c.Operand.Type : op.Collection.Type;
            if (collection == null || collection is IArrayTypeSymbol || collection.SpecialType == SpecialType.System_String) return; // lowered to indexing
            ForEachStatementInfo info = op.SemanticModel.GetForEachStatementInfo(syntax);
            Location loc = syntax.Expression.GetLocation();
            if (info.GetEnumeratorMethod != null) CheckMember(ctx.ReportDiagnostic, info.GetEnumeratorMethod, collection, null, loc);
            if (info.MoveNextMethod != null) CheckMember(ctx.ReportDiagnostic, info.MoveNextMethod, null, null, loc);
            if (info.CurrentProperty != null) CheckMember(ctx.ReportDiagnostic, info.CurrentProperty, null, null, loc);
        }

        private void OnInterpolatedString(OperationAnalysisContext ctx)
        {
            var op = (IInterpolatedStringOperation)ctx.Operation;
            if (_api.Members("System.String", "Format") == null && _api.Members("System.String", "Concat") == null)
                Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.ApiMissing, op.Syntax.GetLocation(), "string.Format (string interpolation)", _api.Labels);
            foreach (IInterpolatedStringContentOperation part in op.Parts)
            {
                if (part is IInterpolationOperation i && i.FormatString is ILiteralOperation lit && lit.ConstantValue.Value is string fmt)
                    CheckFormat(ctx.ReportDiagnostic, i.Expression.Type, fmt, i.FormatString.Syntax.GetLocation());
            }
        }

        private void CheckNumberFormat(OperationAnalysisContext ctx, IInvocationOperation op)
        {
            if (op.TargetMethod.Name != "ToString" || op.Instance == null || op.Arguments.Length < 1) return;
            IOperation a = op.Arguments[0].Value;
            if (a.ConstantValue.HasValue && a.ConstantValue.Value is string fmt)
                CheckFormat(ctx.ReportDiagnostic, op.Instance.Type, fmt, a.Syntax.GetLocation());
        }

        /// <summary>nanoFramework's number formatting knows only D, F, G, N and X (with an optional precision).</summary>
        private void CheckFormat(Action<Diagnostic> report, ITypeSymbol type, string fmt, Location loc)
        {
            if (type == null || fmt.Length == 0) return;
            switch (type.SpecialType)
            {
                case SpecialType.System_SByte: case SpecialType.System_Byte: case SpecialType.System_Int16: case SpecialType.System_UInt16:
                case SpecialType.System_Int32: case SpecialType.System_UInt32: case SpecialType.System_Int64: case SpecialType.System_UInt64:
                case SpecialType.System_Single: case SpecialType.System_Double:
                    break;
                default:
                    return;
            }
            char f = char.ToUpperInvariant(fmt[0]);
            bool ok = "DFGNX".IndexOf(f) >= 0;
            for (int i = 1; i < fmt.Length && ok; i++) ok = fmt[i] >= '0' && fmt[i] <= '9';
            if (!ok) Report(report, NanoGuardAnalyzer.FeatureMissing, loc, "number format \"" + fmt + "\" (only D, F, G, N, X with a precision)");
        }

        private void OnLiteral(OperationAnalysisContext ctx)
        {
            ITypeSymbol t = ctx.Operation.Type;
            if (t != null && t.SpecialType == SpecialType.System_Decimal && !ctx.Operation.IsImplicit)
                CheckType(ctx.ReportDiagnostic, t, ctx.Operation.Syntax.GetLocation());
        }

        private void OnAnonymousObject(OperationAnalysisContext ctx)
        {
            CheckType(ctx.ReportDiagnostic, ctx.Operation.Type, ctx.Operation.Syntax.GetLocation());
        }

        // ------------------------------------------------------------------ declarations (symbols)

        private static Location LocOf(ISymbol s) => s.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

        private void OnNamedType(SymbolAnalysisContext ctx)
        {
            var t = (INamedTypeSymbol)ctx.Symbol;
            if (t.TypeParameters.Length > 0) Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.GenericUsed, LocOf(t), Show(t));
            if (t.IsRecord) Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, LocOf(t), "record '" + Show(t) + "'");
            if (t.IsRefLikeType) Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, LocOf(t), "ref struct '" + Show(t) + "'");
            if (t.TypeKind == TypeKind.Interface)
            {
                foreach (ISymbol m in t.GetMembers())
                {
                    if (m is INamedTypeSymbol || m.IsImplicitlyDeclared) continue;
                    if (m is IMethodSymbol mm && mm.AssociatedSymbol != null) continue;
                    if (!m.IsAbstract || m.IsStatic)
                        Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, LocOf(m), "default/static interface member '" + Show(m) + "'");
                }
            }
            // A class without constructors calls its framework base's parameterless constructor.
            if (t.TypeKind == TypeKind.Class && t.BaseType != null && IsFramework(t.BaseType) && t.BaseType.SpecialType != SpecialType.System_Object)
            {
                IMethodSymbol implicitCtor = t.InstanceConstructors.FirstOrDefault(c => c.IsImplicitlyDeclared);
                IMethodSymbol baseCtor = t.BaseType.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0);
                if (implicitCtor != null && baseCtor != null && JudgeType(t.BaseType, out _) == Verdict.Ok)
                    CheckMember(ctx.ReportDiagnostic, baseCtor, null, new List<Arg>(), LocOf(t));
            }
        }

        private void OnMethod(SymbolAnalysisContext ctx)
        {
            var m = (IMethodSymbol)ctx.Symbol;
            if (m.IsImplicitlyDeclared) return;
            if (m.TypeParameters.Length > 0) Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.GenericUsed, LocOf(m), Show(m));
            if (m.IsAsync) Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, LocOf(m), "'async' method '" + Show(m) + "'");
            if (m.IsOverride && m.OverriddenMethod != null && IsFramework(m.OverriddenMethod))
            {
                var args = m.OverriddenMethod.Parameters.Select(p => new Arg { Type = p.Type, RefKind = p.RefKind }).ToList();
                CheckMember(ctx.ReportDiagnostic, m.OverriddenMethod.OriginalDefinition, null, args, LocOf(m));
                if (!SymbolEqualityComparer.Default.Equals(m.ReturnType, m.OverriddenMethod.ReturnType))
                    Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, LocOf(m), "covariant return override '" + Show(m) + "'");
            }
            // A constructor without ': base(...)'/': this(...)' calls the framework base's parameterless constructor.
            if (m.MethodKind == MethodKind.Constructor && !m.IsStatic && m.ContainingType.TypeKind == TypeKind.Class)
            {
                INamedTypeSymbol bt = m.ContainingType.BaseType;
                bool hasInitializer = m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(ctx.CancellationToken) is ConstructorDeclarationSyntax cd && cd.Initializer != null);
                if (!hasInitializer && bt != null && IsFramework(bt) && bt.SpecialType != SpecialType.System_Object && JudgeType(bt, out _) == Verdict.Ok)
                {
                    IMethodSymbol baseCtor = bt.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0);
                    if (baseCtor != null) CheckMember(ctx.ReportDiagnostic, baseCtor, null, new List<Arg>(), LocOf(m));
                }
            }
            foreach (IMethodSymbol impl in m.ExplicitInterfaceImplementations)
                if (IsFramework(impl)) CheckMember(ctx.ReportDiagnostic, impl, null, null, LocOf(m));
        }

        // ------------------------------------------------------------------ syntax

        private void OnTypeSyntax(SyntaxNodeAnalysisContext ctx)
        {
            SyntaxNode node = ctx.Node;
            SyntaxNode parent = node.Parent;
            if (parent is QualifiedNameSyntax qn && qn.Right == node) return;          // the qualified name is checked as a whole
            if (parent is AliasQualifiedNameSyntax aq && aq.Name == node) return;
            if (parent is AttributeSyntax) return;                                      // OnAttribute
            if (parent is ObjectCreationExpressionSyntax oc && oc.Type == node) return; // OnObjectCreation
            if (parent is NameEqualsSyntax || parent is NameColonSyntax) return;
            if (node is IdentifierNameSyntax idn && idn.IsVar) return;
            if (InNameOf(node)) return;
            if (parent is UsingDirectiveSyntax ud && ud.Alias == null && ud.StaticKeyword.IsKind(SyntaxKind.None)) return; // OnUsing
            if (parent is NamespaceDeclarationSyntax || parent is FileScopedNamespaceDeclarationSyntax) return;
            SymbolInfo si = ctx.SemanticModel.GetSymbolInfo(node, ctx.CancellationToken);
            ISymbol sym = si.Symbol;
            if (sym is IAliasSymbol alias) sym = alias.Target;
            if (!(sym is ITypeSymbol type))
            {
                if (node is NullableTypeSyntax || node is PointerTypeSyntax || node is FunctionPointerTypeSyntax || node is TupleTypeSyntax)
                    type = ctx.SemanticModel.GetTypeInfo(node, ctx.CancellationToken).Type;
                else
                    return;
            }
            if (type == null) return;
            // Type on the left of a member access: the member check reports it (with the member's name).
            if (parent is MemberAccessExpressionSyntax ma && ma.Expression == node)
            {
                ISymbol right = ctx.SemanticModel.GetSymbolInfo(ma.Name, ctx.CancellationToken).Symbol
                    ?? ctx.SemanticModel.GetSymbolInfo(ma, ctx.CancellationToken).CandidateSymbols.FirstOrDefault();
                if (right != null && !(right is ITypeSymbol) && JudgeType(type, out _) == Verdict.NotListed) return;
            }
            if (node is PointerTypeSyntax || node is FunctionPointerTypeSyntax)
            {
                Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, node.GetLocation(), "'unsafe' pointer type '" + Show(type) + "'");
                return;
            }
            CheckType(ctx.ReportDiagnostic, type, node.GetLocation());
        }

        private void OnFeatureSyntax(SyntaxNodeAnalysisContext ctx)
        {
            SyntaxNode node = ctx.Node;
            Action<Diagnostic> r = ctx.ReportDiagnostic;
            DiagnosticDescriptor f = NanoGuardAnalyzer.FeatureMissing;
            switch (node)
            {
                case QueryExpressionSyntax _:
                    Report(r, f, node.GetLocation(), "LINQ query expression"); return;
                case StackAllocArrayCreationExpressionSyntax _:
                case ImplicitStackAllocArrayCreationExpressionSyntax _:
                    Report(r, f, node.GetLocation(), "'stackalloc'"); return;
                case UnsafeStatementSyntax _:
                    Report(r, f, node.GetFirstToken().GetLocation(), "'unsafe' code"); return;
                case FixedStatementSyntax _:
                    Report(r, f, node.GetFirstToken().GetLocation(), "'fixed' (unsafe code)"); return;
                case TupleTypeSyntax _:
                    // The type check reports tuple types (with the type); nothing to add here.
                    return;
                case TupleExpressionSyntax te:
                    Report(r, f, node.GetLocation(), "tuple '" + te + "'"); return;
                case ParenthesizedVariableDesignationSyntax pv:
                    Report(r, f, node.GetLocation(), "deconstruction '" + pv + "'"); return;
                case ForEachVariableStatementSyntax fv:
                    Report(r, f, fv.Variable.GetLocation(), "deconstruction in foreach"); return;
                case PositionalPatternClauseSyntax pp:
                    Report(r, f, node.GetLocation(), "positional pattern '" + pp + "'"); return;
                case RangeExpressionSyntax _:
                    Report(r, f, node.GetLocation(), "Range '" + node + "'"); return;
                case PrefixUnaryExpressionSyntax pu when pu.IsKind(SyntaxKind.IndexExpression):
                    Report(r, f, node.GetLocation(), "Index '" + node + "'"); return;
                case ArrayRankSpecifierSyntax rs:
                    if (rs.Rank > 1) Report(r, f, node.GetLocation(), "multidimensional array '" + rs.Parent + "'");
                    return;
                case RecordDeclarationSyntax rd:
                    Report(r, f, rd.Identifier.GetLocation(), "record '" + rd.Identifier.ValueText + "'"); return;
                case AccessorDeclarationSyntax ad when ad.IsKind(SyntaxKind.InitAccessorDeclaration):
                    Report(r, f, ad.Keyword.GetLocation(), "init-only setter ('init', IsExternalInit)"); return;
                case YieldStatementSyntax _:
                    Report(r, f, node.GetFirstToken().GetLocation(), "iterator ('yield')"); return;
                case AwaitExpressionSyntax _:
                    Report(r, f, node.GetLocation(), "'await' ('" + node + "')"); return;
                case AnonymousFunctionExpressionSyntax af:
                    if (af.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)) Report(r, f, af.AsyncKeyword.GetLocation(), "'async' lambda");
                    return;
                case LocalFunctionStatementSyntax lf:
                    if (lf.TypeParameterList != null) Report(r, NanoGuardAnalyzer.GenericUsed, lf.Identifier.GetLocation(), "local function " + lf.Identifier.ValueText + lf.TypeParameterList);
                    CheckModifiers(r, lf.Modifiers, "local function '" + lf.Identifier.ValueText + "'", true);
                    return;
                case MemberDeclarationSyntax md:
                    CheckModifiers(r, md.Modifiers, null, false);
                    return;
            }
        }

        private void CheckModifiers(Action<Diagnostic> r, SyntaxTokenList modifiers, string owner, bool checkAsync)
        {
            foreach (SyntaxToken t in modifiers)
            {
                if (t.IsKind(SyntaxKind.UnsafeKeyword))
                    Report(r, NanoGuardAnalyzer.FeatureMissing, t.GetLocation(), "'unsafe' code");
                else if (t.IsKind(SyntaxKind.FixedKeyword))
                    Report(r, NanoGuardAnalyzer.FeatureMissing, t.GetLocation(), "'fixed' buffer (unsafe code)");
                else if (checkAsync && t.IsKind(SyntaxKind.AsyncKeyword))
                    Report(r, NanoGuardAnalyzer.FeatureMissing, t.GetLocation(), "'async' " + owner);
            }
        }

        private void OnAttribute(SyntaxNodeAnalysisContext ctx)
        {
            var attr = (AttributeSyntax)ctx.Node;
            SemanticModel model = ctx.SemanticModel;
            if (!(model.GetSymbolInfo(attr, ctx.CancellationToken).Symbol is IMethodSymbol ctor)) return;
            INamedTypeSymbol type = ctor.ContainingType;
            if (!IsFramework(type)) return;
            var args = new List<Arg>();
            if (attr.ArgumentList != null)
            {
                foreach (AttributeArgumentSyntax a in attr.ArgumentList.Arguments)
                {
                    if (a.NameEquals != null)
                    {
                        ISymbol named = model.GetSymbolInfo(a.NameEquals.Name, ctx.CancellationToken).Symbol;
                        if (named != null) CheckMember(ctx.ReportDiagnostic, named, null, null, a.NameEquals.Name.GetLocation());
                        continue;
                    }
                    Optional<object> cv = model.GetConstantValue(a.Expression, ctx.CancellationToken);
                    ITypeSymbol at = model.GetTypeInfo(a.Expression, ctx.CancellationToken).Type;
                    args.Add(new Arg { Type = at, Any = at == null, HasConstant = cv.HasValue, Constant = cv.HasValue ? cv.Value : null });
                }
            }
            CheckMember(ctx.ReportDiagnostic, ctor, null, args, attr.Name.GetLocation());
        }

        private void OnUsing(SyntaxNodeAnalysisContext ctx)
        {
            var u = (UsingDirectiveSyntax)ctx.Node;
            if (u.Alias != null || !u.StaticKeyword.IsKind(SyntaxKind.None) || u.Name == null) return;
            if (!(ctx.SemanticModel.GetSymbolInfo(u.Name, ctx.CancellationToken).Symbol is INamespaceSymbol ns)) return;
            string name = ns.ToDisplayString();
            foreach (INamespaceSymbol part in ns.ConstituentNamespaces)
            {
                IAssemblySymbol asm = part.ContainingAssembly;
                if (asm != null && !IsFrameworkAssembly(asm) && part.GetTypeMembers().Length + part.GetNamespaceMembers().Count() > 0) return;
                if (asm != null && SymbolEqualityComparer.Default.Equals(asm, _compilation.Assembly)) return;
            }
            if (_api.HasNamespace(name)) return;
            if (name == "System.Linq" || name.StartsWith("System.Linq.", StringComparison.Ordinal))
                Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.FeatureMissing, u.Name.GetLocation(), "LINQ (namespace '" + name + "')");
            else
                Report(ctx.ReportDiagnostic, NanoGuardAnalyzer.ApiMissing, u.Name.GetLocation(), "namespace " + name, _api.Labels);
        }
    }
}
