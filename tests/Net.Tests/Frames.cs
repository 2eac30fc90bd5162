using Firmware.HostNet;
using System;
using System.Collections.Generic;
using Firmware.Net.Wire;

namespace Firmware.Net.Tests
{
    /// <summary>Builds frames for tests with the firmware's own emitters (checked against captured vectors elsewhere).</summary>
    public static class Frames
    {
        public const uint A = 0x0A000001;
        public const uint B = 0x0A000002;
        public static readonly byte[] MacA = QueueMac.Mac(1);
        public static readonly byte[] MacB = QueueMac.Mac(2);
        public static readonly byte[] Broadcast = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

        public static byte[] Ipv4(byte[] dstMac, byte[] srcMac, uint src, uint dst, byte protocol, byte[] payload,
            int id = 0x1234, bool more = false, int fragmentOffsetBytes = 0, int payloadOffset = 0, int payloadLength = -1)
        {
            if (payloadLength < 0)
            {
                payloadLength = payload.Length - payloadOffset;
            }
            byte[] f = new byte[34 + payloadLength];
            EthernetFrame.EmitHeader(f, 0, dstMac, 0, srcMac, EthernetFrame.TypeIpv4);
            Array.Copy(payload, payloadOffset, f, 34, payloadLength);
            Ipv4Header.Emit(f, 14, 20 + payloadLength, id, false, more, fragmentOffsetBytes, 64, protocol, src, dst);
            return f;
        }

        public static byte[] Udp(uint src, int srcPort, uint dst, int dstPort, byte[] data, byte[] dstMac = null)
        {
            byte[] u = new byte[8 + data.Length];
            Array.Copy(data, 0, u, 8, data.Length);
            UdpHeader.Emit(u, 0, srcPort, dstPort, data.Length, src, dst);
            return Ipv4(dstMac ?? MacB, MacA, src, dst, Ipv4Header.ProtocolUdp, u);
        }

        public static byte[] EchoRequestMessage(ushort id, ushort seq, int dataBytes)
        {
            byte[] m = new byte[8 + dataBytes];
            for (int i = 0; i < dataBytes; i++)
            {
                m[8 + i] = (byte)(i * 7);
            }
            IcmpMessage.Emit(m, 0, IcmpMessage.TypeEchoRequest, 0, ((uint)id << 16) | seq, dataBytes);
            return m;
        }

        /// <summary>Splits an IPv4 payload into fragment frames of at most <paramref name="chunk"/> bytes (a multiple of 8).</summary>
        public static List<byte[]> Fragments(uint src, uint dst, byte protocol, byte[] payload, int chunk, int id)
        {
            var list = new List<byte[]>();
            for (int at = 0; at < payload.Length; at += chunk)
            {
                int n = Math.Min(chunk, payload.Length - at);
                list.Add(Ipv4(MacB, MacA, src, dst, protocol, payload, id, at + n < payload.Length, at, at, n));
            }
            return list;
        }

        public static byte[] Arp(int op, byte[] senderMac, uint senderIp, byte[] targetMac, uint targetIp, byte[] dstMac)
        {
            byte[] f = new byte[42];
            EthernetFrame.EmitHeader(f, 0, dstMac, 0, senderMac, EthernetFrame.TypeArp);
            ArpPacket.Emit(f, 14, op, senderMac, senderIp, targetMac, 0, targetIp);
            return f;
        }

        /// <summary>Reassembles the IPv4 payload from fragment frames (any order) as a test oracle.</summary>
        public static byte[] Reassemble(List<byte[]> frames)
        {
            int total = -1;
            var buffer = new byte[65536];
            int got = 0;
            foreach (var f in frames)
            {
                int hl = Ipv4Header.GetHeaderLength(f, 14);
                int len = Ipv4Header.GetTotalLength(f, 14) - hl;
                int off = Ipv4Header.GetFragmentOffsetBytes(f, 14);
                Array.Copy(f, 14 + hl, buffer, off, len);
                got += len;
                if (!Ipv4Header.GetMoreFragments(f, 14))
                {
                    total = off + len;
                }
            }
            if (total < 0 || got != total)
            {
                throw new InvalidOperationException("fragments do not add up: got " + got + " total " + total);
            }
            var r = new byte[total];
            Array.Copy(buffer, r, total);
            return r;
        }
    }
}
