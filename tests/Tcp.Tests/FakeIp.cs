using System;
using System.Collections.Generic;
using Firmware.Net.Network;
using Firmware.Net.Wire;

namespace Tcp.Tests
{
    /// <summary>Captures what the TCP layer sends and checks each checksum on the way out.</summary>
    public sealed class FakeIp : IIpv4Output
    {
        public readonly List<Captured> Sent = new List<Captured>();
        public long NowMs;

        public FakeIp(uint localAddress, int mtu = 1500)
        {
            LocalAddress = localAddress;
            MaxTransportLength = mtu - 20;
            TransmitBuffer = new byte[14 + mtu];
        }

        public uint LocalAddress { get; }
        public byte[] TransmitBuffer { get; }
        public int TransportOffset => 34;
        public int MaxTransportLength { get; }

        public bool Send(uint destination, byte protocol, int transportLength)
        {
            if (protocol != 6 || transportLength > MaxTransportLength)
            {
                throw new InvalidOperationException("bad send");
            }
            byte[] b = new byte[transportLength];
            Array.Copy(TransmitBuffer, TransportOffset, b, 0, transportLength);
            if (!TcpHeader.VerifyChecksum(b, 0, b.Length, LocalAddress, destination))
            {
                throw new InvalidOperationException("layer sent a bad checksum");
            }
            Sent.Add(new Captured { Destination = destination, Bytes = b, AtMs = NowMs });
            return true;
        }

        public List<Captured> Take()
        {
            var l = new List<Captured>(Sent);
            Sent.Clear();
            return l;
        }
    }
}
