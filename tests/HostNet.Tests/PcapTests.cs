using System;
using System.IO;
using Firmware.Net;
using Xunit;

namespace Firmware.HostNet.Tests;

public sealed class PcapTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hostnet-pcap-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    public PcapTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void GlobalHeader_ClassicLibpcapLittleEndian_Version24_Snaplen65535_Ethernet()
    {
        var stream = new MemoryStream();
        using (new PcapWriter(stream))
        {
        }

        Assert.Equal(
            new byte[] { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0 },
            stream.ToArray());
    }

    [Fact]
    public void Record_TimestampSecondsAndMicros_LengthsThenTheBytes()
    {
        var stream = new MemoryStream();
        var frame = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacA, 1, lengthBytes: 64);
        using (var writer = new PcapWriter(stream))
        {
            writer.Write(1_700_000_123_456, frame, 0, frame.Length);
        }

        var bytes = stream.ToArray();
        Assert.Equal(24 + 16 + 64, bytes.Length);
        Assert.Equal(1_700_000_123u, BitConverter.ToUInt32(bytes, 24));
        Assert.Equal(456_000u, BitConverter.ToUInt32(bytes, 28));
        Assert.Equal(64u, BitConverter.ToUInt32(bytes, 32));
        Assert.Equal(64u, BitConverter.ToUInt32(bytes, 36));
        Assert.Equal(frame, bytes.AsSpan(40).ToArray());
    }

    [Fact]
    public void Recorder_SentAndReceivedFrames_InOrderWithClockTimestamps_ReadableBeforeDispose()
    {
        var network = new VirtualSwitch();
        var a = network.CreatePort(TestFrames.MacA);
        var b = network.CreatePort(TestFrames.MacB);
        var clock = new ManualClock { NowMs = 1500 };
        string path = Path.Combine(_directory, "a.pcap");
        using var recorder = new PcapRecorder(a, clock, path, epochOffsetMs: 1_000_000);
        var outbound = TestFrames.Make(TestFrames.MacB, TestFrames.MacA, 1);
        var inbound = TestFrames.Make(TestFrames.MacA, TestFrames.MacB, 2, lengthBytes: 200);
        var buffer = new byte[2000];

        recorder.TrySend(outbound, 0, outbound.Length);
        clock.NowMs = 2750;
        b.TrySend(inbound, 0, inbound.Length);
        Assert.Equal(200, recorder.TryReceive(buffer, 0, buffer.Length));
        Assert.Equal(0, recorder.TryReceive(buffer, 0, buffer.Length));

        // Flushed per record: a reader sees both frames while the recorder is still open.
        Assert.True(PcapReader.TryRead(File.ReadAllBytes(path), out uint linkType, out var records));
        Assert.Equal(1u, linkType);
        Assert.Equal(2, records.Count);
        Assert.Equal(1_001_500, records[0].TimestampMs);
        Assert.Equal(outbound, records[0].Data);
        Assert.Equal(1_002_750, records[1].TimestampMs);
        Assert.Equal(inbound, records[1].Data);
        Assert.Equal(2, recorder.FramesRecorded);
    }

    [Fact]
    public void Reader_TruncatedOrForeignFiles_ReturnFalseWithoutThrowing()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream))
        {
            var frame = TestFrames.Make(TestFrames.Broadcast, TestFrames.MacA, 1);
            writer.Write(0, frame, 0, frame.Length);
        }
        var complete = stream.ToArray();

        Assert.True(PcapReader.TryRead(complete, out _, out var records));
        Assert.Single(records);
        Assert.False(PcapReader.TryRead(complete.AsSpan(0, complete.Length - 1).ToArray(), out _, out _));
        Assert.False(PcapReader.TryRead(new byte[10], out _, out _));
        Assert.False(PcapReader.TryRead(new byte[24], out _, out _));
        Assert.False(PcapReader.TryRead((byte[])null, out _, out _));
    }

    /// <summary>Two stacks ping over the switch with the recorder on one side; tshark must dissect all of it cleanly.</summary>
    [Fact]
    public void Tshark_ReadsARecordedPingExchange_NoMalformedOrBadChecksums()
    {
        string tshark = ProcessRunner.Find("tshark");
        Assert.True(tshark != null, "tshark is not installed (apt-get install tshark; .ci/run installs it): cannot check that our pcap files are readable");
        string path = Path.Combine(_directory, "ping.pcap");
        var network = new VirtualSwitch();
        var clock = new ManualClock();
        var recorder = new PcapRecorder(network.CreatePort(TestFrames.MacA), clock, path);
        var left = new NetworkStack(new StackConfig(), recorder, new SystemRandomSource(1));
        var right = new NetworkStack(new StackConfig(), network.CreatePort(TestFrames.MacB), new SystemRandomSource(2));
        left.SetAddress(0x0A000001, 24, 0, 0);
        right.SetAddress(0x0A000002, 24, 0, 0);
        for (int step = 0; step < 200; step++)
        {
            if (step % 50 == 10)
            {
                left.SendEchoRequest(0x0A000002, 7, (ushort)step, step % 100 == 10 ? 56 : 1400);
            }
            left.Poll(clock.NowMs);
            right.Poll(clock.NowMs);
            clock.AdvanceMs(5);
        }
        recorder.Dispose();
        Assert.True(left.IcmpCounters.EchoRepliesIn >= 3, "the stacks did not exchange pings:\n" + left.DescribeCounters());

        var all = ProcessRunner.Run(tshark, 60000, "-n", "-r", path);
        var bad = ProcessRunner.Run(tshark, 60000, "-n", "-r", path, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-Y", "_ws.malformed || ip.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\" || _ws.expert.severity == error");

        Assert.True(all.ExitCode == 0, "tshark -r failed: " + all.Errors);
        Assert.Contains("ARP", all.Output);
        Assert.Contains("Echo (ping) reply", all.Output);
        Assert.True(PcapReader.TryRead(path, out _, out var records));
        Assert.Equal(records.Count, all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(bad.ExitCode == 0 && bad.Output.Trim().Length == 0, "tshark flags packets:\n" + bad.Output + bad.Errors);
    }

    /// <summary>The filter the real-peer tests trust must catch a bad checksum, or their "nothing bad" means nothing.</summary>
    [Fact]
    public void Tshark_BadChecksumFilter_CatchesACorruptedIpHeader()
    {
        string tshark = ProcessRunner.Find("tshark");
        Assert.True(tshark != null, "tshark is not installed (apt-get install tshark; .ci/run installs it)");
        // A minimal IPv4/UDP packet with a wrong header checksum (0x0000).
        byte[] frame =
        {
            0x02, 0, 0, 0, 0, 0x0b, 0x02, 0, 0, 0, 0, 0x0a, 0x08, 0x00,
            0x45, 0, 0, 29, 0, 1, 0, 0, 64, 17, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2,
            0x30, 0x39, 0, 7, 0, 9, 0, 0, 0x41,
        };
        string path = Path.Combine(_directory, "bad.pcap");
        using (var writer = new PcapWriter(path))
        {
            writer.Write(0, frame, 0, frame.Length);
        }

        var bad = ProcessRunner.Run(tshark, 60000, "-n", "-r", path, "-o", "ip.check_checksum:TRUE", "-Y", "ip.checksum.status == \"Bad\"");

        Assert.True(bad.ExitCode == 0, "tshark rejected the filter: " + bad.Errors);
        Assert.Single(bad.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
