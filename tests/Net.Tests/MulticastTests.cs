using System;
using System.Linq;
using Firmware.Net.Link;
using Firmware.Net.Wire;
using Xunit;

namespace Firmware.Net.Tests
{
    /// <summary>
    /// IPv4 multicast reception for joined groups (RFC 1112: the 01:00:5e mapping, only joined groups) and IGMPv2 as a
    /// host (RFC 2236 §3: a report on join, repeated; reports in answer to queries, suppressed by another member's;
    /// a leave), on one stack driven frame by frame.
    /// </summary>
    public class MulticastTests
    {
        private const uint Group = 0xEF010203;       // 239.1.2.3
        private const uint Mdns = 0xE00000FB;        // 224.0.0.251
        private static readonly byte[] GroupMac = { 0x01, 0x00, 0x5E, 0x01, 0x02, 0x03 };
        private static readonly byte[] AllSystemsMac = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 };

        private static byte[] ToGroup(uint group, byte[] mac, int port, string text)
        {
            byte[] data = System.Text.Encoding.ASCII.GetBytes(text);
            byte[] u = new byte[8 + data.Length];
            Array.Copy(data, 0, u, 8, data.Length);
            UdpHeader.Emit(u, 0, 40000, port, data.Length, Frames.A, group);
            return Frames.Ipv4(mac, Frames.MacA, Frames.A, group, Ipv4Header.ProtocolUdp, u);
        }

        private static byte[] Igmp(int type, int maxTenths, uint group, uint destination, byte[] mac, uint source = Frames.A)
        {
            var m = new byte[8];
            IgmpMessage.Emit(m, 0, type, maxTenths, group);
            return Frames.Ipv4(mac, Frames.MacA, source, destination, IgmpMessage.Protocol, m);
        }

        // An IGMP frame the stack sent: (type, group, IP destination), checked field by field on the way.
        private static (int Type, uint Group, uint Destination) ReadIgmp(byte[] f)
        {
            Assert.Equal(EthernetFrame.TypeIpv4, EthernetFrame.GetType(f, 0));
            Assert.Equal(0x46, f[14]);                                  // 24-byte header: the Router Alert option
            Assert.Equal(new byte[] { 0x94, 0x04, 0, 0 }, f[34..38]);   // RFC 2113
            Assert.Equal(1, f[22]);                                     // TTL 1 (RFC 2236 §2)
            Assert.Equal(IgmpMessage.Protocol, f[23]);
            Assert.Equal(0, Checksum.Compute(f, 14, 24));
            Assert.True(IgmpMessage.Check(f, 38, 8));
            uint destination = Ipv4Header.GetDestination(f, 14);
            var mac = new byte[6];
            MulticastGroups.WriteMac(destination, mac, 0);
            Assert.Equal(mac, f[0..6]);
            return (IgmpMessage.GetType(f, 38), IgmpMessage.GetGroup(f, 38), destination);
        }

        [Fact]
        public void GroupDatagram_DroppedBeforeTheJoin_TakenAfter_DroppedAgainAfterTheLeave()
        {
            var h = new Harness();
            var socket = h.Stack.OpenUdp();
            Assert.True(socket.Bind(5000));
            h.Inject(ToGroup(Group, GroupMac, 5000, "before"));
            Assert.Equal(0, socket.QueuedDatagrams);
            Assert.Equal(1, h.Stack.EthernetCounters.DroppedNotForUs);

            Assert.True(h.Stack.JoinGroup(Group, h.NowMs));
            h.Inject(ToGroup(Group, GroupMac, 5000, "joined"));
            Assert.Equal(1, socket.QueuedDatagrams);
            Assert.Equal(1, h.Stack.IgmpCounters.MulticastIn);
            // A group sharing the MAC (RFC 1112 §6.4: 32 groups a MAC) passes the MAC filter, not the IP check.
            h.Inject(ToGroup(0xE0810203, GroupMac, 5000, "same mac, other group"));
            Assert.Equal(1, socket.QueuedDatagrams);
            Assert.Equal(1, h.Stack.IgmpCounters.NotJoined);

            Assert.True(h.Stack.LeaveGroup(Group, h.NowMs));
            h.Inject(ToGroup(Group, GroupMac, 5000, "left"));
            Assert.Equal(1, socket.QueuedDatagrams);
            Assert.False(h.Stack.LeaveGroup(Group, h.NowMs));
        }

        [Fact]
        public void Join_ReportsAtOnceAndAgainAfterTenSeconds_LeaveGoesToAllRouters()
        {
            var h = new Harness();
            Assert.True(h.Stack.JoinGroup(Group, h.NowMs));
            var sent = h.TakeSent();
            Assert.Single(sent);
            Assert.Equal((IgmpMessage.TypeV2Report, Group, Group), ReadIgmp(sent[0]));
            Assert.Equal(h.NowMs + 10000, h.Stack.NextDeadlineMs);
            h.Advance(9999);
            Assert.Empty(h.TakeSent());
            h.Advance(1);
            Assert.Equal((IgmpMessage.TypeV2Report, Group, Group), ReadIgmp(h.TakeSent().Single()));
            h.Advance(60000);
            Assert.Empty(h.TakeSent());  // two unsolicited reports in all
            Assert.Equal(2, h.Stack.IgmpCounters.ReportsOut);

            // A second user: no new report; the first leave sends nothing, the last one the Leave Group.
            Assert.True(h.Stack.JoinGroup(Group, h.NowMs));
            Assert.Empty(h.TakeSent());
            Assert.True(h.Stack.LeaveGroup(Group, h.NowMs));
            Assert.Empty(h.TakeSent());
            Assert.True(h.Stack.LeaveGroup(Group, h.NowMs));
            Assert.Equal((IgmpMessage.TypeLeave, Group, MulticastGroups.AllRouters), ReadIgmp(h.TakeSent().Single()));
            Assert.Equal(1, h.Stack.IgmpCounters.Joins);
            Assert.Equal(1, h.Stack.IgmpCounters.Leaves);
            Assert.Equal(1, h.Stack.IgmpCounters.LeavesOut);
        }

        [Fact]
        public void GeneralQuery_EachGroupReportedWithinMaxResponseTime_AllSystemsNever()
        {
            var h = new Harness();
            h.Stack.JoinGroup(Group, h.NowMs);
            h.Stack.JoinGroup(Mdns, h.NowMs);
            h.Advance(30000);
            h.TakeSent();
            // A general query (group 0) to 224.0.0.1, Max Response Time 2 s.
            h.Inject(Igmp(IgmpMessage.TypeQuery, 20, 0, MulticastGroups.AllSystems, AllSystemsMac));
            Assert.Equal(1, h.Stack.IgmpCounters.QueriesIn);
            var reported = new System.Collections.Generic.List<uint>();
            for (int ms = 0; ms <= 2000; ms += 10)
            {
                h.Advance(10);
                reported.AddRange(h.TakeSent().Select(f => ReadIgmp(f).Group));
            }
            Assert.Equal(new[] { Mdns, Group }.OrderBy(g => g), reported.OrderBy(g => g));
            // A group-specific query asks for that group only.
            h.Inject(Igmp(IgmpMessage.TypeQuery, 10, Group, Group, GroupMac));
            h.Advance(1001);
            Assert.Equal(Group, ReadIgmp(h.TakeSent().Single()).Group);
        }

        [Fact]
        public void AnotherMembersReport_SuppressesOurs()
        {
            var h = new Harness();
            h.Stack.JoinGroup(Group, h.NowMs);
            h.Advance(30000);
            h.TakeSent();
            h.Inject(Igmp(IgmpMessage.TypeQuery, 100, 0, MulticastGroups.AllSystems, AllSystemsMac));
            h.Inject(Igmp(IgmpMessage.TypeV2Report, 0, Group, Group, GroupMac, source: 0x0A000009));
            h.Advance(11000);
            Assert.Empty(h.TakeSent());
            Assert.Equal(1, h.Stack.IgmpCounters.ReportsSuppressed);
        }

        [Fact]
        public void MalformedIgmp_Counted_NothingSent_AndPingToAGroupUnanswered_TcpToAGroupNoRst()
        {
            var h = new Harness();
            h.Stack.JoinGroup(Group, h.NowMs);
            h.Advance(30000);
            h.TakeSent();
            var bad = Igmp(IgmpMessage.TypeQuery, 10, 0, MulticastGroups.AllSystems, AllSystemsMac);
            bad[40] ^= 0xFF;  // the IGMP checksum
            Ipv4Header.Emit(bad, 14, 28, 1, false, false, 0, 1, IgmpMessage.Protocol, Frames.A, MulticastGroups.AllSystems);
            h.Inject(bad);
            var shortOne = Frames.Ipv4(AllSystemsMac, Frames.MacA, Frames.A, MulticastGroups.AllSystems, IgmpMessage.Protocol, new byte[4]);
            h.Inject(shortOne);
            Assert.Equal(2, h.Stack.IgmpCounters.Malformed);
            h.Inject(Frames.Ipv4(GroupMac, Frames.MacA, Frames.A, Group, Ipv4Header.ProtocolIcmp, Frames.EchoRequestMessage(1, 1, 8)));
            var syn = new byte[20];
            BigEndian.WriteUInt16(syn, 0, 40000);
            BigEndian.WriteUInt16(syn, 2, 80);
            BigEndian.WriteUInt32(syn, 4, 100);
            syn[12] = 0x50;
            syn[13] = 0x02;  // SYN
            BigEndian.WriteUInt16(syn, 14, 1000);
            TcpHeader.WriteChecksum(syn, 0, 20, Frames.A, Group);
            h.Inject(Frames.Ipv4(GroupMac, Frames.MacA, Frames.A, Group, Ipv4Header.ProtocolTcp, syn));
            h.Advance(3000);
            Assert.Empty(h.TakeSent());
        }

        [Fact]
        public void SendToAGroup_TheGroupsMac_TtlOne_NoArp()
        {
            var h = new Harness();
            var socket = h.Stack.OpenUdp();
            Assert.True(socket.SendTo(Group, 5000, new byte[] { 1, 2, 3 }, 0, 3));
            var f = h.TakeSent().Single();
            Assert.Equal(GroupMac, f[0..6]);
            Assert.Equal(1, f[22]);
            Assert.Equal(Group, Ipv4Header.GetDestination(f, 14));
            h.Stack.Ipv4.MulticastTimeToLive = 255;
            Assert.True(socket.SendTo(Mdns, 5353, new byte[] { 1 }, 0, 1));
            f = h.TakeSent().Single();
            Assert.Equal(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, f[0..6]);
            Assert.Equal(255, f[22]);
        }

        [Fact]
        public void Table_FullAfterTheConfiguredGroups_NotAGroupRefused()
        {
            var h = new Harness(new StackConfig { MulticastGroups = 2 });
            Assert.True(h.Stack.JoinGroup(0xEF000001, h.NowMs));
            Assert.True(h.Stack.JoinGroup(0xEF000002, h.NowMs));
            Assert.False(h.Stack.JoinGroup(0xEF000003, h.NowMs));
            Assert.False(h.Stack.JoinGroup(0x0A000005, h.NowMs));
            Assert.False(h.Stack.JoinGroup(MulticastGroups.AllSystems, h.NowMs));
            Assert.Equal(3, h.Stack.IgmpCounters.TableFull);
        }
    }
}
