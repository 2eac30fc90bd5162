using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.Bench
{
    /// <summary>Two whole stacks (Ethernet, ARP, IPv4, TCP), 10.0.0.1 and 10.0.0.2, on an in-memory cable, seeded.</summary>
    internal sealed class StackPair
    {
        public const uint AddressA = 0x0A000001;
        public const uint AddressB = 0x0A000002;

        public readonly QueueMac MacA = new QueueMac(QueueMac.Mac(1), 256);
        public readonly QueueMac MacB = new QueueMac(QueueMac.Mac(2), 256);
        public readonly NetworkStack A;
        public readonly NetworkStack B;
        public readonly TcpLayer TcpA;
        public readonly TcpLayer TcpB;

        public StackPair(TcpConfig configA, TcpConfig configB)
        {
            QueueMac.Connect(MacA, MacB);
            A = new NetworkStack(new StackConfig(), MacA, new SystemRandomSource(1));
            B = new NetworkStack(new StackConfig(), MacB, new SystemRandomSource(2));
            A.SetAddress(AddressA, 24, 0, 0);
            B.SetAddress(AddressB, 24, 0, 0);
            TcpA = new TcpLayer(configA, A.Output, new SystemRandomSource(3));
            TcpB = new TcpLayer(configB, B.Output, new SystemRandomSource(4));
            A.AttachTransport(6, TcpA);
            B.AttachTransport(6, TcpB);
        }

        /// <summary>No frame in flight on the cable.</summary>
        public bool CableIdle => MacA.Pending == 0 && MacB.Pending == 0;
    }
}
