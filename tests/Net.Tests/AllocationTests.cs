using System;
using Firmware.Net.Transport;
using Xunit;

namespace Firmware.Net.Tests
{
    /// <summary>The steady state allocates nothing: ARP, ping and UDP echo between two stacks for thousands of rounds.</summary>
    public class AllocationTests
    {
        [Fact]
        public void ArpPingUdp_ThousandsOfRounds_NoAllocationAfterWarmUp()
        {
            var t = new TwoStacks();
            UdpSocket s = t.A.OpenUdp();
            Assert.True(s.Bind(40000));
            byte[] payload = new byte[200];
            byte[] receive = new byte[1500];
            int echoes = 0;

            void Round(int i)
            {
                payload[0] = (byte)i;
                s.SendTo(Frames.B, 7, payload, 0, payload.Length);
                t.A.SendEchoRequest(Frames.B, 9, (ushort)i, 100);
                // Broadcast to discard, and a closed port (ICMP error, rate-limited).
                s.SendTo(0xFFFFFFFF, 9, payload, 0, 10);
                s.SendTo(Frames.B, 1234, payload, 0, 1);
                // Time moves so ARP entries age, refresh and get re-resolved.
                t.NowMs += 37;
                t.Run();
                while (s.TryReceiveFrom(receive, 0, receive.Length, out uint _, out int _) >= 0)
                {
                    echoes++;
                }
            }

            for (int i = 0; i < 200; i++)
            {
                Round(i);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5000; i++)
            {
                Round(i);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            // Round 0: one frame is parked behind ARP per entry (RFC 1122 §2.3.2.2): the echo datagram is replaced by the
            // echo request, which is replaced by the datagram to port 1234. Nothing else is ever lost.
            Assert.Equal(2, t.A.ArpCounters.ParkedDropped);
            Assert.Equal(5199, echoes);
            Assert.Equal(5199, t.A.Icmp.EchoRepliesReceived);
            // 200 s of traffic with a 60 s ARP lifetime: entries are refreshed before expiry (B's unicast refresh also refreshes A).
            Assert.True(t.B.Stack.ArpCounters.RequestsOut >= 4, t.B.Stack.ArpCounters.Describe());
            Assert.Equal(0, t.A.ArpCounters.Expired + t.B.Stack.ArpCounters.Expired);
            Assert.True(t.B.Stack.IcmpCounters.ErrorsRateLimited > 0);
        }
    }
}
