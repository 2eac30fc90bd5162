using Xunit;
using static Guard.Tests.GuardHarness;

namespace Guard.Tests
{
    public class AcceptTests
    {
        private const string NetworkStack = @"
using System;
using System.Collections;
using System.Diagnostics;
using System.Threading;

namespace Firmware.Net
{
    public delegate void FrameHandler(byte[] frame, int length);

    public enum EtherType : ushort { Ipv4 = 0x0800, Arp = 0x0806 }

    [Flags]
    public enum TcpFlags : byte { None = 0, Fin = 1, Syn = 2, Ack = 16 }

    public interface IFrameSink
    {
        void Send(byte[] frame, int offset, int length);
        int Mtu { get; }
    }

    public struct Ipv4Address
    {
        public static readonly Ipv4Address Any = new Ipv4Address(0);
        public readonly uint Value;
        public Ipv4Address(uint value) { Value = value; }
        public override string ToString() => $""{(Value >> 24) & 0xFF}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}"";
        public override bool Equals(object obj) => obj is Ipv4Address other && other.Value == Value;
        public override int GetHashCode() => (int)Value;
        public static bool operator ==(Ipv4Address a, Ipv4Address b) => a.Value == b.Value;
        public static bool operator !=(Ipv4Address a, Ipv4Address b) => a.Value != b.Value;
    }

    public class ProtocolException : Exception
    {
        public ProtocolException(string message) : base(message) { }
        public ProtocolException(string message, Exception inner) : base(message, inner) { }
    }

    public abstract class Layer
    {
        protected Layer() { }
        public abstract int Process(byte[] frame, int offset, int length);
        public virtual string Name { get { return GetType().Name; } }
    }

    public sealed class Stack : Layer, IFrameSink, IDisposable
    {
        public const int HeaderLength = 20;
        private static readonly byte[] Broadcast = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        private static int s_instances;
        private readonly object _sync = new object();
        private readonly byte[] _buffer = new byte[1514];
        private readonly ArrayList _handlers = new ArrayList();
        private readonly AutoResetEvent _ready = new AutoResetEvent(false);
        private ulong _bytes;
        private long _ticks;
        private int _count;
        private TcpFlags _flags = TcpFlags.Syn | TcpFlags.Ack;

        public event FrameHandler FrameReceived;

        static Stack() { s_instances = 0; }

        public Stack() { Interlocked.Increment(ref s_instances); Label = nameof(Stack); }

        public int Mtu { get { return 1500; } }
        public string Label { get; set; }
        public int this[int index] { get { return _buffer[index]; } }

        public void Send(byte[] frame, int offset, int length)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            if (length > _buffer.Length) throw new ArgumentOutOfRangeException(""length"");
            lock (_sync)
            {
                Array.Copy(frame, offset, _buffer, 0, length);
                Array.Clear(_buffer, length, _buffer.Length - length);
                _bytes = unchecked(_bytes + (ulong)length);
                _count = checked(_count + 1);
                _ticks = DateTime.UtcNow.Ticks;
            }
            FrameHandler h = FrameReceived;
            if (h != null) h(_buffer, length);
            _ready.Set();
        }

        public override int Process(byte[] frame, int offset, int length)
        {
            try
            {
                if ((_flags & TcpFlags.Syn) != 0 && length < HeaderLength) throw new ProtocolException(""short"");
                return Checksum(frame, offset, length);
            }
            catch (ProtocolException ex)
            {
                Debug.WriteLine(""dropped: "" + ex.Message);
                return -1;
            }
            finally
            {
                _count++;
            }
        }

        public static ushort Checksum(byte[] data, int offset, int length)
        {
            uint sum = 0;
            int i = offset;
            int end = offset + length - 1;
            for (; i < end; i += 2) sum += (uint)((data[i] << 8) | data[i + 1]);
            if (i == end) sum += (uint)(data[i] << 8);
            while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
        }

        public static void WriteUInt16(byte[] b, int o, ushort v) { b[o] = (byte)(v >> 8); b[o + 1] = (byte)v; }
        public static uint ReadUInt32(byte[] b, int o) => ((uint)b[o] << 24) | ((uint)b[o + 1] << 16) | ((uint)b[o + 2] << 8) | b[o + 3];

        public string Describe(EtherType type, int port, string host)
        {
            string kind;
            switch ((int)type)
            {
                case 0x0800: kind = ""IPv4""; break;
                case 0x0806: kind = ""ARP""; break;
                default: kind = ""other""; break;
            }
            string s = ""host "" + host + "":"" + port.ToString();
            string t = kind + "" "" + s + Label;
            Debug.WriteLine(""frame "" + t);
            if (s == t || s.Length == 0 || string.IsNullOrEmpty(host)) return string.Empty;
            string hex = port.ToString(""X4"") + _bytes.ToString() + _ticks.ToString();
            return $""{kind} {port:X4} {host} {hex} {_count}"";
        }

        public int Sum(byte[] data)
        {
            int total = 0;
            foreach (byte b in data) total += b;
            foreach (object o in _handlers) total += o.GetHashCode();
            foreach (char c in Label) total += c;
            return total;
        }

        public void Each(FrameHandler handler)
        {
            Action a = () => handler(_buffer, 0);
            a();
            FrameHandler copy = delegate (byte[] f, int n) { handler(f, n); };
            copy(_buffer, 1);
            int Twice(int x) => x * 2;
            _count = Twice(_count);
            object boxed = _count;
            if (boxed is int k && k > 0) _count = k;
            var sink = this as IFrameSink;
            if (sink != null && ReferenceEquals(sink, this)) _count += sink.Mtu;
            Type tt = typeof(Stack);
            _handlers.Add(tt);
        }

        public void Start()
        {
            var thread = new Thread(Run);
            thread.Start();
            Thread.Sleep(10);
        }

        private void Run() { _ready.WaitOne(); }

        public void Dispose() { Label = null; }

        public override string ToString() => Label ?? base.ToString();
        public override bool Equals(object obj) => base.Equals(obj);
        public override int GetHashCode() => base.GetHashCode();
    }
}
";

        [Fact]
        public void TypicalNetworkStackCodeIsAccepted() => AssertClean(NetworkStack);

        [Fact]
        public void StringConcatenationOfThreeAndFourIsAccepted() =>
            AssertClean(InMethod("string a = \"a\", b = \"b\", c = \"c\", d = \"d\";\n string x = a + b + c;\n string y = a + b + c + d;\n x += y;"));

        [Fact]
        public void StringInterpolationIsAccepted() =>
            AssertClean(InMethod("int x = 1; uint y = 2; string n = \"n\";\n string s = $\"{x}\";\n s = $\"{n}={x:D3} {y:X8}\";"));

        [Fact]
        public void DebugWriteLineIsAccepted() =>
            AssertClean(InMethod("System.Diagnostics.Debug.WriteLine(\"hi\");\n System.Diagnostics.Debug.WriteLine($\"x={1}\");"));

        [Fact]
        public void PackageListsMatter()
        {
            string code = InMethod("var sb = new System.Text.StringBuilder();\n sb.Append(\"x\"); //!\n string s = sb.ToString();");
            AssertRejected(code, "NF0001", "System.Text.StringBuilder", "corelib");
            AssertClean(code, "corelib", "system.text");
        }

        [Fact]
        public void CollectionsPackageAddsHashtable()
        {
            string code = InMethod("var h = new System.Collections.Hashtable(); //!\n h.Add(\"k\", 1);");
            AssertRejected(code, "NF0001", "System.Collections.Hashtable", "corelib");
            AssertClean(code, "corelib", "system.collections");
        }

        [Fact]
        public void BrokenCodeDoesNotCrashTheGuard()
        {
            var ds = AnalyzeBroken("using Nope;\nclass C : Missing {\n Unknown F;\n void M() { var x = Undefined.Call(1); x.Foo(); string s = $\"{x:P}\"; foreach (var y in x) { } lock (x) { } new Missing2(); }\n}");
            Assert.DoesNotContain(ds, d => d.Id == "AD0001");
        }

        [Fact]
        public void DelegateCreationAndInvokeAreAccepted() =>
            AssertClean(InMethod("System.Threading.ThreadStart d = M;\n d();\n d.Invoke();\n EventHandler h = (s, e) => { };\n h.Invoke(null, EventArgs.Empty);"));

        [Fact]
        public void EmptyClassIsAccepted() => AssertClean("class C { }");

        [Fact]
        public void NoListsIsAnError()
        {
            var ds = AnalyzeWithoutLists("class C { }");
            Assert.Contains(ds, d => d.Id == "NF0000" && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        }
    }
}
