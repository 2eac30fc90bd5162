using System;
using System.Linq;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    /// <summary>Bad input is dropped and counted, never throws, never answered.</summary>
    public class MalformedInputTests
    {
        private static byte[] GoodUdp() => Frames.Udp(Frames.A, 1000, Frames.B, 9, new byte[] { 1, 2, 3, 4, 5 });

        private static void Refresh(byte[] f)
        {
            f[24] = 0;
            f[25] = 0;
            int hl = (f[14] & 15) * 4;
            if (hl >= 20 && 14 + hl <= f.Length)
            {
                BigEndian.WriteUInt16(f, 24, Checksum.Compute(f, 14, hl));
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(13)]
        public void ShorterThanEthernetHeader_CountedTooShort(int length)
        {
            var h = new Harness();
            h.Inject(new byte[length]);
            Assert.Equal(length == 0 ? 0 : 1, h.Stack.EthernetCounters.DroppedTooShort);
        }

        [Fact]
        public void VlanTagged_DroppedAndCounted()
        {
            var h = new Harness();
            var f = GoodUdp();
            BigEndian.WriteUInt16(f, 12, 0x8100);
            h.Inject(f);
            Assert.Equal(1, h.Stack.EthernetCounters.DroppedVlan);
        }

        [Fact]
        public void OtherMac_DroppedNotForUs_UnknownType_Counted()
        {
            var h = new Harness();
            var f = GoodUdp();
            f[5] = 0x77;
            h.Inject(f);
            Assert.Equal(1, h.Stack.EthernetCounters.DroppedNotForUs);
            var g = GoodUdp();
            BigEndian.WriteUInt16(g, 12, 0x86DD);
            h.Inject(g);
            Assert.Equal(1, h.Stack.EthernetCounters.DroppedUnknownType);
        }

        [Theory]
        [InlineData(0x65, "header")]    // version 6
        [InlineData(0x44, "header")]    // IHL 4
        [InlineData(0x4F, "header")]    // IHL 15: 60 bytes, beyond the 33 bytes of this packet
        [InlineData(0x46, "checksum")]  // IHL 6: options "run" into the UDP header; checksum no longer matches
        public void BadVersionOrIhl_Dropped(byte versionIhl, string counter)
        {
            var h = new Harness();
            var f = GoodUdp();
            f[14] = versionIhl;
            if (counter == "header")
            {
                Refresh(f);
            }
            h.Inject(f);
            var c = h.Stack.Ipv4Counters;
            Assert.Equal(1, counter == "header" ? c.BadHeader + c.BadLength : c.BadChecksum + c.BadLength);
            Assert.Equal(0, c.Delivered);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(19)]
        [InlineData(32)]      // shorter than header + UDP's 8 + 5 = 33: UDP length check fails instead
        [InlineData(34)]      // beyond the frame
        [InlineData(65535)]
        public void TotalLengthWrong_DroppedNoException(int totalLength)
        {
            var h = new Harness();
            var f = GoodUdp();
            BigEndian.WriteUInt16(f, 16, totalLength);
            Refresh(f);
            h.Inject(f);
            var c = h.Stack.Ipv4Counters;
            if (totalLength == 32)
            {
                Assert.Equal(1, h.Stack.UdpCounters.Malformed);
            }
            else
            {
                Assert.Equal(1, c.BadLength);
            }
            Assert.Equal(0, h.Stack.UdpCounters.DatagramsIn);
        }

        [Fact]
        public void BadIpChecksum_Counted()
        {
            var h = new Harness();
            var f = GoodUdp();
            f[24] ^= 1;
            h.Inject(f);
            Assert.Equal(1, h.Stack.Ipv4Counters.BadChecksum);
        }

        [Fact]
        public void IpOptionsSkippedByIhl()
        {
            var h = new Harness();
            var s = h.Stack.OpenUdp();
            s.Bind(9);
            // A header with 4 bytes of options (NOP NOP NOP EOL).
            var g = GoodUdp();
            var f = new byte[g.Length + 4];
            Array.Copy(g, f, 34);
            f[34] = 1; f[35] = 1; f[36] = 1; f[37] = 0;
            Array.Copy(g, 34, f, 38, g.Length - 34);
            f[14] = 0x46;
            BigEndian.WriteUInt16(f, 16, BigEndian.ReadUInt16(g, 16) + 4);
            Refresh(f);
            h.Inject(f);
            Assert.Equal(1, s.QueuedDatagrams);
        }

        [Fact]
        public void EthernetPaddingAfterTotalLength_Ignored()
        {
            var h = new Harness();
            var s = h.Stack.OpenUdp();
            s.Bind(9);
            var g = GoodUdp();
            var f = new byte[60];
            Array.Copy(g, f, g.Length);
            h.Inject(f);
            Assert.Equal(1, s.QueuedDatagrams);
            Assert.Equal(5, s.NextDatagramLength);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(7)]
        [InlineData(14)]      // longer than the IP payload
        public void UdpLengthFieldWrong_Malformed(int udpLength)
        {
            var h = new Harness();
            var f = GoodUdp();
            BigEndian.WriteUInt16(f, 38, udpLength);
            h.Inject(f);
            Assert.Equal(1, h.Stack.UdpCounters.Malformed);
        }

        [Fact]
        public void UdpBadChecksum_Counted_ZeroChecksumAccepted()
        {
            var h = new Harness();
            var s = h.Stack.OpenUdp();
            s.Bind(9);
            var f = GoodUdp();
            f[40] ^= 0x55;
            h.Inject(f);
            Assert.Equal(1, h.Stack.UdpCounters.BadChecksum);
            var g = GoodUdp();
            g[40] = 0; g[41] = 0; g[46] ^= 0xFF; // no checksum: corruption goes unseen (RFC 768)
            h.Inject(g);
            Assert.Equal(1, s.QueuedDatagrams);
        }

        [Fact]
        public void TruncatedUdpAndIcmp_Counted()
        {
            var h = new Harness();
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 17, new byte[7]));
            Assert.Equal(1, h.Stack.UdpCounters.Malformed);
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 1, new byte[7]));
            Assert.Equal(1, h.Stack.IcmpCounters.Malformed);
            var ping = Frames.EchoRequestMessage(1, 1, 10);
            ping[3] ^= 1;
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 1, ping));
            Assert.Equal(2, h.Stack.IcmpCounters.Malformed);
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void ArpMalformed_Counted()
        {
            var h = new Harness();
            var f = Frames.Arp(1, Frames.MacA, Frames.A, null, Frames.B, Frames.Broadcast);
            h.Inject(f.Take(41).ToArray());
            var g = (byte[])f.Clone();
            g[18] = 5; // hardware length 5
            h.Inject(g);
            var m = (byte[])f.Clone();
            m[21] = 9; // operation 9
            h.Inject(m);
            var bc = Frames.Arp(1, Frames.Broadcast, Frames.A, null, Frames.B, Frames.Broadcast); // group sender MAC
            h.Inject(bc);
            Assert.Equal(4, h.Stack.ArpCounters.Malformed);
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void SourceBroadcastOrMulticast_DroppedBadSource()
        {
            var h = new Harness();
            h.Inject(Frames.Udp(0xFFFFFFFF, 1, Frames.B, 9, new byte[1]));
            h.Inject(Frames.Udp(0xE0000001, 1, Frames.B, 9, new byte[1]));
            h.Inject(Frames.Udp(0x0A0000FF, 1, Frames.B, 9, new byte[1]));
            Assert.Equal(3, h.Stack.Ipv4Counters.BadSource);
        }

        [Fact]
        public void NotOurAddress_DroppedNotForUs_TcpWithoutTransport_Counted()
        {
            var h = new Harness();
            h.Inject(Frames.Udp(Frames.A, 1, 0x0A000003, 9, new byte[1]));
            Assert.Equal(1, h.Stack.Ipv4Counters.NotForUs);
            h.Inject(Frames.Ipv4(Frames.MacB, Frames.MacA, Frames.A, Frames.B, 6, new byte[20]));
            Assert.Equal(1, h.Stack.Ipv4Counters.UnknownProtocol);
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void RandomGarbageAndMutations_ThousandsOfFrames_NeverThrow_AllCounted()
        {
            var h = new Harness();
            h.LearnPeer();
            var s = h.Stack.OpenUdp();
            s.Bind(9);
            var rng = new Random(12345);
            var seeds = new[]
            {
                GoodUdp(),
                CapturedLinuxFrameTests.LinuxPing,
                CapturedLinuxFrameTests.LinuxArpRequest,
                Frames.Fragments(Frames.A, Frames.B, 1, Frames.EchoRequestMessage(1, 1, 3000), 1480, 5)[0],
            };
            var buf = new byte[1500];
            int empty = 0;
            for (int i = 0; i < 20000; i++)
            {
                byte[] f;
                if (i % 4 == 0)
                {
                    f = new byte[rng.Next(0, 1515)];
                    rng.NextBytes(f);
                    if (rng.Next(2) == 0 && f.Length >= 14)
                    {
                        Array.Copy(Frames.MacB, f, 6);
                        BigEndian.WriteUInt16(f, 12, rng.Next(2) == 0 ? 0x0800 : 0x0806);
                    }
                }
                else
                {
                    var seed = seeds[rng.Next(seeds.Length)];
                    f = (byte[])seed.Clone();
                    int flips = rng.Next(1, 4);
                    for (int k = 0; k < flips; k++)
                    {
                        int at = rng.Next(6, f.Length);
                        f[at] = (byte)rng.Next(256);
                    }
                    if (rng.Next(3) == 0)
                    {
                        f = f.Take(rng.Next(0, f.Length + 1)).ToArray();
                    }
                    if (rng.Next(2) == 0 && f.Length > 34)
                    {
                        Refresh(f); // keep the IP header valid so the upper layers get the garbage
                    }
                }
                if (f.Length == 0)
                {
                    empty++; // the MAC contract: length 0 means "no frame"
                }
                h.Mac.Enqueue(f);
                h.NowMs += 3;
                h.Stack.Poll(h.NowMs);
                while (s.TryReceiveFrom(buf, 0, buf.Length, out _, out _) >= 0)
                {
                }
            }
            var e = h.Stack.EthernetCounters;
            Assert.Equal(1 + 20000 - empty, e.FramesIn); // + the ARP request of LearnPeer
            Assert.True(h.Stack.Ipv4Counters.BadChecksum > 100);
            Assert.True(h.Stack.Ipv4Counters.Delivered > 100);
            Assert.All(h.Mac.Sent, f => Assert.InRange(f.Length, 14, 1514));
        }
    }
}
