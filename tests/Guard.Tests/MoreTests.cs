using Xunit;
using static Guard.Tests.GuardHarness;

namespace Guard.Tests
{
    public class MoreTests
    {
        [Fact]
        public void GenericHostOverloadWithNonGenericDeviceOverloadIsAccepted() =>
            // host: Array.IndexOf<int>(int[], int); device: Array.IndexOf(Array, object)
            AssertClean(InMethod("int[] a = { 1, 2 };\n int i = Array.IndexOf(a, 2);"));

        [Fact]
        public void InterlockedOnLongIsRejected() =>
            AssertRejected(InMethod("long n = 0;\n System.Threading.Interlocked.Increment(ref n); //!"), "NF0001", "Interlocked.Increment(ref long)");

        [Fact]
        public void MissingEnumMemberInAttributeIsRejected() =>
            AssertRejected("using System.Runtime.CompilerServices;\nclass C {\n [MethodImpl(MethodImplOptions.AggressiveInlining)] //!\n void M() { }\n}", "NF0001", "AggressiveInlining");

        [Fact]
        public void HostOnlyAttributeIsRejected() =>
            AssertRejected("class C {\n [System.Diagnostics.CodeAnalysis.SuppressMessage(\"a\", \"b\")] //!\n void M() { }\n}", "NF0001", "SuppressMessageAttribute");

        [Fact]
        public void MathNeedsItsPackage() =>
            AssertRejected(InMethod("int a = System.Math.Min(1, 2); //!"), "NF0001", "System.Math.Min(int, int)");

        [Fact]
        public void ByteToStringWithFormatIsAccepted() =>
            AssertClean(InMethod("byte b = 1; int i = 2;\n string s = b.ToString(\"X2\") + i.ToString(\"D4\") + i.ToString();"));

        [Fact]
        public void UnsupportedToStringFormatIsRejected() =>
            AssertRejected(InMethod("int i = 2;\n string s = i.ToString(\"P\"); //!"), "NF0003", "number format \"P\"");

        [Fact]
        public void EverydayLanguageFeaturesAreAccepted() => AssertClean(@"
using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace T
{
    public static class Ext { public static int Twice(this int x) => x * 2; }

    [Serializable]
    public struct Pair
    {
        public int A; public int B;
        public Pair(int a, int b) { A = a; B = b; }
        public void Deconstruct(out int a, out int b) { a = A; b = B; }
    }

    public class MyError : Exception
    {
        public MyError(int code) { Code = code; }
        public int Code { get; private set; }
    }

    public class NoCtor : ApplicationException { }

    public class C
    {
        private int _n;
        private C _next;
        private string _s;

        [Obsolete(""old"")]
        public void Old() { }

        [MethodImpl(MethodImplOptions.Synchronized)]
        [Conditional(""DEBUG"")]
        public void Log(string m) { Debug.WriteLine(m); }

        public static int Sum(params int[] xs) { int t = 0; foreach (int x in xs) t += x; return t; }

        public string M(object o)
        {
            Interlocked.Increment(ref _n);
            Interlocked.CompareExchange(ref _n, 1, 0);
            Thread.Sleep(TimeSpan.FromMilliseconds(10));
            Thread.Sleep(5);
            TimeSpan span = TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(10);
            if (span > TimeSpan.Zero && span != TimeSpan.MaxValue) _n++;
            int k = 3.Twice() + Sum(1, 2, 3) + Sum();
            int len = _next?._s?.Length ?? 0;
            _s ??= ""x"";
            if (int.TryParse(""12"", out var parsed)) k += parsed;
            string r = k switch { 0 => ""zero"", 1 => ""one"", _ => ""many"" };
            if (o is not null && o is string s && s.Length > 0) r = s.Substring(1).ToUpper().Trim();
            if (string.Equals(r, _s) || object.Equals(o, r) || object.ReferenceEquals(o, r)) k++;
            DateTime now = DateTime.UtcNow;
            long ticks = now.Ticks;
            var e = new MyError(k);
            try { throw e; }
            catch (MyError ex) when (ex.Code > 0) { k += ex.Code; }
            using (var ev = new ManualResetEvent(false)) { ev.Set(); ev.WaitOne(10, false); }
            byte[] data = BitConverter.GetBytes(k);
            return r + len + ticks + data.Length + k;
        }
    }
}");
    }
}
