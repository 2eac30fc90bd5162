using Firmware.Net.Transport;
using Xunit;
using static Tcp.Tests.Script;

namespace Tcp.Tests
{
    public class HandshakeTests
    {
        [Fact]
        public void PassiveOpen_ClientIsn100_ServerSynAckAcks101WithIsn2000AndMss()
        {
            var s = new Script();
            TcpListener l = s.Tcp.Listen(80, 4);
            s.Tcp.ForceNextIsn(2000);
            s.Inject(80, 100, 0, S, 8192, MssOption(1460));
            Captured synAck = s.TakeOne();
            Assert.Equal(S | A, synAck.Flags);
            Assert.Equal(2000u, synAck.Seq);
            Assert.Equal(101u, synAck.Ack);
            // The receive ring's free space: all of it (TcpConfig.ReceiveBufferBytes, 4380 by default).
            Assert.Equal(4380, synAck.Window);
            Assert.Equal(1460, synAck.Mss);
            Assert.Equal(80, synAck.SourcePort);
            Assert.Equal(PeerPort, synAck.DestinationPort);
            Assert.Null(l.Accept());
            s.Inject(80, 101, 2001, A);
            TcpConnection c = l.Accept();
            Assert.NotNull(c);
            Assert.Equal(TcpState.Established, c.State);
            Assert.Equal(Peer, c.RemoteAddress);
            Assert.Equal(PeerPort, c.RemotePort);
            Assert.Equal((ushort)80, c.LocalPort);
            Assert.Equal(1, s.Tcp.Counters.PassiveOpens);
        }

        [Fact]
        public void ActiveOpen_Isn100_AcksServerIsn2000With101And2001()
        {
            var s = new Script();
            s.Tcp.ForceNextIsn(100);
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            Captured syn = s.TakeOne();
            Assert.Equal(S, syn.Flags);
            Assert.Equal(100u, syn.Seq);
            Assert.Equal(0u, syn.Ack);
            Assert.Equal(1460, syn.Mss);
            Assert.True(syn.SourcePort >= 49152);
            Assert.Equal(TcpState.SynSent, c.State);
            s.Inject(syn.SourcePort, 2000, 101, S | A, 8192, MssOption(1460), srcPort: 80);
            Captured ack = s.TakeOne();
            Assert.Equal(A, ack.Flags);
            Assert.Equal(101u, ack.Seq);
            Assert.Equal(2001u, ack.Ack);
            Assert.Equal(TcpState.Established, c.State);
            Assert.Equal(1, s.Tcp.Counters.ActiveOpens);
        }

        [Fact]
        public void ActiveOpen_PeerWithoutMss_Uses536()
        {
            var s = new Script();
            s.Tcp.ForceNextIsn(100);
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            ushort port = s.TakeOne().SourcePort;
            s.Inject(port, 2000, 101, S | A, 8192, srcPort: 80);
            s.Take();
            Assert.Equal(536, c.SendMss);
        }

        [Fact]
        public void SimultaneousOpen_SynCrossesSyn_SynReceivedThenEstablished()
        {
            var s = new Script();
            s.Tcp.ForceNextIsn(100);
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            ushort port = s.TakeOne().SourcePort;
            // RFC 9293 §3.5 figure 8: the peer's SYN (no ACK) crosses ours.
            s.Inject(port, 300, 0, S, 8192, MssOption(1460), srcPort: 80);
            Assert.Equal(TcpState.SynReceived, c.State);
            Captured synAck = s.TakeOne();
            Assert.Equal(S | A, synAck.Flags);
            Assert.Equal(100u, synAck.Seq);
            Assert.Equal(301u, synAck.Ack);
            // Its SYN,ACK acknowledges ours.
            s.Inject(port, 300, 101, S | A, 8192, MssOption(1460), srcPort: 80);
            Assert.Equal(TcpState.Established, c.State);
            Captured ack = s.TakeOne();
            Assert.Equal(A, ack.Flags);
            Assert.Equal(101u, ack.Seq);
            Assert.Equal(301u, ack.Ack);
        }

        [Fact]
        public void RstOnClosedPort_SynGetsRstAckOfSeqPlusOne_AckGetsRstWithItsAck()
        {
            var s = new Script();
            s.Inject(81, 100, 0, S);
            Captured r = s.TakeOne();
            Assert.Equal(R | A, r.Flags);
            Assert.Equal(0u, r.Seq);
            Assert.Equal(101u, r.Ack);
            s.Inject(81, 500, 7777, A, data: new byte[10]);
            r = s.TakeOne();
            Assert.Equal(R, r.Flags);
            Assert.Equal(7777u, r.Seq);
            // A RST is never answered.
            s.Inject(81, 500, 7777, R);
            s.ExpectNothing();
            Assert.Equal(2, s.Tcp.Counters.ResetsSent);
        }

        [Fact]
        public void RstInSynSent_Refused()
        {
            var s = new Script();
            s.Tcp.ForceNextIsn(100);
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            ushort port = s.TakeOne().SourcePort;
            // A RST whose ACK does not cover our SYN is ignored (§3.10.7.3).
            s.Inject(port, 0, 100, R | A, 0, srcPort: 80);
            Assert.Equal(TcpState.SynSent, c.State);
            s.Inject(port, 0, 101, R | A, 0, srcPort: 80);
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(TcpError.Refused, c.Error);
            Assert.Equal(1, s.Tcp.Counters.AttemptFails);
            c.Close();
            Assert.Equal(s.Tcp.Capacity, s.Tcp.FreeConnections);
        }

        [Fact]
        public void SynRetransmission_BacksOff1s2s4s_ThenTimedOut()
        {
            var cfg = new TcpConfig { MaxSynRetransmissions = 3 };
            var s = new Script(cfg);
            s.Tcp.ForceNextIsn(100);
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            s.TakeOne();
            s.Advance(20000);
            var l = s.Take();
            Assert.Equal(3, l.Count);
            Assert.Equal(1000, l[0].AtMs);
            Assert.Equal(3000, l[1].AtMs);
            Assert.Equal(7000, l[2].AtMs);
            foreach (var x in l) { Assert.Equal(S, x.Flags); Assert.Equal(100u, x.Seq); }
            Assert.Equal(TcpState.Closed, c.State);
            Assert.Equal(TcpError.TimedOut, c.Error);
        }

        [Fact]
        public void SynTimedOutOnce_DataStartsWithRto3s()
        {
            var s = new Script();
            s.Tcp.ForceNextIsn(100);
            TcpConnection c = s.Tcp.Connect(Peer, 80, 0);
            ushort port = s.TakeOne().SourcePort;
            s.Advance(1000);
            Assert.Equal(S, s.TakeOne().Flags);
            s.Inject(port, 2000, 101, S | A, 8192, MssOption(1460), srcPort: 80);
            s.Take();
            Assert.Equal(3000, c.RtoMs);
        }

        [Fact]
        public void LostSynAck_RetransmittedSynDrawsItAgain()
        {
            var s = new Script();
            s.Tcp.Listen(80, 4);
            s.Tcp.ForceNextIsn(2000);
            s.Inject(80, 100, 0, S, 8192, MssOption(1460));
            s.TakeOne();
            s.Inject(80, 100, 0, S, 8192, MssOption(1460));
            Captured again = s.TakeOne();
            Assert.Equal(S | A, again.Flags);
            Assert.Equal(2000u, again.Seq);
            Assert.Equal(101u, again.Ack);
        }
    }
}
