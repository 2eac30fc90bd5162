using Xunit;
using static Guard.Tests.GuardHarness;

namespace Guard.Tests
{
    public class EverydayApiTests
    {
        [Fact]
        public void EverydayBclCallsOfAStackAreAccepted() => AssertClean(@"
using System;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace T
{
    public enum State { Closed, Listen, Established }

    public class C
    {
        private readonly object _gate = new object();
        private Timer _timer;
        private readonly AutoResetEvent _evt = new AutoResetEvent(false);
        private readonly ManualResetEvent _stop = new ManualResetEvent(false);
        private State _state = State.Closed;
        private DateTime _start = DateTime.UtcNow;

        public string M(string s, byte[] buf, int n)
        {
            string a = string.Format(""{0}:{1}"", s, n);
            byte[] utf = Encoding.UTF8.GetBytes(s);
            string back = Encoding.UTF8.GetString(utf, 0, utf.Length);
            Debug.Assert(n >= 0);
            Debug.Assert(n >= 0, ""negative"");
            int st = (int)_state;
            _state = (State)1;
            string name = _state.ToString();
            byte[] copy = (byte[])buf.Clone();
            byte[][] jag = new byte[2][];
            Array.Copy(buf, copy, n);
            char c = s[0];
            bool digit = c >= '0' && c <= '9';
            int idx = s.IndexOf('x') + s.IndexOf(""ab"") + s.LastIndexOf('/');
            string[] parts = s.Split(',');
            string t = s.Substring(1, 2).Trim().ToLower();
            bool sw = s.StartsWith(""GET "") && s.EndsWith(""\r\n"") && s.Contains("" "");
            int p = int.Parse(""12"") + (int)uint.Parse(""3"");
            uint u; bool ok = uint.TryParse(""5"", out u);
            ushort be = BitConverter.ToUInt16(buf, 0);
            int h = s.GetHashCode() + n.GetHashCode();
            bool eq = n.Equals(3) || s.Equals(t) || string.Compare(s, t) == 0;
            int tid = Thread.CurrentThread.ManagedThreadId;
            Interlocked.Exchange(ref st, 2);
            lock (this) { st++; }
            TimeSpan elapsed = DateTime.UtcNow - _start;
            double ms = elapsed.TotalMilliseconds;
            long ticks = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
            _timer = new Timer(OnTick, null, 0, 100);
            _timer.Change(10, Timeout.Infinite);
            int which = WaitHandle.WaitAny(new WaitHandle[] { _evt, _stop }, 100, false);
            _evt.WaitOne(100, false);
            string hex = n.ToString(""X2"") + ((byte)n).ToString(""x2"") + uint.MaxValue + int.MinValue;
            var sb = new StringBuilder();
            sb.Append(""x"").Append(n).Append('c').AppendLine();
            if (n > 100) throw new NotSupportedException(""big"");
            if (n < -100) throw new InvalidOperationException();
            if (n == -5) throw new ArgumentException(""bad"", nameof(n));
            _timer.Dispose();
            return a + back + name + copy.Length + jag.Length + digit + idx + parts.Length + t + sw + p + u + ok + be + h + eq + tid + ms + ticks + which + hex + sb.ToString();
        }

        private void OnTick(object state) { }
    }
}", "corelib", "system.text", "runtime.native");
    }
}
