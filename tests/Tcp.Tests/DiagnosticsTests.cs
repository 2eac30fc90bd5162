using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    public class DiagnosticsTests
    {
        [Fact]
        public void LineFormatter_SynAck_TcpdumpStyle()
        {
            var s = new Script();
            s.Tcp.Listen(80, 4);
            s.Tcp.ForceNextIsn(2000);
            s.Inject(80, 100, 0, S, 8192, MssOption(1460));
            Captured synAck = s.TakeOne();
            Assert.Equal("10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 2000, ack 101, win 4380, options [mss 1460], length 0",
                TcpLineFormatter.Format(Us, Peer, synAck.Bytes, 0, synAck.Bytes.Length));
        }

        [Fact]
        public void LineFormatter_LinuxSynOptions_DataAndTruncated()
        {
            byte[] opts = { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0xaa, 0x8f, 0x3d, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07 };
            byte[] syn = Build(0xdfa5, 80, 100, 0, S, 64240, opts);
            Assert.Equal("10.0.0.1.57253 > 10.0.0.2.80: Flags [S], seq 100, win 64240, options [mss 1460,sackOK,TS val 2861513986 ecr 0,nop,wscale 7], length 0",
                TcpLineFormatter.Format(Peer, Us, syn, 0, syn.Length));
            byte[] data = Build(40000, 80, 101, 2001, P | A, 512, data: new byte[100]);
            Assert.Equal("Flags [P.], seq 101, ack 2001, win 512, length 100", TcpLineFormatter.FormatSegment(data, 0, data.Length));
            Assert.Equal("tcp [truncated]", TcpLineFormatter.FormatSegment(data, 0, 10));
        }

        [Fact]
        public void Netstat_ListsListenersConnectionsAndTimeWait()
        {
            var s = new Script();
            TcpConnection c = s.Accepted();
            c.Send(new byte[10], 0, 10);
            string table = TcpNetstat.Format(s.Tcp);
            Assert.Contains("tcp   10.0.0.2:80           *:*                   LISTEN", table);
            Assert.Contains("10.0.0.1:40000", table);
            Assert.Contains("ESTABLISHED  0      10     0     200", table);
            c.Close();
            s.Advance(0);
            s.Inject(80, 101, 2012, F | A);
            Assert.Contains("TIME_WAIT", TcpNetstat.Format(s.Tcp));
        }

        [Fact]
        public void Counters_RenderEveryName()
        {
            var s = new Script();
            s.Inject(81, 1, 0, S);
            string line = s.Tcp.Counters.Describe();
            Assert.StartsWith("tcp: active-opens 0 passive-opens 0", line);
            Assert.Contains("in 1 out 1", line);
            Assert.Contains("rst-sent 1", line);
            Assert.Contains("time-wait-reused 0", line);
        }

        [Fact]
        public void KeepAlive_ProbesAfterIdle_DropsAfterTheLimit()
        {
            var s = new Script(new TcpConfig { KeepAliveIdleMs = 10000, KeepAliveIntervalMs = 1000, KeepAliveProbes = 3 });
            TcpConnection c = s.Accepted();
            s.Advance(10000);
            Captured k = s.TakeOne();
            Assert.Equal(A, k.Flags);
            Assert.Equal(2000u, k.Seq);
            Assert.Equal(10000, k.AtMs);
            // An answer resets the idle clock.
            s.Inject(80, 101, 2001, A);
            s.Advance(9000);
            s.ExpectNothing();
            s.Advance(20000);
            Assert.Equal(3, s.Take().Count);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(TcpError.TimedOut, c.Error);
        }
    }
}
