using Firmware.Net.Wire;

namespace Firmware.Net.Diagnostics
{
    /// <summary>
    /// One tcpdump-style line for any Ethernet frame, for people (it allocates strings; never on the packet
    /// path): ARP, IPv4 with ICMP, UDP, TCP and fragments; malformed frames say what is wrong.
    /// </summary>
    public static class PacketFormatter
    {
        /// <summary>
        /// Describes UDP payloads of protocols above the stack (set once at start-up, e.g. by DnsLineFormatter.Install);
        /// null: every datagram is "UDP, length n".
        /// </summary>
        public static UdpPayloadFormatter UdpPayload;

        /// <summary>Formats the frame of <paramref name="length"/> bytes at <paramref name="offset"/> (Ethernet header first).</summary>
        public static string Format(byte[] frame, int offset, int length)
        {
            if (frame == null || offset < 0 || length < EthernetFrame.HeaderLength || offset + length > frame.Length)
            {
                return "[truncated ethernet frame, length " + length.ToString() + "]";
            }
            int type = EthernetFrame.GetType(frame, offset);
            int at = offset + EthernetFrame.HeaderLength;
            int payload = length - EthernetFrame.HeaderLength;
            if (type == EthernetFrame.TypeArp)
            {
                return FormatArp(frame, at, payload);
            }
            if (type == EthernetFrame.TypeIpv4)
            {
                return FormatIpv4(frame, at, payload);
            }
            if (type == EthernetFrame.TypeVlan)
            {
                return "802.1Q vlan-tagged frame, length " + length.ToString();
            }
            if (type == EthernetFrame.TypeIpv6)
            {
                return FormatIpv6(frame, at, payload);
            }
            return "ethertype 0x" + type.ToString("X4") + ", length " + length.ToString();
        }

        // RFC 8200 §3: the next header is byte 6 of the fixed 40-byte header. Named, not parsed: the stack drops IPv6.
        private static string FormatIpv6(byte[] b, int at, int length)
        {
            if (length < 40)
            {
                return "IPv6 (not handled), truncated, length " + length.ToString();
            }
            int next = b[at + 6];
            string name = next == 58 ? "ICMPv6" : next == 6 ? "TCP" : next == 17 ? "UDP" : next == 0 ? "hop-by-hop options" : "next header " + next.ToString();
            return "IPv6 (not handled) " + name + ", length " + length.ToString();
        }

        /// <summary>Dotted quad of a host-order address.</summary>
        public static string FormatIp(uint address)
        {
            return (address >> 24).ToString() + "." + ((address >> 16) & 0xFF).ToString() + "."
                + ((address >> 8) & 0xFF).ToString() + "." + (address & 0xFF).ToString();
        }

        /// <summary>Colon-separated lower-case hex of the 6 bytes at <paramref name="offset"/>.</summary>
        public static string FormatMac(byte[] b, int offset)
        {
            return Hex(b[offset]) + ":" + Hex(b[offset + 1]) + ":" + Hex(b[offset + 2]) + ":"
                + Hex(b[offset + 3]) + ":" + Hex(b[offset + 4]) + ":" + Hex(b[offset + 5]);
        }

        private static string Hex(byte value)
        {
            const string digits = "0123456789abcdef";
            return digits[value >> 4].ToString() + digits[value & 0xF].ToString();
        }

        private static string FormatArp(byte[] b, int offset, int length)
        {
            if (!ArpPacket.Check(b, offset, length))
            {
                return "ARP, [malformed], length " + length.ToString();
            }
            string target = FormatIp(ArpPacket.GetTargetIp(b, offset));
            string sender = FormatIp(ArpPacket.GetSenderIp(b, offset));
            if (ArpPacket.GetOperation(b, offset) == ArpPacket.OperationRequest)
            {
                return "ARP, Request who-has " + target + " tell " + sender + ", length " + ArpPacket.Length.ToString();
            }
            return "ARP, Reply " + sender + " is-at " + FormatMac(b, offset + ArpPacket.SenderMacOffset) + ", length " + ArpPacket.Length.ToString();
        }

        private static string FormatIpv4(byte[] b, int offset, int length)
        {
            int check = Ipv4Header.Check(b, offset, length);
            if (check == Ipv4Header.CheckTruncated || check == Ipv4Header.CheckBadVersion || check == Ipv4Header.CheckBadHeaderLength)
            {
                return "IP [bad header], length " + length.ToString();
            }
            if (check == Ipv4Header.CheckBadTotalLength)
            {
                return "IP [bad total length " + Ipv4Header.GetTotalLength(b, offset).ToString() + " > " + length.ToString() + "]";
            }
            string suffix = check == Ipv4Header.CheckBadChecksum ? " [bad ip checksum]" : "";
            int headerLength = Ipv4Header.GetHeaderLength(b, offset);
            int payloadLength = Ipv4Header.GetTotalLength(b, offset) - headerLength;
            int payloadOffset = offset + headerLength;
            uint source = Ipv4Header.GetSource(b, offset);
            uint destination = Ipv4Header.GetDestination(b, offset);
            int fragmentOffset = Ipv4Header.GetFragmentOffsetBytes(b, offset);
            bool more = Ipv4Header.GetMoreFragments(b, offset);
            if (more || fragmentOffset != 0)
            {
                suffix = " (frag " + Ipv4Header.GetIdentification(b, offset).ToString() + ":" + payloadLength.ToString() + "@"
                    + fragmentOffset.ToString() + (more ? "+" : "") + ")" + suffix;
            }
            string addresses = FormatIp(source) + " > " + FormatIp(destination);
            byte protocol = Ipv4Header.GetProtocol(b, offset);
            if (fragmentOffset != 0)
            {
                // Not the first fragment: no transport header here.
                return addresses + ": " + ProtocolName(protocol) + suffix;
            }
            if (protocol == Ipv4Header.ProtocolIcmp)
            {
                return addresses + ": " + FormatIcmp(b, payloadOffset, payloadLength) + suffix;
            }
            if (protocol == Ipv4Header.ProtocolUdp || protocol == Ipv4Header.ProtocolTcp)
            {
                if (payloadLength < 4)
                {
                    return addresses + ": " + ProtocolName(protocol) + " [truncated]" + suffix;
                }
                string ports = FormatIp(source) + "." + BigEndian.ReadUInt16(b, payloadOffset).ToString() + " > "
                    + FormatIp(destination) + "." + BigEndian.ReadUInt16(b, payloadOffset + 2).ToString() + ": ";
                if (protocol == Ipv4Header.ProtocolUdp)
                {
                    if (payloadLength < UdpHeader.Length)
                    {
                        return ports + "UDP [truncated]" + suffix;
                    }
                    int udpLength = BigEndian.ReadUInt16(b, payloadOffset + 4) - UdpHeader.Length;
                    UdpPayloadFormatter above = UdpPayload;
                    if (above != null && udpLength >= 0 && udpLength <= payloadLength - UdpHeader.Length)
                    {
                        string line = above(BigEndian.ReadUInt16(b, payloadOffset), BigEndian.ReadUInt16(b, payloadOffset + 2), b,
                            payloadOffset + UdpHeader.Length, udpLength);
                        if (line != null)
                        {
                            return ports + line + suffix;
                        }
                    }
                    return ports + "UDP, length " + udpLength.ToString() + suffix;
                }
                return ports + TcpLineFormatter.FormatSegment(b, payloadOffset, payloadLength) + suffix;
            }
            return addresses + ": ip-proto-" + protocol.ToString() + " " + payloadLength.ToString() + suffix;
        }

        private static string ProtocolName(byte protocol)
        {
            if (protocol == Ipv4Header.ProtocolIcmp)
            {
                return "ICMP";
            }
            if (protocol == Ipv4Header.ProtocolUdp)
            {
                return "UDP";
            }
            if (protocol == Ipv4Header.ProtocolTcp)
            {
                return "tcp";
            }
            return "ip-proto-" + protocol.ToString();
        }

        private static string FormatIcmp(byte[] b, int offset, int length)
        {
            if (length < IcmpMessage.HeaderLength)
            {
                return "ICMP [truncated], length " + length.ToString();
            }
            int type = IcmpMessage.GetType(b, offset);
            int code = IcmpMessage.GetCode(b, offset);
            if (type == IcmpMessage.TypeEchoRequest || type == IcmpMessage.TypeEchoReply)
            {
                return "ICMP echo " + (type == IcmpMessage.TypeEchoRequest ? "request" : "reply") + ", id " + IcmpMessage.GetIdentifier(b, offset).ToString()
                    + ", seq " + IcmpMessage.GetSequence(b, offset).ToString() + ", length " + length.ToString();
            }
            string what;
            if (type == IcmpMessage.TypeDestinationUnreachable)
            {
                what = code == IcmpMessage.CodePortUnreachable ? "port unreachable" : (code == IcmpMessage.CodeProtocolUnreachable ? "protocol unreachable" : "unreachable code " + code.ToString());
                int quoted = offset + IcmpMessage.HeaderLength;
                int quotedLength = length - IcmpMessage.HeaderLength;
                if (code == IcmpMessage.CodePortUnreachable && quotedLength >= Ipv4Header.MinLength + 4)
                {
                    int ihl = Ipv4Header.GetHeaderLength(b, quoted);
                    if (ihl >= Ipv4Header.MinLength && quotedLength >= ihl + 4)
                    {
                        what = FormatIp(Ipv4Header.GetDestination(b, quoted)) + " " + ProtocolName(Ipv4Header.GetProtocol(b, quoted)).ToLower()
                            + " port " + BigEndian.ReadUInt16(b, quoted + ihl + 2).ToString() + " unreachable";
                    }
                }
            }
            else if (type == IcmpMessage.TypeTimeExceeded)
            {
                what = code == IcmpMessage.CodeReassemblyTimeExceeded ? "ip reassembly time exceeded" : "time exceeded in-transit";
            }
            else
            {
                what = "type " + type.ToString() + " code " + code.ToString();
            }
            return "ICMP " + what + ", length " + length.ToString();
        }
    }
}
