using System;
using System.Linq;
using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    /// <summary>
    /// Frames the Linux kernel (6.x) sent, captured from a TAP device in a throwaway network namespace
    /// (a Python script read the TAP fd; 10.0.0.1/24 on the kernel side, MAC 02:00:00:00:00:01): an ARP request
    /// for 10.0.0.2, a UDP datagram "hello" from port 40000 to port 7, and `ping -s 56 -p 00` to 10.0.0.2.
    /// </summary>
    public class CapturedLinuxFrameTests
    {
        public static readonly byte[] LinuxArpRequest = Convert.FromHexString("ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002");
        public static readonly byte[] LinuxUdpHello = Convert.FromHexString("0200000000020200000000010800450000215f6640004011c7630a0000010a0000029c400007000d0bb868656c6c6f");
        public static readonly byte[] LinuxPing = Convert.FromHexString("0200000000020200000000010800450000542c7440004001fa320a0000010a00000208009372379b0001820f046b00000000a17605000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");

        [Fact]
        public void LinuxArpRequest_GetsReplyWithOurMac()
        {
            var h = new Harness();
            h.Inject(LinuxArpRequest);
            var reply = Assert.Single(h.TakeSent());
            Assert.Equal("ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28", PacketFormatter.Format(reply, 0, reply.Length));
            Assert.Equal(Frames.MacA, reply.Take(6).ToArray());
            Assert.Equal(Frames.MacA, reply.Skip(14 + 18).Take(6).ToArray());
            Assert.Equal(1, h.Stack.ArpCounters.RequestsIn);
            Assert.Equal(1, h.Stack.ArpCounters.RepliesOut);
        }

        [Fact]
        public void LinuxUdpHello_QueuedOnBoundSocket_WithSourceAndPort()
        {
            var h = new Harness();
            var s = h.Stack.OpenUdp();
            Assert.True(s.Bind(7));
            h.Inject(LinuxUdpHello);
            var buf = new byte[64];
            int n = s.TryReceiveFrom(buf, 0, buf.Length, out uint src, out int port);
            Assert.Equal(5, n);
            Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(buf, 0, n));
            Assert.Equal(Frames.A, src);
            Assert.Equal(40000, port);
            Assert.Equal("10.0.0.1.40000 > 10.0.0.2.7: UDP, length 5", PacketFormatter.Format(LinuxUdpHello, 0, LinuxUdpHello.Length));
        }

        [Fact]
        public void LinuxPing_AnsweredWithEchoReply_SameIdSeqAndData()
        {
            var h = new Harness();
            h.LearnPeer();
            h.Inject(LinuxPing);
            var reply = Assert.Single(h.TakeSent());
            Assert.Equal("10.0.0.2 > 10.0.0.1: ICMP echo reply, id 14235, seq 1, length 64", PacketFormatter.Format(reply, 0, reply.Length));
            Assert.Equal(0, Checksum.Compute(reply, 14, 20));
            Assert.Equal(0, Checksum.Compute(reply, 34, 64));
            Assert.Equal(LinuxPing.Skip(38).ToArray(), reply.Skip(38).ToArray());
            Assert.Equal(64, reply[22]);
        }

        [Fact]
        public void LinuxFrames_FormatLikeTcpdump()
        {
            Assert.Equal("ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28", PacketFormatter.Format(LinuxArpRequest, 0, LinuxArpRequest.Length));
            Assert.Equal("10.0.0.1 > 10.0.0.2: ICMP echo request, id 14235, seq 1, length 64", PacketFormatter.Format(LinuxPing, 0, LinuxPing.Length));
        }
    }
}
