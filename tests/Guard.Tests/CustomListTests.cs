using Xunit;
using static Guard.Tests.GuardHarness;

namespace Guard.Tests
{
    /// <summary>Lookup rules checked against a hand-written list (host types the real lists leave out).</summary>
    public class CustomListTests
    {
        // On the host StringBuilder has .ctor(), .ctor(int), .ctor(string), many Append overloads, Clear() ...
        private const string BuilderList =
            "System.Text.StringBuilder\tsealed class\n" +
            "System.Text.StringBuilder::.ctor(System.Int32)\tctor\n" +
            "System.Text.StringBuilder::Append(System.String)\tmethod : System.Text.StringBuilder\n" +
            "System.Text.StringBuilder::Append(System.Int32)\tmethod : System.Text.StringBuilder\n" +
            "System.Text.StringBuilder::Length\tproperty {get;} : System.Int32\n" +
            "System.Text.StringBuilder::Capacity\tproperty {get;set;} : System.Int32\n";

        // CollectionBase on the host: protected .ctor() and .ctor(int), protected virtual OnClear(), OnClearComplete() ...
        private const string CollectionList =
            "System.Collections.CollectionBase\tabstract class : System.Collections.IList\n" +
            "System.Collections.CollectionBase::.ctor(System.Int32)\tprotected ctor\n" +
            "System.Collections.CollectionBase::OnClear()\tprotected virtual method : System.Void\n";

        private static int Line(Microsoft.CodeAnalysis.Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line + 1;

        [Fact]
        public void ListedOverloadsAreAcceptedAndOthersRejected()
        {
            string code = InMethod("var sb = new System.Text.StringBuilder(16);\n sb.Append(\"a\");\n sb.Append((byte)1);\n sb.Append('c'); //!\n sb.Clear();");
            var ds = AnalyzeWithCustomList(code, BuilderList);
            int line = MarkedLine(code);
            // Append(char): no device overload takes a char (char does not widen to string; Append(int) would take it in C#!)
            // -> char widens to int, so the device compiler binds Append(int): accepted. Clear() is not listed.
            Assert.DoesNotContain(ds, d => Line(d) == line);
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("System.Text.StringBuilder.Clear()"));
            Assert.Single(ds);
        }

        [Fact]
        public void AssigningAGetOnlyDevicePropertyIsRejected()
        {
            string code = InMethod("var sb = new System.Text.StringBuilder(16);\n int n = sb.Length + sb.Capacity;\n sb.Capacity = 32;\n sb.Length = 0; //!");
            var ds = AnalyzeWithCustomList(code, BuilderList);
            Assert.True(ds.Length == 1, Dump(ds));
            Assert.Contains("System.Text.StringBuilder.Length setter", ds[0].GetMessage());
            Assert.Equal(MarkedLine(code), Line(ds[0]));
        }

        [Fact]
        public void ConstructorsAreNotInherited()
        {
            // Object has .ctor(), but StringBuilder's parameterless constructor is not listed.
            var ds = AnalyzeWithCustomList(InMethod("var sb = new System.Text.StringBuilder();"), BuilderList);
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("System.Text.StringBuilder.StringBuilder()"));
        }

        [Fact]
        public void ImplicitBaseConstructorCallsAreChecked()
        {
            string code = "class Implicit : System.Collections.CollectionBase\n{ }\nclass Explicit : System.Collections.CollectionBase\n{\n public Explicit(int x) { }\n}\n" +
                          "class Fine : System.Collections.CollectionBase\n{\n public Fine() : base(4) { }\n}\n" +
                          "class ExplicitBase : System.Collections.CollectionBase\n{\n public ExplicitBase() : base() { }\n}";
            var ds = AnalyzeWithCustomList(code, CollectionList);
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("CollectionBase.CollectionBase()") && Line(d) == 1);
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("CollectionBase.CollectionBase()") && Line(d) == 5);
            Assert.Contains(ds, d => d.Id == "NF0001" && d.GetMessage().Contains("CollectionBase.CollectionBase()") && Line(d) == 13);
            Assert.True(ds.Length == 3, Dump(ds));
        }

        [Fact]
        public void OverrideOfUnlistedVirtualIsRejected()
        {
            string code = "class Mine : System.Collections.CollectionBase\n{\n public Mine() : base(1) { }\n protected override void OnClear() { }\n protected override void OnClearComplete() { } //!\n}";
            var ds = AnalyzeWithCustomList(code, CollectionList);
            Assert.True(ds.Length == 1, Dump(ds));
            Assert.Contains("OnClearComplete", ds[0].GetMessage());
            Assert.Equal(MarkedLine(code), Line(ds[0]));
        }
    }
}
