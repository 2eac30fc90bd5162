using System;
using Firmware.Net.Transport;
using Xunit;

namespace Firmware.Net.Tests
{
    public class TwoStackTests
    {
        [Fact]
        public void GratuitousArpAtStart_BothCountOne()
        {
            var t = new TwoStacks();
            t.Run();
            Assert.Equal(1, t.A.ArpCounters.GratuitousOut);
            Assert.Equal(1, t.B.Stack.ArpCounters.GratuitousOut);
            // Neither had the other in its cache, so a gratuitous ARP creates nothing (RFC 826 merge only updates).
            Assert.Equal(0, t.A.Arp.ResolvedCount);
        }

        [Fact]
        public void Ping_ResolvesArpThenReplies()
        {
            var t = new TwoStacks();
            Assert.False(t.A.SendEchoRequest(Frames.B, 7, 1, 56)); // parked behind ARP
            t.Run();
            Assert.Equal(1, t.A.Icmp.EchoRepliesReceived);
            Assert.Equal(7, t.A.Icmp.LastEchoReplyId);
            Assert.Equal(1, t.A.Icmp.LastEchoReplySequence);
            Assert.Equal(56, t.A.Icmp.LastEchoReplyPayloadBytes);
            Assert.Equal(Frames.B, t.A.Icmp.LastEchoReplySource);
            Assert.Equal(1, t.A.ArpCounters.ParkedSent);
            Assert.True(t.A.SendEchoRequest(Frames.B, 7, 2, 1472)); // resolved now: goes at once; largest unfragmented
            t.Run();
            Assert.Equal(2, t.A.Icmp.EchoRepliesReceived);
            Assert.Equal(2, t.A.Icmp.LastEchoReplySequence);
            Assert.False(t.A.SendEchoRequest(Frames.B, 7, 3, 1473)); // larger than one packet: refused
        }

        [Fact]
        public void UdpEcho_ThroughDeviceApp_ComesBackToEphemeralPort()
        {
            var t = new TwoStacks();
            UdpSocket s = t.A.OpenUdp();
            byte[] msg = System.Text.Encoding.ASCII.GetBytes("hello, echo");
            s.SendTo(Frames.B, 7, msg, 0, msg.Length);
            t.Run();
            Assert.InRange(s.LocalPort, 49152, 65535);
            var buf = new byte[100];
            int n = s.TryReceiveFrom(buf, 0, buf.Length, out uint src, out int port);
            Assert.Equal(msg.Length, n);
            Assert.Equal(msg, buf.AsSpan(0, n).ToArray());
            Assert.Equal(Frames.B, src);
            Assert.Equal(7, port);
            Assert.Equal(1, t.B.UdpEcho.Echoed);
        }

        [Fact]
        public void UdpDiscard_CountsAndSendsNothing()
        {
            var t = new TwoStacks();
            UdpSocket s = t.A.OpenUdp();
            var data = new byte[300];
            s.SendTo(Frames.B, 9, data, 0, data.Length);
            t.Run();
            s.SendTo(Frames.B, 9, data, 0, 100);
            t.Run();
            Assert.Equal(2, t.B.UdpDiscard.Discarded);
            Assert.Equal(400, t.B.UdpDiscard.DiscardedBytes);
            Assert.Equal(-1, s.TryReceiveFrom(data, 0, data.Length, out _, out _));
        }

        [Fact]
        public void UdpToClosedPort_PortUnreachableArrives()
        {
            var t = new TwoStacks();
            UdpSocket s = t.A.OpenUdp();
            s.SendTo(Frames.B, 5555, new byte[4], 0, 4);
            t.Run();
            Assert.Equal(1, t.B.Stack.UdpCounters.NoPort);
            Assert.Equal(1, t.B.Stack.IcmpCounters.DestinationUnreachableOut);
            Assert.Equal(1, t.A.IcmpCounters.DestinationUnreachableIn);
        }

        [Fact]
        public void UdpBroadcast_LimitedAndSubnet_BothReceived()
        {
            var t = new TwoStacks();
            UdpSocket s = t.A.OpenUdp();
            Assert.True(s.SendTo(0xFFFFFFFF, 9, new byte[10], 0, 10));
            Assert.True(s.SendTo(0x0A0000FF, 9, new byte[20], 0, 20));
            t.Run();
            Assert.Equal(2, t.B.UdpDiscard.Discarded);
            // A broadcast to a closed port gets no ICMP error (RFC 1122 §3.2.2).
            s.SendTo(0xFFFFFFFF, 4444, new byte[1], 0, 1);
            t.Run();
            Assert.Equal(1, t.B.Stack.UdpCounters.NoPort);
            Assert.Equal(0, t.B.Stack.IcmpCounters.DestinationUnreachableOut);
        }

        [Fact]
        public void SocketTable_FullReturnsNullAndCounts_CloseGivesBack()
        {
            var t = new TwoStacks();
            var sockets = new UdpSocket[t.A.Config.UdpSockets];
            for (int i = 0; i < sockets.Length; i++)
            {
                sockets[i] = t.A.OpenUdp();
                Assert.NotNull(sockets[i]);
            }
            Assert.Null(t.A.OpenUdp());
            Assert.Equal(1, t.A.UdpCounters.TableFull);
            Assert.True(sockets[0].Bind(5000));
            Assert.False(sockets[1].Bind(5000));
            sockets[0].Close();
            Assert.NotNull(t.A.OpenUdp());
        }

        [Fact]
        public void Describe_RendersCountersAndState()
        {
            var t = new TwoStacks();
            t.A.SendEchoRequest(Frames.B, 1, 1, 8);
            t.Run();
            string counters = t.B.Stack.DescribeCounters();
            Assert.Contains("icmp: in echo-req 1", counters);
            Assert.Contains("udp:", counters);
            string state = t.B.Stack.DescribeState();
            Assert.Contains("10.0.0.1 02:00:00:00:00:01", state);
            Assert.Contains("udp *:7", state);
            Assert.Contains("udp *:9", state);
            Assert.Contains("10.0.0.2/24", t.B.Describe());
        }

        [Fact]
        public void DeviceApp_AttachesTcp_SegmentsReachIt()
        {
            var t = new TwoStacks();
            Assert.NotNull(t.B.Tcp);
            Assert.False(t.B.Stack.AttachTransport(6, t.B.Tcp)); // already attached
            t.Run();
            // A bare TCP header (SYN to a closed port) goes to TCP, not to the unknown-protocol counter.
            var seg = new byte[20];
            Firmware.Net.Wire.BigEndian.WriteUInt16(seg, 0, 40000);
            Firmware.Net.Wire.BigEndian.WriteUInt16(seg, 2, 4321);
            seg[12] = 0x50;
            seg[13] = 0x02;
            t.MacB.Enqueue(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 6, seg));
            t.Run();
            Assert.Equal(0, t.B.Stack.Ipv4Counters.UnknownProtocol);
            Assert.Equal(1, t.B.Stack.Ipv4Counters.Delivered - t.B.Stack.IcmpCounters.EchoRequestsIn - t.B.Stack.UdpCounters.DatagramsIn - t.B.Stack.UdpCounters.NoPort - t.B.Stack.UdpCounters.BadChecksum - t.B.Stack.UdpCounters.Malformed);
            Assert.Contains("tcp      4 connections", t.B.Describe());
        }

        [Fact]
        public void SetAddress_WhatNoHostMayBe_ThrowsWithTheReason_ConfigurationUnchanged()
        {
            var t = new TwoStacks();
            var e = Assert.Throws<ArgumentException>(() => t.A.SetAddress(0x0A0000FF, 24, 0, t.NowMs));
            Assert.Equal("the address is the subnet's broadcast address (host part all ones)", e.Message);
            Assert.Throws<ArgumentException>(() => t.A.SetAddress(0x0A000001, 32, 0, t.NowMs));
            Assert.Throws<ArgumentException>(() => t.A.SetAddress(0x0A000001, 24, 0x0B000001, t.NowMs));
            Assert.Equal(0x0A000001u, t.A.Interface.Address);
            Assert.Equal(24, t.A.Interface.PrefixLength);
        }
    }
}