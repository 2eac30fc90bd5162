using Firmware.DeviceHarness;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.Bench.Device
{
    /// <summary>
    /// Where a received data segment's time goes, by component: the stack alone (NetworkStack and TcpLayer of the device
    /// profile, no services) on one end of a memory cable, a peer stack on the other sending full-size segments one at a
    /// time. Each component is timed on its own: the stack's Poll that takes a segment in (Ethernet, IPv4, TCP, the
    /// checksum, the copy into the ring, and the stack's timers), the same when the segment draws the ACK of every second
    /// one (the difference is the ACK out), the app's read, and the stack's Poll with nothing to do. The services a
    /// DeviceApp polls beside it are the difference of the two idle polls.
    /// </summary>
    internal static class ReceivePathBench
    {
        private const uint DeviceAddress = 0x0A000002;
        private const uint PeerAddress = 0x0A000001;
        private const int SegmentBytes = 1460;

        // The checksum loop's result, kept so the optimizer keeps the loop.
        private static bool s_checksumSink;
        private static TcpListener s_listener;
        private static TcpConnection s_accepted;

        private static bool Accepted()
        {
            s_accepted = s_listener.Accept();
            return s_accepted != null;
        }

        /// <summary>Prints the components; false when the segments did not arrive as planned.</summary>
        public static bool Run(int segments, long appIdlePollTicks, int appIdlePolls)
        {
            MemoryMac deviceMac = new MemoryMac(2, 8);
            MemoryMac peerMac = new MemoryMac(1, 8);
            MemoryMac.Connect(deviceMac, peerMac);
            TcpConfig deviceTcpConfig = TcpConfig.DeviceProfile();
            deviceTcpConfig.ReceiveBufferBytes = 2 * SegmentBytes;  // full-size segments, two in flight (as Traffic)
            NetworkStack device = new NetworkStack(StackConfig.DeviceProfile(), deviceMac, new SeededRandom(21));
            TcpLayer deviceTcp = new TcpLayer(deviceTcpConfig, device.Output, new SeededRandom(22));
            device.AttachTransport(6, deviceTcp);
            TcpConfig peerTcpConfig = new TcpConfig();
            peerTcpConfig.SendBufferBytes = 8192;
            NetworkStack peer = new NetworkStack(new StackConfig(), peerMac, new SeededRandom(23));
            TcpLayer peerTcp = new TcpLayer(peerTcpConfig, peer.Output, new SeededRandom(24));
            peer.AttachTransport(6, peerTcp);
            long nowMs = 1;
            device.SetAddress(DeviceAddress, 24, 0, nowMs);
            peer.SetAddress(PeerAddress, 24, 0, nowMs);
            s_listener = deviceTcp.Listen(9, 1);
            TcpConnection client = peerTcp.Connect(DeviceAddress, 9, nowMs);
            s_accepted = null;
            for (int i = 0; i < 200 && !Accepted(); i++)
            {
                nowMs++;
                device.Poll(nowMs);
                peer.Poll(nowMs);
            }
            if (s_accepted == null)
            {
                System.Console.WriteLine("receive path: no connection");
                return false;
            }
            TcpConnection server = s_accepted;
            byte[] chunk = new byte[SegmentBytes];
            byte[] buffer = new byte[SegmentBytes];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)(i * 7);
            }

            long inTicks = 0, inAckTicks = 0, readTicks = 0;
            int inCount = 0, inAckCount = 0, reads = 0;
            int sentAtStart = deviceMac.FramesSent;
            for (int guard = 0; inCount + inAckCount < segments && guard < segments * 8; guard++)
            {
                nowMs++;
                // At most two segments unacknowledged (the device's window), queued one at a time so that each of the
                // peer's polls sends one.
                if (client.SendQueueBytes <= SegmentBytes)
                {
                    client.Send(chunk, 0, chunk.Length);
                }
                peer.Poll(nowMs);
                if (deviceMac.Queued != 1)
                {
                    // Nothing (or more than one frame) to take in: move on untimed.
                    device.Poll(nowMs);
                    while (server.Receive(buffer, 0, buffer.Length) > 0) { }
                    continue;
                }
                int sentBefore = deviceMac.FramesSent;
                long start = Ticks.Now;
                device.Poll(nowMs);
                long spent = Ticks.Now - start;
                if (deviceMac.FramesSent == sentBefore)
                {
                    inTicks += spent;
                    inCount++;
                }
                else
                {
                    inAckTicks += spent;
                    inAckCount++;
                }
                start = Ticks.Now;
                int read = server.Receive(buffer, 0, buffer.Length);
                readTicks += Ticks.Now - start;
                reads++;
                if (read != SegmentBytes && read != 0)
                {
                    System.Console.WriteLine("receive path: read " + read.ToString() + " bytes");
                    return false;
                }
                // A window update the read called for goes here (counted with the ACKs below).
                device.Poll(nowMs);
            }
            int acks = deviceMac.FramesSent - sentAtStart;
            if (inCount == 0 || inAckCount == 0)
            {
                System.Console.WriteLine("receive path: segments without ACK " + inCount.ToString() + ", with " + inAckCount.ToString());
                return false;
            }

            // The stack's Poll with truly nothing to do: every ACK sent, no timer due.
            for (int i = 0; i < 300; i++)
            {
                nowMs++;
                device.Poll(nowMs);
                peer.Poll(nowMs);
            }
            const int idles = 500;
            long idleStart = Ticks.Now;
            for (int i = 0; i < idles; i++)
            {
                device.Poll(nowMs);
            }
            long idleTicks = Ticks.Now - idleStart;

            // The TCP checksum over one such segment (pseudo-header, 20-byte header, 1460 bytes), on its own.
            byte[] segment = new byte[20 + SegmentBytes];
            System.Array.Copy(chunk, 0, segment, 20, SegmentBytes);
            const int checksums = 200;
            long checksumStart = Ticks.Now;
            bool sink = false;
            for (int i = 0; i < checksums; i++)
            {
                sink ^= TcpHeader.VerifyChecksum(segment, 0, segment.Length, PeerAddress, DeviceAddress);
            }
            long checksumTicks = Ticks.Now - checksumStart;
            s_checksumSink = sink;

            int taken = inCount + inAckCount;
            long perIn = inTicks / inCount;
            long perInAck = inAckTicks / inAckCount;
            long perRead = readTicks / reads;
            long perIdle = idleTicks / idles;
            long perChecksum = checksumTicks / checksums;
            long perAppIdle = appIdlePollTicks / appIdlePolls;
            long perServices = perAppIdle > perIdle ? perAppIdle - perIdle : 0;  // noise can put one under the other
            // An ACK's cost: a poll that took a segment and sent one, less one that took a segment and did not.
            long perAck = perInAck > perIn ? (perInAck - perIn) * acks / taken : 0;
            long perFrameToRing = perIn > perChecksum ? perIn - perChecksum : 0;
            Program.Time("rx-checksum", checksumTicks, checksums, "receive path: the TCP checksum over a full segment (pseudo-header, header, 1460 bytes)");
            Program.Time("rx-frame-to-ring", perFrameToRing, 1, "receive path: the rest of the stack's Poll taking it in (Ethernet, IPv4, TCP, copy into the ring; the stack's idle poll included)");
            Program.Time("rx-stack-idle-poll", idleTicks, idles, "receive path: of that, the stack's own Poll with nothing to do (ARP, reassembly, IGMP and TCP timers)");
            Program.Time("rx-ack-out", perAck, 1, "receive path: ACKs out per segment (" + acks.ToString() + " for " + taken.ToString()
                + " segments: every second one, and window updates a read called for), header, checksum, IPv4, ARP, MAC");
            Program.Time("rx-app-read", readTicks, reads, "receive path: the app's Receive of the segment (copy out of the ring, window bookkeeping)");
            Program.Time("rx-services-poll", perServices, 1, "receive path: the device profile's services polled beside it (DeviceApp's idle Poll less the stack's)");
            Program.Time("rx-segment-total", perChecksum + perFrameToRing + perAck + perRead + perServices, 1,
                "receive path: the sum, one segment into a DeviceApp (compare tcp-segment-in)");
            return true;
        }
    }
}
