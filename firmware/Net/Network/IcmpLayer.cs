using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;

namespace Firmware.Net.Network
{
    /// <summary>
    /// ICMP (RFC 792, RFC 1122 §3.2.2): answers echo requests of any size the reassembler holds (the reply is
    /// fragmented on output), records echo replies, sends rate-limited errors that quote the original header
    /// and 8 bytes, and never sends an error about an error, a broadcast or a non-first fragment.
    /// </summary>
    public class IcmpLayer
    {
        private readonly Ipv4Layer _ip;
        private readonly IcmpCounters _counters;
        private readonly int _errorIntervalMs;
        private long _lastErrorMs;
        private bool _errorSent;

        /// <summary>Echo replies received so far.</summary>
        public int EchoRepliesReceived;

        /// <summary>Source of the last echo reply.</summary>
        public uint LastEchoReplySource;

        /// <summary>Identifier of the last echo reply.</summary>
        public ushort LastEchoReplyId;

        /// <summary>Sequence number of the last echo reply.</summary>
        public ushort LastEchoReplySequence;

        /// <summary>Data bytes of the last echo reply.</summary>
        public int LastEchoReplyPayloadBytes;

        /// <summary>Wires ICMP to the IPv4 layer.</summary>
        public IcmpLayer(StackConfig config, Ipv4Layer ip, IcmpCounters counters)
        {
            _ip = ip;
            _counters = counters;
            _errorIntervalMs = config.IcmpErrorIntervalMs;
        }

        /// <summary>Handles one ICMP message (the IPv4 payload, reassembled).</summary>
        public void Input(uint source, uint destination, byte[] b, int offset, int length, bool toBroadcast, long nowMs)
        {
            if (!IcmpMessage.Check(b, offset, length))
            {
                _counters.Malformed++;
                return;
            }
            int type = IcmpMessage.GetType(b, offset);
            if (type == IcmpMessage.TypeEchoRequest)
            {
                _counters.EchoRequestsIn++;
                if (toBroadcast || source == 0)
                {
                    _counters.BroadcastEchoIgnored++;
                    return;
                }
                // RFC 792: the reply is the request with the type changed; rewrite in place (the buffer is ours) and send.
                uint rest = BigEndian.ReadUInt32(b, offset + 4);
                IcmpMessage.Emit(b, offset, IcmpMessage.TypeEchoReply, 0, rest, length - IcmpMessage.HeaderLength);
                if (_ip.SendPayload(source, Ipv4Header.ProtocolIcmp, b, offset, length))
                {
                    _counters.EchoRepliesOut++;
                }
            }
            else if (type == IcmpMessage.TypeEchoReply)
            {
                _counters.EchoRepliesIn++;
                EchoRepliesReceived++;
                LastEchoReplySource = source;
                LastEchoReplyId = IcmpMessage.GetIdentifier(b, offset);
                LastEchoReplySequence = IcmpMessage.GetSequence(b, offset);
                LastEchoReplyPayloadBytes = length - IcmpMessage.HeaderLength;
            }
            else if (type == IcmpMessage.TypeDestinationUnreachable)
            {
                _counters.DestinationUnreachableIn++;
            }
            else if (type == IcmpMessage.TypeTimeExceeded)
            {
                _counters.TimeExceededIn++;
            }
            else
            {
                _counters.OtherIn++;
            }
        }

        /// <summary>
        /// Sends an echo request with <paramref name="payloadBytes"/> bytes of pattern data (byte i = i). Limited
        /// to one unfragmented packet; false when larger, unroutable or not sent now (ARP resolving).
        /// </summary>
        public bool SendEchoRequest(uint destination, ushort id, ushort sequence, int payloadBytes)
        {
            if (payloadBytes < 0 || payloadBytes + IcmpMessage.HeaderLength > _ip.MaxTransportLength)
            {
                return false;
            }
            byte[] b = _ip.TransmitBuffer;
            int offset = _ip.TransportOffset;
            for (int i = 0; i < payloadBytes; i++)
            {
                b[offset + IcmpMessage.HeaderLength + i] = (byte)i;
            }
            IcmpMessage.Emit(b, offset, IcmpMessage.TypeEchoRequest, 0, ((uint)id << 16) | sequence, payloadBytes);
            _counters.EchoRequestsOut++;
            return _ip.Send(destination, Ipv4Header.ProtocolIcmp, IcmpMessage.HeaderLength + payloadBytes);
        }

        /// <summary>
        /// Sends an error of <paramref name="type"/>/<paramref name="code"/> to <paramref name="destination"/> quoting
        /// <paramref name="quoteLength"/> bytes (the original IP header and 8 bytes, RFC 792). Refuses, per RFC 1122
        /// §3.2.2, when the original was an ICMP error, a non-first fragment, or from a non-unicast source; rate-limited.
        /// </summary>
        public bool SendError(int type, int code, uint destination, byte[] quote, int quoteOffset, int quoteLength, long nowMs)
        {
            if (quoteLength < Ipv4Header.MinLength || destination == 0 || destination == 0xFFFFFFFF || Link.NetInterface.IsMulticast(destination))
            {
                return false;
            }
            if (Ipv4Header.GetFragmentOffsetBytes(quote, quoteOffset) != 0)
            {
                return false;
            }
            int headerLength = Ipv4Header.GetHeaderLength(quote, quoteOffset);
            if (Ipv4Header.GetProtocol(quote, quoteOffset) == Ipv4Header.ProtocolIcmp
                && (quoteLength <= headerLength || IcmpMessage.IsError(quote[quoteOffset + headerLength])))
            {
                return false;
            }
            if (_errorSent && nowMs - _lastErrorMs < _errorIntervalMs)
            {
                _counters.ErrorsRateLimited++;
                return false;
            }
            if (quoteLength > _ip.MaxTransportLength - IcmpMessage.HeaderLength)
            {
                // Only with a tiny MTU (68 bytes leaves 40): quote what fits, the header at least.
                quoteLength = _ip.MaxTransportLength - IcmpMessage.HeaderLength;
            }
            _errorSent = true;
            _lastErrorMs = nowMs;
            byte[] b = _ip.TransmitBuffer;
            int offset = _ip.TransportOffset;
            System.Array.Copy(quote, quoteOffset, b, offset + IcmpMessage.HeaderLength, quoteLength);
            IcmpMessage.Emit(b, offset, type, code, 0, quoteLength);
            if (type == IcmpMessage.TypeDestinationUnreachable)
            {
                _counters.DestinationUnreachableOut++;
            }
            else if (type == IcmpMessage.TypeTimeExceeded)
            {
                _counters.TimeExceededOut++;
            }
            return _ip.Send(destination, Ipv4Header.ProtocolIcmp, IcmpMessage.HeaderLength + quoteLength);
        }
    }
}
