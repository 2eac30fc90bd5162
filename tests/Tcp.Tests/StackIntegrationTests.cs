using System;
using System.Collections.Generic;
using Firmware.Services.Basic;
using Firmware.Hal;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Xunit;

namespace Tcp.Tests
{
    /// <summary>TCP attached to two real NetworkStacks (Ethernet, ARP, IPv4) over an in-memory cable.</summary>
    public class StackIntegrationTests
    {
        [Fact]
        public void EchoOverTheWholeStack_ArpResolvedSegmentsFormatted()
        {
            var macA = new QueueMac(QueueMac.Mac(1));
            var macB = new QueueMac(QueueMac.Mac(2));
            QueueMac.Connect(macA, macB);
            var a = new NetworkStack(new StackConfig(), macA, new TestRandom(1));
            var b = new NetworkStack(new StackConfig(), macB, new TestRandom(2));
            a.SetAddress(0x0A000001, 24, 0, 0);
            b.SetAddress(0x0A000002, 24, 0, 0);
            var tcpA = new TcpLayer(new TcpConfig(), a.Output, new TestRandom(3));
            var tcpB = new TcpLayer(new TcpConfig(), b.Output, new TestRandom(4));
            Assert.True(a.AttachTransport(6, tcpA));
            Assert.True(b.AttachTransport(6, tcpB));
            var echo = new TcpEchoService(tcpB);
            long now = 0;
            TcpConnection c = tcpA.Connect(0x0A000002, 7, now);
            byte[] data = new byte[3000];
            for (int i = 0; i < data.Length; i++) { data[i] = (byte)(i * 7); }
            int sent = 0;
            var got = new List<byte>();
            byte[] buf = new byte[512];
            for (int step = 0; step < 20000 && got.Count < data.Length; step++)
            {
                now++;
                a.Poll(now);
                b.Poll(now);
                echo.Poll(now);
                if (c.State == TcpState.Established && sent < data.Length) { sent += c.Send(data, sent, data.Length - sent); }
                int n = c.Receive(buf, 0, buf.Length);
                for (int i = 0; i < n; i++) { got.Add(buf[i]); }
            }
            Assert.Equal(data, got.ToArray());
            Assert.Equal(1460, c.SendMss);
            Assert.Equal(0, tcpA.Counters.BadChecksum + tcpB.Counters.BadChecksum);
            Assert.StartsWith("Flags [", TcpLineFormatter.FormatSegment(new byte[] { 0, 7, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x12, 0, 0, 0, 0, 0, 0 }, 0, 20));
        }
    }
}
