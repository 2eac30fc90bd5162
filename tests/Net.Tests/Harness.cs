using Firmware.DeviceHarness;
using Firmware.HostNet;
using System.Collections.Generic;
using System.Linq;
using Firmware.Net.Wire;

namespace Firmware.Net.Tests
{
    /// <summary>One stack (10.0.0.2/24, MAC ..:02) driven by a test playing the peer 10.0.0.1; every frame it sends is recorded.</summary>
    public sealed class Harness
    {
        public readonly QueueMac Mac;
        public readonly NetworkStack Stack;
        public long NowMs = 1000;

        public Harness(StackConfig config = null, bool configure = true, uint gateway = 0)
        {
            Mac = new QueueMac(Frames.MacB) { Sent = new List<byte[]>() };
            Stack = new NetworkStack(config ?? new StackConfig(), Mac, new SeededRandom(42));
            if (configure)
            {
                Stack.SetAddress(Frames.B, 24, gateway, NowMs);
                Mac.Sent.Clear();
            }
        }

        /// <summary>Teaches the stack A's MAC (an ARP request from A for B), and forgets the reply.</summary>
        public void LearnPeer()
        {
            Inject(Frames.Arp(ArpPacket.OperationRequest, Frames.MacA, Frames.A, null, Frames.B, Frames.Broadcast));
            Mac.Sent.Clear();
        }

        public void Inject(byte[] frame)
        {
            Mac.Enqueue(frame);
            Stack.Poll(NowMs);
        }

        public void Advance(long ms)
        {
            NowMs += ms;
            Stack.Poll(NowMs);
        }

        public List<byte[]> TakeSent()
        {
            var l = Mac.Sent.ToList();
            Mac.Sent.Clear();
            return l;
        }

        public static bool IsIpv4(byte[] f, byte protocol) => f.Length >= 34 && EthernetFrame.GetType(f, 0) == EthernetFrame.TypeIpv4 && f[23] == protocol;
        public static bool IsArp(byte[] f) => f.Length >= 42 && EthernetFrame.GetType(f, 0) == EthernetFrame.TypeArp;
    }
}
