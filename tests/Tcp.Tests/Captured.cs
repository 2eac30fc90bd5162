using System;
using Firmware.Net.Wire;

namespace Tcp.Tests
{
    /// <summary>One segment the layer sent, decoded for assertions.</summary>
    public sealed class Captured
    {
        public uint Destination;
        public byte[] Bytes;
        public long AtMs;

        public ushort SourcePort => TcpHeader.GetSourcePort(Bytes, 0);
        public ushort DestinationPort => TcpHeader.GetDestinationPort(Bytes, 0);
        public uint Seq => TcpHeader.GetSequence(Bytes, 0);
        public uint Ack => TcpHeader.GetAcknowledgment(Bytes, 0);
        public byte Flags => TcpHeader.GetFlags(Bytes, 0);
        public int Window => TcpHeader.GetWindow(Bytes, 0);
        public int HeaderLength => TcpHeader.GetHeaderLength(Bytes, 0);
        public int DataLength => Bytes.Length - HeaderLength;

        public byte[] Data
        {
            get
            {
                byte[] d = new byte[DataLength];
                Array.Copy(Bytes, HeaderLength, d, 0, d.Length);
                return d;
            }
        }

        public int Mss
        {
            get
            {
                TcpOptions o = new TcpOptions();
                o.Parse(Bytes, 20, HeaderLength - 20);
                return o.Mss;
            }
        }

        public bool Is(byte flags) => Flags == flags;

        public override string ToString() => $"flags {Flags:x2} seq {Seq} ack {Ack} win {Window} len {DataLength}";
    }
}
