using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.HostNet;
using Firmware.Net.Wire;

namespace Firmware.Fuzz;

/// <summary>
/// Turns a capture of the device talking to a peer (the simulator's pcap: 10.0.0.2 the device, 10.0.0.1 the peer
/// — the kernel over TAP, or the simulator's gateway) into seed inputs for every harness. The peer's frames are
/// re-addressed to the harness's MACs, and each TCP connection is replayed against the harness's own device so
/// the peer's acknowledgment numbers are rewritten to that device's ISNs: a seed walks as deep as the capture did.
/// </summary>
public static class SeedMaker
{
    private const uint CapturedDevice = 0x0A000002;
    private const uint CapturedPeer = 0x0A000001;
    private const int MaxFrameSeeds = 24;

    private sealed class Frame
    {
        public long TimestampMs;
        public byte[] Data;
        public bool ToDevice;
    }

    public static int Write(string pcapPath, string outDirectory)
    {
        if (!PcapReader.TryRead(pcapPath, out uint linkType, out var records) || linkType != 1)
        {
            Console.Error.WriteLine("fuzz: " + pcapPath + " is not an Ethernet pcap");
            return 1;
        }
        var frames = new List<Frame>();
        foreach (var r in records)
        {
            byte[] f = r.Data;
            bool toDevice = IsBetween(f, CapturedPeer, CapturedDevice);
            bool fromDevice = IsBetween(f, CapturedDevice, CapturedPeer);
            if (toDevice || fromDevice)
            {
                frames.Add(new Frame { TimestampMs = r.TimestampMs, Data = toDevice ? Readdress(f) : f, ToDevice = toDevice });
            }
        }
        string prefix = Path.GetFileNameWithoutExtension(pcapPath);
        var seeds = new Dictionary<string, List<(string, byte[])>>();
        void Add(string target, string name, byte[] data)
        {
            if (!seeds.TryGetValue(target, out var list))
            {
                seeds[target] = list = new List<(string, byte[])>();
            }
            if (!list.Any(s => s.Item2.AsSpan().SequenceEqual(data)))
            {
                list.Add((name.StartsWith("crafted-", StringComparison.Ordinal) ? name : prefix + "-" + name, data));
            }
        }

        // session: one seed per TCP connection (SYN to close), one for everything else (ARP, ICMP, UDP).
        var connections = frames.Where(f => IsTcp(f.Data)).GroupBy(f => PeerPort(f)).ToList();
        foreach (var connection in connections)
        {
            var list = connection.ToList();
            var firstIn = list.FirstOrDefault(f => f.ToDevice);
            if (firstIn == null || TcpFlags(firstIn.Data) != TcpHeader.Syn)
            {
                continue;
            }
            ushort devicePort = TcpHeader.GetDestinationPort(firstIn.Data, 34);
            byte[] session = Session(list);
            Add("session", "tcp" + devicePort + "-" + connection.Key, session);
            AddFromConnection(list, devicePort, Add);
        }
        var other = frames.Where(f => f.ToDevice && !IsTcp(f.Data)).Take(SessionMaxFrames).ToList();
        if (other.Count > 0)
        {
            Add("session", "other", Session(other));
        }

        // frame: distinct kinds of single frames the peer sent.
        var kinds = new HashSet<string>();
        foreach (var f in frames.Where(f => f.ToDevice))
        {
            string kind = Kind(f.Data);
            if (kinds.Count < MaxFrameSeeds && kinds.Add(kind))
            {
                Add("frame", kind, Prepend(0, f.Data));
            }
        }

        // ipv4: the peer's IPv4 packets, a few at a time.
        var packets = frames.Where(f => f.ToDevice && EthernetFrame.GetType(f.Data, 0) == EthernetFrame.TypeIpv4).Select(f => f.Data.AsSpan(14).ToArray()).ToList();
        for (int i = 0; i < packets.Count && i < 40; i += 4)
        {
            Add("ipv4", "packets-" + i, Records(packets.Skip(i).Take(4)));
        }

        AddServiceReplies(records.Select(r => r.Data), Add);
        Crafted(Add);

        foreach (var (target, list) in seeds)
        {
            string dir = Path.Combine(outDirectory, target);
            Directory.CreateDirectory(dir);
            foreach (var (name, data) in list)
            {
                File.WriteAllBytes(Path.Combine(dir, name), data);
            }
            Console.WriteLine("fuzz: " + dir + ": " + list.Count + " seeds");
        }
        return 0;
    }

    private const int SessionMaxFrames = 40;

    /// <summary>The peer's frames of one conversation as a session input, its ACKs rewritten by replaying it against a fresh device.</summary>
    private static byte[] Session(List<Frame> conversation)
    {
        var device = new DeviceUnderTest();
        device.Mac.Sent = new List<byte[]>();
        var output = new MemoryStream();
        uint capturedDeviceIsn = 0;
        bool haveCaptured = false;
        uint harnessDeviceIsn = 0;
        bool haveHarness = false;
        long lastMs = -1;
        int count = 0;
        foreach (var f in conversation)
        {
            if (!f.ToDevice)
            {
                if (IsTcp(f.Data) && (TcpFlags(f.Data) & (TcpHeader.Syn | TcpHeader.Ack)) == (TcpHeader.Syn | TcpHeader.Ack) && !haveCaptured)
                {
                    capturedDeviceIsn = TcpHeader.GetSequence(f.Data, 34);
                    haveCaptured = true;
                }
                continue;
            }
            if (count++ == SessionMaxFrames)
            {
                break;
            }
            byte[] frame = (byte[])f.Data.Clone();
            if (IsTcp(frame) && (TcpFlags(frame) & TcpHeader.Ack) != 0 && haveCaptured && haveHarness)
            {
                uint ack = TcpHeader.GetAcknowledgment(frame, 34);
                BigEndian.WriteUInt32(frame, 42, ack - capturedDeviceIsn + harnessDeviceIsn);
                WireFix.FixChecksums(frame, frame.Length);
            }
            int pause = lastMs < 0 ? 0 : (int)Math.Clamp((f.TimestampMs - lastMs) / 10, 0, 127);
            lastMs = f.TimestampMs;
            output.WriteByte((byte)pause);
            output.WriteByte((byte)(frame.Length >> 8));
            output.WriteByte((byte)frame.Length);
            output.Write(frame);
            device.NowMs += pause * 10;
            device.Inject(frame, frame.Length);
            foreach (byte[] sent in device.Mac.Sent)
            {
                if (!haveHarness && IsTcp(sent) && (TcpFlags(sent) & (TcpHeader.Syn | TcpHeader.Ack)) == (TcpHeader.Syn | TcpHeader.Ack))
                {
                    harnessDeviceIsn = TcpHeader.GetSequence(sent, 34);
                    haveHarness = true;
                }
            }
            device.Mac.Sent.Clear();
        }
        return output.ToArray();
    }

    /// <summary>Seeds for the connection-level harnesses from one captured TCP connection to <paramref name="devicePort"/>.</summary>
    private static void AddFromConnection(List<Frame> list, ushort devicePort, Action<string, string, byte[]> add)
    {
        var peer = list.Where(f => f.ToDevice).ToList();
        // tcp-options: the SYN's options and those of the peer's next segment.
        byte[] syn = peer[0].Data;
        byte[] synOptions = Options(syn);
        byte[] nextOptions = peer.Count > 1 ? Options(peer[1].Data) : Array.Empty<byte>();
        var o = new MemoryStream();
        o.WriteByte((byte)synOptions.Length);
        o.Write(synOptions);
        o.WriteByte((byte)nextOptions.Length);
        o.Write(nextOptions);
        o.WriteByte((byte)(TcpHeader.GetWindow(syn, 34) >> 8));
        o.WriteByte((byte)TcpHeader.GetWindow(syn, 34));
        add("tcp-options", "port" + devicePort, o.ToArray());

        if (devicePort != DeviceUnderTest.HttpPort)
        {
            return;
        }
        // frame: the peer's segments moved onto the frame harness's open connection (its ports and ISNs).
        var synAck = list.FirstOrDefault(f => !f.ToDevice && (TcpFlags(f.Data) & (TcpHeader.Syn | TcpHeader.Ack)) == (TcpHeader.Syn | TcpHeader.Ack));
        if (synAck != null)
        {
            uint peerIsn = TcpHeader.GetSequence(syn, 34);
            uint deviceIsn = TcpHeader.GetSequence(synAck.Data, 34);
            int n = 0;
            foreach (var f in peer.Skip(2).Take(4))
            {
                byte[] moved = (byte[])f.Data.Clone();
                BigEndian.WriteUInt16(moved, 34, Targets.FrameTarget.PeerPort);
                BigEndian.WriteUInt32(moved, 38, TcpHeader.GetSequence(moved, 34) - peerIsn + Targets.FrameTarget.PeerIsn);
                BigEndian.WriteUInt32(moved, 42, TcpHeader.GetAcknowledgment(moved, 34) - deviceIsn + Targets.FrameTarget.DeviceIsn);
                WireFix.FixChecksums(moved, moved.Length);
                add("frame", "open-" + TcpHeader.GetSourcePort(syn, 34) + "-" + n++, Prepend(0, moved));
            }
        }
        // http, http-parser: the request bytes the peer sent, in order, each sequence number once.
        var stream = new MemoryStream();
        uint next = TcpHeader.GetSequence(syn, 34) + 1;
        foreach (var f in peer)
        {
            int payload = Payload(f.Data, out int at);
            uint seq = TcpHeader.GetSequence(f.Data, 34);
            if (payload > 0 && seq == next)
            {
                stream.Write(f.Data, at, payload);
                next += (uint)payload;
            }
        }
        byte[] requests = stream.ToArray();
        if (requests.Length == 0)
        {
            return;
        }
        string name = "conn" + TcpHeader.GetSourcePort(syn, 34);
        add("http", name, Prepend(0, requests));
        add("http", name + "-pieces", Prepend(4, requests));
        add("http-parser", name, Prepend(63, requests));
    }

    /// <summary>What a capture of well-behaved peers lacks: segments for the frame harness's open connection, fragments, IP options.</summary>
    private static void Crafted(Action<string, string, byte[]> add)
    {
        byte[] get = System.Text.Encoding.ASCII.GetBytes("GET /api/status HTTP/1.1\r\nHost: d\r\n\r\n");
        ushort peer = Targets.FrameTarget.PeerPort;
        uint seq = Targets.FrameTarget.PeerIsn + 1;
        uint ack = Targets.FrameTarget.DeviceIsn + 1;
        add("frame", "crafted-get", Prepend(0, PeerFrames.Tcp(peer, 80, seq, ack, TcpHeader.Ack | TcpHeader.Psh, 64240, null, 0, get, 0, get.Length)));
        add("frame", "crafted-fin", Prepend(0, PeerFrames.Tcp(peer, 80, seq, ack, TcpHeader.Ack | TcpHeader.Fin, 64240, null, 0, null, 0, 0)));
        add("frame", "crafted-rst", Prepend(0, PeerFrames.Tcp(peer, 80, seq, 0, TcpHeader.Rst, 0, null, 0, null, 0, 0)));
        add("frame", "crafted-syn-fin", Prepend(0, PeerFrames.Tcp(40001, 80, 77, 0, TcpHeader.Syn | TcpHeader.Fin | TcpHeader.Psh | 0x20, 1024, null, 0, null, 0, 0)));

        // A UDP echo datagram of 64 bytes in three fragments (24 + 24 + 24 with the UDP header), then reordered and overlapping.
        var udp = new byte[8 + 64];
        UdpHeader.Emit(udp, 0, 40002, 7, 64, PeerFrames.PeerAddress, PeerFrames.DeviceAddress);
        for (int i = 8; i < udp.Length; i++) { udp[i] = (byte)i; }
        byte[] Fragment(int offset, int length, bool more, int id)
        {
            var p = new byte[20 + length];
            Ipv4Header.Emit(p, 0, 20 + length, id, false, more, offset, 64, Ipv4Header.ProtocolUdp, PeerFrames.PeerAddress, PeerFrames.DeviceAddress);
            Array.Copy(udp, offset, p, 20, length);
            return p;
        }
        add("ipv4", "crafted-fragments", Records(new[] { Fragment(0, 24, true, 9), Fragment(24, 24, true, 9), Fragment(48, 24, false, 9) }));
        add("ipv4", "crafted-fragments-reordered", Records(new[] { Fragment(48, 24, false, 10), Fragment(0, 24, true, 10), Fragment(16, 16, true, 10), Fragment(24, 24, true, 10) }));
        add("ipv4", "crafted-fragment-alone", Records(new[] { Fragment(0, 24, true, 11) }));

        // An ICMP echo request with IP options: NOP, record route (3 slots), timestamp (2 slots), end.
        byte[] options = { 1, 7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 68, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        var echo = new byte[20 + options.Length + 16];
        Ipv4Header.Emit(echo, 0, echo.Length, 12, false, false, 0, 64, Ipv4Header.ProtocolIcmp, PeerFrames.PeerAddress, PeerFrames.DeviceAddress);
        echo[0] = (byte)(0x40 | (20 + options.Length) / 4);
        Array.Copy(options, 0, echo, 20, options.Length);
        echo[20 + options.Length] = 8;
        add("ipv4", "crafted-options-echo", Records(new[] { echo }));

        // DNS answers after the harness's own question (printer.lan at offset 12, 13 bytes + type and class: 29 bytes).
        byte[] Answer(params byte[][] parts) => Prepend(Targets.DnsTarget.MatchId | Targets.DnsTarget.KeepQuestion, Records(new[] { parts.SelectMany(x => x).ToArray() }));
        byte[] flagsOk = { 0x81, 0x80 }, flagsNx = { 0x81, 0x83 };
        byte[] Counts(int an, int ns, int ar) => new byte[] { 0, 1, 0, (byte)an, 0, (byte)ns, 0, (byte)ar };
        byte[] ttl = { 0, 0, 0x0E, 0x10 };
        // www.printer.lan CNAME printer.lan would loop; printer.lan CNAME www.printer.lan, then www.printer.lan A 10.0.0.7.
        add("dns", "crafted-cname-chain", Answer(flagsOk, Counts(2, 0, 0),
            new byte[] { 0xC0, 0x0C, 0, 5, 0, 1 }, ttl, new byte[] { 0, 6, 3, (byte)'w', (byte)'w', (byte)'w', 0xC0, 0x0C },
            new byte[] { 0xC0, 41, 0, 1, 0, 1 }, ttl, new byte[] { 0, 4, 10, 0, 0, 7 }));
        // NXDOMAIN with the zone's SOA in the authority section (RFC 2308: its minimum is the negative TTL).
        add("dns", "crafted-nxdomain-soa", Answer(flagsNx, Counts(0, 1, 0),
            new byte[] { 0xC0, 0x14, 0, 6, 0, 1 }, ttl, new byte[] { 0, 24, 0xC0, 0x14, 0xC0, 0x14 },
            new byte[] { 0, 0, 0, 1, 0, 0, 0x0E, 0x10, 0, 0, 0x02, 0x58, 0, 0x01, 0x51, 0x80, 0, 0, 0, 60 }));
        // An A answer with an EDNS0 OPT record (RFC 6891) in the additional section.
        add("dns", "crafted-a-with-opt", Answer(flagsOk, Counts(1, 0, 1),
            new byte[] { 0xC0, 0x0C, 0, 1, 0, 1 }, ttl, new byte[] { 0, 4, 10, 0, 0, 7 },
            new byte[] { 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0 }));
    }

    /// <summary>
    /// dns and dhcp: the servers' replies in the capture (UDP from port 53 or 67, whatever their destination), as the
    /// harnesses take them: a DHCP conversation's replies in order, header matched to the harness's client; each DNS
    /// answer twice, whole with the query's ID, and as flags, counts and answers after the harness's own question.
    /// </summary>
    private static void AddServiceReplies(IEnumerable<byte[]> capture, Action<string, string, byte[]> add)
    {
        var dhcp = new List<byte[]>();
        int dns = 0;
        foreach (byte[] f in capture)
        {
            if (f.Length < 42 || EthernetFrame.GetType(f, 0) != EthernetFrame.TypeIpv4 || f[23] != Ipv4Header.ProtocolUdp || (f[14] & 0x0F) != 5)
            {
                continue;
            }
            int sourcePort = f[34] << 8 | f[35];
            byte[] payload = f.AsSpan(42, Math.Min((f[38] << 8 | f[39]) - 8, f.Length - 42)).ToArray();
            if (sourcePort == 67 && dhcp.Count < Targets.DhcpTarget.MaxReplies)
            {
                dhcp.Add(Prepend(Targets.DhcpTarget.MatchHeader, Records(new[] { payload })));
            }
            else if (sourcePort == 53 && dns < 8 && payload.Length > 12)
            {
                add("dns", "answer-" + dns, Prepend(Targets.DnsTarget.MatchId, Records(new[] { payload })));
                int questionEnd = Firmware.Services.Dns.DnsName.Skip(payload, payload.Length, 12);
                if (questionEnd > 0 && questionEnd + 4 <= payload.Length)
                {
                    byte[] after = payload.AsSpan(2, 10).ToArray().Concat(payload.AsSpan(questionEnd + 4).ToArray()).ToArray();
                    add("dns", "answer-" + dns + "-our-question", Prepend(Targets.DnsTarget.MatchId | Targets.DnsTarget.KeepQuestion, Records(new[] { after })));
                }
                dns++;
            }
        }
        if (dhcp.Count > 0)
        {
            add("dhcp", "lease", dhcp.SelectMany(r => r).ToArray());
            add("dhcp", "offer", dhcp[0]);
        }
    }

    private static bool IsBetween(byte[] f, uint source, uint destination)
    {
        if (f.Length >= 34 && EthernetFrame.GetType(f, 0) == EthernetFrame.TypeIpv4)
        {
            return Ipv4Header.GetSource(f, 14) == source && Ipv4Header.GetDestination(f, 14) == destination;
        }
        if (f.Length >= 42 && EthernetFrame.GetType(f, 0) == EthernetFrame.TypeArp)
        {
            return BigEndian.ReadUInt32(f, 28) == source && BigEndian.ReadUInt32(f, 38) == destination;
        }
        return false;
    }

    /// <summary>The peer's frame with the harness's MAC addresses (and the peer MAC inside ARP).</summary>
    private static byte[] Readdress(byte[] f)
    {
        byte[] copy = (byte[])f.Clone();
        if (!EthernetFrame.IsBroadcast(copy, 0))
        {
            Array.Copy(PeerFrames.DeviceMac, 0, copy, 0, 6);
        }
        Array.Copy(PeerFrames.PeerMac, 0, copy, 6, 6);
        if (EthernetFrame.GetType(copy, 0) == EthernetFrame.TypeArp)
        {
            Array.Copy(PeerFrames.PeerMac, 0, copy, 22, 6);
            if (copy[21] == 2)
            {
                Array.Copy(PeerFrames.DeviceMac, 0, copy, 32, 6);
            }
        }
        return copy;
    }

    private static bool IsTcp(byte[] f) => f.Length >= 54 && EthernetFrame.GetType(f, 0) == EthernetFrame.TypeIpv4 && f[23] == Ipv4Header.ProtocolTcp && (f[14] & 0x0F) == 5;

    private static byte TcpFlags(byte[] f) => (byte)(TcpHeader.GetFlags(f, 34) & 0x3F);

    private static ushort PeerPort(Frame f) => f.ToDevice ? TcpHeader.GetSourcePort(f.Data, 34) : TcpHeader.GetDestinationPort(f.Data, 34);

    private static byte[] Options(byte[] f)
    {
        int headerLength = TcpHeader.GetHeaderLength(f, 34);
        return f.AsSpan(54, Math.Max(0, Math.Min(headerLength - 20, f.Length - 54))).ToArray();
    }

    private static int Payload(byte[] f, out int at)
    {
        int total = Ipv4Header.GetTotalLength(f, 14);
        at = 34 + TcpHeader.GetHeaderLength(f, 34);
        return Math.Max(0, Math.Min(14 + total, f.Length) - at);
    }

    private static string Kind(byte[] f)
    {
        int type = EthernetFrame.GetType(f, 0);
        if (type == EthernetFrame.TypeArp)
        {
            return "arp" + f[21];
        }
        if (type != EthernetFrame.TypeIpv4 || f.Length < 34)
        {
            return "other" + type;
        }
        byte protocol = f[23];
        if (protocol == Ipv4Header.ProtocolTcp && f.Length >= 54)
        {
            return "tcp" + TcpHeader.GetDestinationPort(f, 34) + "-flags" + TcpFlags(f) + (Payload(f, out _) > 0 ? "-data" : "");
        }
        if (protocol == Ipv4Header.ProtocolUdp && f.Length >= 42)
        {
            return "udp" + (f[36] << 8 | f[37]);
        }
        return "ip" + protocol + "-type" + (f.Length > 34 ? f[34] : 0);
    }

    private static byte[] Prepend(byte first, byte[] data)
    {
        var r = new byte[data.Length + 1];
        r[0] = first;
        Array.Copy(data, 0, r, 1, data.Length);
        return r;
    }

    private static byte[] Records(IEnumerable<byte[]> items)
    {
        var m = new MemoryStream();
        foreach (var item in items)
        {
            m.WriteByte((byte)(item.Length >> 8));
            m.WriteByte((byte)item.Length);
            m.Write(item);
        }
        return m.ToArray();
    }
}
