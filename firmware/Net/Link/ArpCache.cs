using Firmware.Hal;
using Firmware.Net.Diagnostics;
using Firmware.Net.Wire;

namespace Firmware.Net.Link
{
    /// <summary>
    /// ARP for Ethernet/IPv4 (RFC 826, RFC 1122 §2.3.2): a fixed table of entries with aging and refresh, one
    /// parked frame per unresolved entry from a small shared pool (sent when the reply comes), request retries with a limit, replies to
    /// requests for our address, gratuitous announcements, and conflict detection (RFC 5227 §2.4).
    /// Also the link's output: <see cref="SendIpv4"/> adds the Ethernet header and hands the frame to the MAC.
    /// </summary>
    public class ArpCache
    {
        private const byte StateFree = 0;
        private const byte StateIncomplete = 1;
        private const byte StateResolved = 2;
        // ARP frames are 14 + 28 = 42 bytes; Ethernet's minimum payload pads them to 60 (the MAC pads, but our own buffer is zeroed anyway).
        private const int ArpFrameLength = 60;

        private readonly IEthernetMac _device;
        private readonly NetInterface _interface;
        private readonly EthernetCounters _ethernet;
        private readonly ArpCounters _counters;
        // Lifetimes, the retry interval and limit, the parking size: read from the stack's configuration where used.
        private readonly StackConfig _config;

        // Per entry (few arrays on purpose: on the interpreter every array and field is a heap block of its own).
        private readonly uint[] _ip;
        private readonly byte[] _mac;
        private readonly byte[] _state;
        // Unresolved: when the next request is due; resolved: when the entry expires.
        private readonly long[] _deadlineMs;
        // Unresolved: requests sent; resolved: 1 once the refresh request went out.
        private readonly int[] _requestsSent;
        // Two ints an entry: the parked frame's length (0: none) and its parking slot.
        private readonly int[] _parked;
        private readonly byte[] _pending;
        private readonly int _parkingSlots;
        // The ARP frame we send (60 bytes), then the broadcast MAC and a multicast MAC being written.
        private readonly byte[] _frame;
        private uint _watched;
        private int _watchConflicts;

        private const int BroadcastMacAt = ArpFrameLength;
        private const int MulticastMacAt = ArpFrameLength + 6;

        /// <summary>Allocates the table and the parking buffers from <paramref name="config"/>.</summary>
        public ArpCache(StackConfig config, IEthernetMac device, NetInterface netInterface, EthernetCounters ethernet, ArpCounters counters)
        {
            if (config.ArpCacheEntries < 1 || config.ArpPendingFrameBytes < 0 || config.ArpPendingFrames < 0)
            {
                throw new System.ArgumentException("ARP cache size");
            }
            _device = device;
            _interface = netInterface;
            _ethernet = ethernet;
            _counters = counters;
            _config = config;
            int entries = config.ArpCacheEntries;
            _ip = new uint[entries];
            _mac = new byte[entries * 6];
            _state = new byte[entries];
            _deadlineMs = new long[entries];
            _requestsSent = new int[entries];
            _parked = new int[entries * 2];
            // The parking pool: more slots than entries could never be used.
            _parkingSlots = config.ArpPendingFrames < entries ? config.ArpPendingFrames : entries;
            _pending = new byte[_parkingSlots * config.ArpPendingFrameBytes];
            _frame = new byte[ArpFrameLength + 12];
            for (int i = 0; i < 6; i++)
            {
                _frame[BroadcastMacAt + i] = 0xFF;
            }
        }

        /// <summary>Entries in the table (resolved or not).</summary>
        public int Capacity { get { return _ip.Length; } }

        /// <summary>Resolved entries now.</summary>
        public int ResolvedCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _ip.Length; i++)
                {
                    if (_state[i] == StateResolved)
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        /// <summary>Copies the MAC for <paramref name="ip"/> when resolved; false otherwise.</summary>
        public bool TryGetMac(uint ip, byte[] mac, int offset)
        {
            int i = Find(ip);
            if (i < 0 || _state[i] != StateResolved)
            {
                return false;
            }
            System.Array.Copy(_mac, i * 6, mac, offset, 6);
            return true;
        }

        /// <summary>Forgets every entry and parked frame (the address changed).</summary>
        public void Clear()
        {
            for (int i = 0; i < _ip.Length; i++)
            {
                Free(i);
            }
        }

        /// <summary>
        /// Handles a received ARP packet (<paramref name="length"/> bytes at <paramref name="offset"/>, after the
        /// Ethernet header) following RFC 826's merge algorithm.
        /// </summary>
        public void Input(byte[] b, int offset, int length, long nowMs)
        {
            if (!ArpPacket.Check(b, offset, length) || (b[offset + ArpPacket.SenderMacOffset] & 1) != 0)
            {
                // A group sender address is never a station's (IEEE 802): refusing it keeps broadcast out of the cache.
                _counters.Malformed++;
                return;
            }
            int operation = ArpPacket.GetOperation(b, offset);
            if (operation == ArpPacket.OperationRequest)
            {
                _counters.RequestsIn++;
            }
            else
            {
                _counters.RepliesIn++;
            }
            uint senderIp = ArpPacket.GetSenderIp(b, offset);
            uint targetIp = ArpPacket.GetTargetIp(b, offset);
            uint ours = _interface.Address;
            int senderMacOffset = offset + ArpPacket.SenderMacOffset;
            if (_watched != 0 && !EthernetFrame.MacEquals(b, senderMacOffset, _interface.Mac, 0)
                && (senderIp == _watched || (senderIp == 0 && targetIp == _watched && operation == ArpPacket.OperationRequest)))
            {
                // RFC 5227 §2.1.1: during probing, any ARP whose sender is the address, or another host's probe for it, is a conflict.
                _watchConflicts++;
                _counters.ProbeConflicts++;
            }
            if (ours != 0 && senderIp == ours)
            {
                // RFC 5227 §2.4: someone else uses our address. Counted for the application to act on.
                if (!EthernetFrame.MacEquals(b, senderMacOffset, _interface.Mac, 0))
                {
                    _counters.Conflicts++;
                }
                return;
            }
            if (senderIp == 0)
            {
                // An RFC 5227 probe: nothing to learn; if it probes for our address, the reply below defends it.
                if (ours != 0 && targetIp == ours && operation == ArpPacket.OperationRequest)
                {
                    SendArp(ArpPacket.OperationReply, b, senderMacOffset, 0, b, senderMacOffset);
                    _counters.RepliesOut++;
                }
                return;
            }
            // RFC 826: update the sender's entry if we have one (this is how gratuitous ARP from others lands).
            bool merged = false;
            int i = Find(senderIp);
            if (i >= 0)
            {
                Resolve(i, b, senderMacOffset, nowMs);
                merged = true;
            }
            if (ours == 0 || targetIp != ours)
            {
                return;
            }
            if (!merged)
            {
                // RFC 826: the asker will talk to us next; learn it now.
                i = Allocate(senderIp);
                if (i >= 0)
                {
                    Resolve(i, b, senderMacOffset, nowMs);
                }
            }
            if (operation == ArpPacket.OperationRequest)
            {
                SendArp(ArpPacket.OperationReply, b, senderMacOffset, senderIp, b, senderMacOffset);
                _counters.RepliesOut++;
            }
        }

        /// <summary>
        /// Announces our address (RFC 5227 §2.3 / RFC 826 gratuitous ARP): a broadcast request whose sender and
        /// target are both our address, so neighbours update their caches.
        /// </summary>
        public void AnnounceGratuitous()
        {
            uint ours = _interface.Address;
            if (ours == 0)
            {
                return;
            }
            SendArp(ArpPacket.OperationRequest, _frame, BroadcastMacAt, ours, null, 0);
            _counters.RequestsOut++;
            _counters.GratuitousOut++;
        }

        /// <summary>
        /// Sends an RFC 5227 §2.1.1 probe for <paramref name="target"/>: a broadcast request with sender IP 0.0.0.0 (so no
        /// neighbour learns a binding from it), whatever our own address is. Watch the answers with <see cref="Watch"/>.
        /// </summary>
        public void SendProbe(uint target)
        {
            SendArp(ArpPacket.OperationRequest, _frame, BroadcastMacAt, 0, target, null, 0);
            _counters.RequestsOut++;
            _counters.ProbesOut++;
        }

        /// <summary>
        /// Sends an RFC 5227 §2.3 announcement for <paramref name="address"/> (sender and target both the address),
        /// also before the interface uses it.
        /// </summary>
        public void SendAnnouncement(uint address)
        {
            SendArp(ArpPacket.OperationRequest, _frame, BroadcastMacAt, address, address, null, 0);
            _counters.RequestsOut++;
            _counters.GratuitousOut++;
        }

        /// <summary>
        /// Watches <paramref name="address"/> (0 stops) for conflicts while it is probed: an ARP packet from another MAC
        /// whose sender is the address, or another host's probe for it, adds one to <see cref="WatchConflicts"/>.
        /// </summary>
        public void Watch(uint address)
        {
            _watched = address;
            _watchConflicts = 0;
        }

        /// <summary>The address being watched (0 for none).</summary>
        public uint Watched { get { return _watched; } }

        /// <summary>Conflicts seen for the watched address since <see cref="Watch"/>.</summary>
        public int WatchConflicts { get { return _watchConflicts; } }

        /// <summary>
        /// Sends a frame whose IPv4 packet is already at offset 14 of <paramref name="frame"/> to
        /// <paramref name="nextHop"/> (0xFFFFFFFF: Ethernet broadcast). Writes the Ethernet header. When the next hop
        /// is not resolved yet, parks a copy, sends a request and returns false.
        /// </summary>
        public bool SendIpv4(uint nextHop, byte[] frame, int frameLength, long nowMs)
        {
            if (nextHop == 0xFFFFFFFF)
            {
                EthernetFrame.EmitHeader(frame, 0, _frame, BroadcastMacAt, _interface.Mac, EthernetFrame.TypeIpv4);
                return Transmit(frame, frameLength);
            }
            if (NetInterface.IsMulticast(nextHop))
            {
                // RFC 1112 §6.4: a group's MAC is computed, never resolved.
                MulticastGroups.WriteMac(nextHop, _frame, MulticastMacAt);
                EthernetFrame.EmitHeader(frame, 0, _frame, MulticastMacAt, _interface.Mac, EthernetFrame.TypeIpv4);
                return Transmit(frame, frameLength);
            }
            int i = Find(nextHop);
            if (i >= 0 && _state[i] == StateResolved)
            {
                if (_requestsSent[i] == 0 && nowMs >= _deadlineMs[i] - _config.ArpRefreshBeforeExpiryMs)
                {
                    // Refresh before expiry with a unicast request (RFC 1122 §2.3.2.1) so traffic never stalls on a re-resolve.
                    _requestsSent[i] = 1;
                    SendArp(ArpPacket.OperationRequest, _mac, i * 6, nextHop, null, 0);
                    _counters.RequestsOut++;
                }
                EthernetFrame.EmitHeader(frame, 0, _mac, i * 6, _interface.Mac, EthernetFrame.TypeIpv4);
                return Transmit(frame, frameLength);
            }
            if (i < 0)
            {
                i = Allocate(nextHop);
                if (i < 0)
                {
                    _counters.ParkedDropped++;
                    return false;
                }
                _state[i] = StateIncomplete;
                _requestsSent[i] = 1;
                _deadlineMs[i] = nowMs + _config.ArpRetryIntervalMs;
                SendArp(ArpPacket.OperationRequest, _frame, BroadcastMacAt, nextHop, null, 0);
                _counters.RequestsOut++;
            }
            int pendingBytes = _config.ArpPendingFrameBytes;
            if (frameLength > pendingBytes)
            {
                _counters.ParkedDropped++;
                return false;
            }
            if (_parked[i * 2] > 0)
            {
                // One parked frame per entry (RFC 1122 §2.3.2.2 allows keeping just the latest).
                _counters.ParkedDropped++;
            }
            else
            {
                int slot = ClaimParking();
                if (slot < 0)
                {
                    // Every parking slot holds another address's frame: this one is dropped (its request went out).
                    _counters.ParkedDropped++;
                    return false;
                }
                _parked[i * 2 + 1] = slot;
            }
            // The destination is written when the reply comes; source and type now.
            EthernetFrame.EmitHeader(frame, 0, _frame, BroadcastMacAt, _interface.Mac, EthernetFrame.TypeIpv4);
            System.Array.Copy(frame, 0, _pending, _parked[i * 2 + 1] * pendingBytes, frameLength);
            _parked[i * 2] = frameLength;
            _counters.Parked++;
            return false;
        }

        /// <summary>Retries requests, gives up on silent addresses, ages resolved entries.</summary>
        public void Poll(long nowMs)
        {
            for (int i = 0; i < _ip.Length; i++)
            {
                if (_state[i] == StateIncomplete && nowMs >= _deadlineMs[i])
                {
                    if (_requestsSent[i] >= _config.ArpMaxRequests)
                    {
                        _counters.ResolutionFailures++;
                        if (_parked[i * 2] > 0)
                        {
                            _counters.ParkedDropped++;
                        }
                        Free(i);
                    }
                    else
                    {
                        _requestsSent[i]++;
                        _deadlineMs[i] = nowMs + _config.ArpRetryIntervalMs;
                        SendArp(ArpPacket.OperationRequest, _frame, BroadcastMacAt, _ip[i], null, 0);
                        _counters.RequestsOut++;
                    }
                }
                else if (_state[i] == StateResolved && nowMs >= _deadlineMs[i])
                {
                    _counters.Expired++;
                    Free(i);
                }
            }
        }

        /// <summary>When <see cref="Poll"/> next has work (absolute ms); long.MaxValue for none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long deadline = long.MaxValue;
                for (int i = 0; i < _ip.Length; i++)
                {
                    long t = _state[i] == StateFree ? long.MaxValue : _deadlineMs[i];
                    if (t < deadline)
                    {
                        deadline = t;
                    }
                }
                return deadline;
            }
        }

        /// <summary>The table as text (allocates: for people).</summary>
        public string Describe(long nowMs)
        {
            int used = 0;
            string lines = "";
            for (int i = 0; i < _ip.Length; i++)
            {
                if (_state[i] == StateFree)
                {
                    continue;
                }
                used++;
                string text = "\n  " + Diagnostics.PacketFormatter.FormatIp(_ip[i]) + " ";
                if (_state[i] == StateResolved)
                {
                    text += Diagnostics.PacketFormatter.FormatMac(_mac, i * 6) + " expires in " + (_deadlineMs[i] - nowMs).ToString() + " ms";
                }
                else
                {
                    text += "(incomplete) requests " + _requestsSent[i].ToString() + (_parked[i * 2] > 0 ? " 1 parked" : "");
                }
                lines += text;
            }
            return "arp cache (" + used.ToString() + " of " + _ip.Length.ToString() + " entries):" + lines;
        }

        private int Find(uint ip)
        {
            for (int i = 0; i < _ip.Length; i++)
            {
                if (_state[i] != StateFree && _ip[i] == ip)
                {
                    return i;
                }
            }
            return -1;
        }

        // A free entry, else the resolved one closest to expiry; -1 (counted) when all are resolving.
        private int Allocate(uint ip)
        {
            int victim = -1;
            for (int i = 0; i < _ip.Length; i++)
            {
                if (_state[i] == StateFree)
                {
                    victim = i;
                    break;
                }
                if (_state[i] == StateResolved && (victim < 0 || _deadlineMs[i] < _deadlineMs[victim]))
                {
                    victim = i;
                }
            }
            if (victim < 0)
            {
                _counters.CacheFull++;
                return -1;
            }
            Free(victim);
            _ip[victim] = ip;
            _state[victim] = StateIncomplete;
            return victim;
        }

        private void Resolve(int i, byte[] mac, int macOffset, long nowMs)
        {
            System.Array.Copy(mac, macOffset, _mac, i * 6, 6);
            _state[i] = StateResolved;
            _deadlineMs[i] = nowMs + _config.ArpEntryLifetimeMs;
            _requestsSent[i] = 0;
            int length = _parked[i * 2];
            if (length > 0)
            {
                // The slot is free again as soon as the length is 0 (ClaimParking looks for it among the entries).
                _parked[i * 2] = 0;
                int at = _parked[i * 2 + 1] * _config.ArpPendingFrameBytes;
                System.Array.Copy(_mac, i * 6, _pending, at + EthernetFrame.DestinationOffset, 6);
                if (_device.TrySend(_pending, at, length))
                {
                    _ethernet.FramesOut++;
                    _ethernet.BytesOut += length;
                    _counters.ParkedSent++;
                }
                else
                {
                    _ethernet.TransmitFailures++;
                    _counters.ParkedDropped++;
                }
            }
        }

        // A parking slot no entry's parked frame is in; -1 when all are taken.
        private int ClaimParking()
        {
            for (int slot = 0; slot < _parkingSlots; slot++)
            {
                bool used = false;
                for (int i = 0; i < _ip.Length && !used; i++)
                {
                    used = _parked[i * 2] > 0 && _parked[i * 2 + 1] == slot;
                }
                if (!used)
                {
                    return slot;
                }
            }
            return -1;
        }

        private void Free(int i)
        {
            _state[i] = StateFree;
            _parked[i * 2] = 0;
            _requestsSent[i] = 0;
        }

        private bool Transmit(byte[] frame, int length)
        {
            if (_device.TrySend(frame, 0, length))
            {
                _ethernet.FramesOut++;
                _ethernet.BytesOut += length;
                return true;
            }
            _ethernet.TransmitFailures++;
            return false;
        }

        // targetMac null = unknown (zeros) in the ARP body; the Ethernet destination is destinationMac.
        private void SendArp(int operation, byte[] destinationMac, int destinationOffset, uint targetIp, byte[] targetMac, int targetMacOffset)
        {
            SendArp(operation, destinationMac, destinationOffset, _interface.Address, targetIp, targetMac, targetMacOffset);
        }

        private void SendArp(int operation, byte[] destinationMac, int destinationOffset, uint senderIp, uint targetIp, byte[] targetMac, int targetMacOffset)
        {
            EthernetFrame.EmitHeader(_frame, 0, destinationMac, destinationOffset, _interface.Mac, EthernetFrame.TypeArp);
            ArpPacket.Emit(_frame, EthernetFrame.HeaderLength, operation, _interface.Mac, senderIp, targetMac, targetMacOffset, targetIp);
            Transmit(_frame, ArpFrameLength);
        }
    }
}
