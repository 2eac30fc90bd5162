using Xunit;
using static Guard.Tests.GuardHarness;

namespace Guard.Tests
{
    public class RejectTests
    {
        [Fact]
        public void GenericListIsRejected() =>
            AssertRejected(InMethod("var l = new System.Collections.Generic.List<int>(); //!\n l.Add(1);"), "NF0002", "System.Collections.Generic.List<int>");

        [Fact]
        public void GenericListInFieldIsRejected() =>
            AssertRejected("class C {\n System.Collections.Generic.List<int> _l; //!\n}", "NF0002", "List<int>");

        [Fact]
        public void SpanIsRejected() =>
            AssertRejected(InMethod("System.Span<byte> s = new byte[4]; //!\n s[0] = 1;"), "NF0003", "System.Span<byte>");

        [Fact]
        public void AsyncMethodIsRejected() =>
            AssertRejected(
                "using System.Threading.Tasks;\nclass C {\n async Task RunAsync() //!\n { await Task.Delay(1); }\n}",
                "NF0003", "async' method 'C.RunAsync()'");

        [Fact]
        public void AwaitIsRejected() =>
            AssertRejected(
                "using System.Threading.Tasks;\nclass C {\n async Task RunAsync()\n {\n await Task.Delay(1); //!\n }\n}",
                "NF0003", "await");

        [Fact]
        public void NullableIntIsRejected() =>
            AssertRejected(InMethod("int? x = null; //!\n if (x.HasValue) { }"), "NF0003", "int?");

        // corelib.txt lists them (they are in mscorlib.dll) flagged [unsupported]: nanoCLR throws NotSupportedException.
        [Fact]
        public void DelegateBeginInvokeIsRejected() =>
            AssertRejected(InMethod("System.Threading.ThreadStart d = M;\n d.Invoke();\n IAsyncResult r = d.BeginInvoke(null, null); //!\n d.EndInvoke(r);"),
                "NF0001", "BeginInvoke");

        [Fact]
        public void DelegateEndInvokeIsRejected() =>
            AssertRejected(InMethod("EventHandler h = (s, e) => { };\n IAsyncResult r = null;\n h.EndInvoke(r); //!"),
                "NF0001", "EndInvoke");

        [Fact]
        public void BufferBlockCopyIsRejected() =>
            AssertRejected(InMethod("byte[] a = new byte[4], b = new byte[4];\n Buffer.BlockCopy(a, 0, b, 0, 4); //!"),
                "NF0001", "System.Buffer.BlockCopy(System.Array, int, System.Array, int, int)");

        [Fact]
        public void BlockCopyMessageNamesTheLists() =>
            AssertRejected(InMethod("byte[] a = new byte[4], b = new byte[4];\n Buffer.BlockCopy(a, 0, b, 0, 4); //!"),
                "NF0001", "is not in nanoFramework (corelib)");

        [Fact]
        public void CharIsDigitIsRejected() =>
            AssertRejected(InMethod("char c = '1';\n bool d = char.IsDigit(c); //!"), "NF0001", "char.IsDigit(char)");

        [Fact]
        public void ArrayResizeIsRejected() =>
            AssertRejected(InMethod("byte[] a = new byte[4];\n Array.Resize(ref a, 8); //!"), "NF0002", "System.Array.Resize<byte>(ref byte[], int)");

        [Fact]
        public void ArraySortIsRejected() =>
            AssertRejected(InMethod("int[] a = new int[4];\n Array.Sort((Array)a); //!"), "NF0001", "System.Array.Sort(System.Array)");

        [Fact]
        public void OwnGenericMethodIsRejected() =>
            AssertRejected("class C {\n static T Id<T>(T x) => x; //!\n}", "NF0002", "C.Id<T>(T)");

        [Fact]
        public void OwnGenericClassIsRejected() =>
            AssertRejected("class Box<T> //!\n{ public T Value; }", "NF0002", "Box<T>");

        [Fact]
        public void OwnGenericInterfaceAndDelegateAreRejected()
        {
            AssertRejected("interface ISink<T> //!\n{ void Put(T x); }", "NF0002", "ISink<T>");
            AssertRejected("delegate void Handler<T>(T x); //!", "NF0002", "Handler<T>");
        }

        [Fact]
        public void ListedGenericDelegatesAreStillRejected()
        {
            // corelib lists System.Action<T> and System.Func<T, TResult>, but 1.17 has no generics.
            AssertRejected(InMethod("Action<int> a = x => { }; //!\n a(1);"), "NF0002", "System.Action<int>");
            AssertRejected(InMethod("Func<int, int> f = x => x; //!\n f(1);"), "NF0002", "System.Func<int, int>");
        }

        [Fact]
        public void TupleIsRejected() =>
            AssertRejected(InMethod("(int, int) t = (1, 2); //!\n int a = t.Item1;"), "NF0003", "(int, int)");

        [Fact]
        public void DeconstructionIsRejected() =>
            AssertRejected("class C {\n void Deconstruct(out int a, out int b) { a = 1; b = 2; }\n void M() {\n var (x, y) = this; //!\n }\n}", "NF0003", "deconstruction");

        [Fact]
        public void DecimalIsRejected() =>
            AssertRejected(InMethod("decimal d = 1.5m; //!\n d = d * 2;"), "NF0003", "decimal");

        [Fact]
        public void MultidimensionalArrayIsRejected() =>
            AssertRejected(InMethod("int[,] g = new int[2, 3]; //!\n g[0, 0] = 1;"), "NF0003", "int[,]");

        [Fact]
        public void StackallocIsRejected() =>
            AssertRejected(InMethod("Span<byte> b = stackalloc byte[8]; //!\n b[0] = 1;"), "NF0003", "stackalloc");

        [Fact]
        public void UnsafeIsRejected() =>
            AssertRejected("class C {\n static unsafe void Poke(byte* p) { *p = 1; } //!\n}", "NF0003", "unsafe");

        [Fact]
        public void UnsafeBlockIsRejected() =>
            AssertRejected(InMethod("int x = 1;\n unsafe { int* p = &x; *p = 2; } //!"), "NF0003", "unsafe");

        [Fact]
        public void LinqMethodsAreRejected() =>
            AssertRejected(InMethod("int[] a = { 1, 2 };\n int n = a.Where(x => x > 1).Count(); //!", "using System;\nusing System.Linq;"),
                "NF0003", "System.Linq.Enumerable.Where");

        [Fact]
        public void LinqQueryIsRejected() =>
            AssertRejected(InMethod("int[] a = { 1, 2 };\n var q = from x in a where x > 1 select x; //!", "using System;\nusing System.Linq;"),
                "NF0003", "LINQ query");

        [Fact]
        public void LinqUsingIsRejected() =>
            AssertRejected("using System.Linq; //!\nclass C { }", "NF0003", "System.Linq");

        [Fact]
        public void DynamicIsRejected() =>
            AssertRejected(InMethod("dynamic d = 1; //!\n object o = d;"), "NF0003", "dynamic");

        [Fact]
        public void IndexAndRangeAreRejected()
        {
            AssertRejected(InMethod("int[] a = { 1, 2, 3 };\n int last = a[^1]; //!"), "NF0003", "^1");
            AssertRejected(InMethod("int[] a = { 1, 2, 3 };\n int[] s = a[0..2]; //!"), "NF0003", "0..2");
        }

        [Fact]
        public void YieldIsRejected() =>
            AssertRejected("class C {\n System.Collections.IEnumerable Items() {\n yield return 1; //!\n }\n}", "NF0003", "yield");

        [Fact]
        public void RecordAndInitAreRejected()
        {
            AssertRejected("record Point(int X, int Y); //!", "NF0003", "record 'Point'");
            AssertRejected("class C {\n public int X { get; init; } //!\n}", "NF0003", "init");
        }

        [Fact]
        public void DefaultInterfaceMethodIsRejected() =>
            AssertRejected("interface I {\n int F() => 1; //!\n}", "NF0003", "I.F()");

        [Fact]
        public void AnonymousTypeIsRejected() =>
            AssertRejected(InMethod("var o = new { A = 1 }; //!\n int a = o.A;"), "NF0002", "anonymous type");

        [Fact]
        public void TaskIsRejected() =>
            AssertRejected(InMethod("var t = System.Threading.Tasks.Task.Run(() => { }); //!"), "NF0003", "Task");

        [Fact]
        public void HostOnlyOverloadIsRejected() =>
            // Debug.WriteLine(string, params object[]) exists on the host only; nano has WriteLine() and WriteLine(string).
            AssertRejected(InMethod("int x = 1;\n System.Diagnostics.Debug.WriteLine(\"{0}\", x); //!"), "NF0001", "Debug.WriteLine(string, params object[])");

        [Fact]
        public void UnsupportedNumberFormatIsRejected() =>
            AssertRejected(InMethod("int x = 1;\n string s = $\"{x:P}\"; //!"), "NF0003", "number format \"P\"");

        [Fact]
        public void MissingPropertyIsRejected() =>
            AssertRejected(InMethod("string s = \"abc\";\n bool b = s.Contains('a'); //!"), "NF0001", "string.Contains(char)");

        [Fact]
        public void HostOnlyNamespaceIsRejected() =>
            AssertRejected("using System.Collections.Generic; //!\nclass C { }", "NF0001", "namespace System.Collections.Generic");

        [Fact]
        public void FrameworkTypeNotListedIsRejected() =>
            AssertRejected("class C {\n System.IO.MemoryStream _s; //!\n}", "NF0001", "System.IO.MemoryStream");
    

        [Fact]
        public void UnlistedTypesInDeclarationsAndExpressionsAreRejected()
        {
            AssertRejected(InMethod("object o = null;\n var m = (System.IO.MemoryStream)o; //!"), "NF0001", "System.IO.MemoryStream");
            AssertRejected(InMethod("Type t = typeof(System.IO.MemoryStream); //!"), "NF0001", "System.IO.MemoryStream");
            AssertRejected("class C {\n System.IO.MemoryStream Make() { return null; } //!\n}", "NF0001", "System.IO.MemoryStream");
            AssertRejected("class C {\n void Use(System.IO.MemoryStream s) { } //!\n}", "NF0001", "System.IO.MemoryStream");
            AssertRejected("abstract class C : System.IO.Stream //!\n{ }", "NF0001", "System.IO.Stream");
            AssertRejected("class C : System.ComponentModel.INotifyPropertyChanged //!\n{ public event System.ComponentModel.PropertyChangedEventHandler PropertyChanged; }", "NF0001", "INotifyPropertyChanged");
            AssertRejected(InMethod("object o = null;\n bool b = o is System.IO.MemoryStream; //!"), "NF0001", "System.IO.MemoryStream");
        }
    }
}
