using Firmware.Net.Diagnostics;
using Firmware.Net.Link;
using Firmware.Net.Wire;

namespace Firmware.Net.Network
{
    /// <summary>
    /// IGMPv2 for a host (RFC 2236 §3, §6): a report when a group is joined (repeated after the unsolicited report
    /// interval), a report at a random time within a query's Max Response Time for each group it asks about (cancelled
    /// when another host reports the group first), and a Leave to all-routers when the last user of a group leaves.
    /// Never about 224.0.0.1 (RFC 2236 §6: all-systems is never reported). Messages go out with TTL 1 and the Router
    /// Alert option (RFC 2236 §2, RFC 2113) in a frame of its own; nothing is allocated after construction.
    /// </summary>
    public sealed class IgmpLayer
    {
        private const int HeaderWithRouterAlert = 24;
        private const int NoTimer = 0;

        private readonly NetInterface _interface;
        private readonly ArpCache _arp;
        private readonly IgmpCounters _counters;
        private readonly IRandomSource _random;
        private readonly byte[] _frame = new byte[EthernetFrame.HeaderLength + HeaderWithRouterAlert + IgmpMessage.Length];
        private readonly long[] _reportDueMs;
        private readonly int[] _reportsLeft;
        private readonly int _unsolicitedReports;
        private readonly int _unsolicitedIntervalMs;
        private int _identification;

        /// <summary>IGMP over the interface's groups; reports go out through <paramref name="arp"/> (a group's MAC needs no resolving).</summary>
        public IgmpLayer(StackConfig config, NetInterface netInterface, ArpCache arp, IgmpCounters counters, IRandomSource random)
        {
            _interface = netInterface;
            _arp = arp;
            _counters = counters;
            _random = random;
            int capacity = netInterface.Groups.Capacity;
            _reportDueMs = new long[capacity];
            _reportsLeft = new int[capacity];
            _unsolicitedReports = config.IgmpUnsolicitedReports < 1 ? 1 : config.IgmpUnsolicitedReports;
            _unsolicitedIntervalMs = config.IgmpUnsolicitedReportIntervalMs;
        }

        /// <summary>The counters.</summary>
        public IgmpCounters Counters { get { return _counters; } }

        /// <summary>
        /// One more user of <paramref name="group"/>; a first join reports it at once and again later (RFC 2236 §3). False
        /// when the table is full or it is not a group address (counted).
        /// </summary>
        public bool Join(uint group, long nowMs)
        {
            int slot = _interface.Groups.Join(group);
            if (slot == -2)
            {
                _counters.TableFull++;
                return false;
            }
            if (slot >= 0)
            {
                _counters.Joins++;
                _reportsLeft[slot] = _unsolicitedReports;
                _reportDueMs[slot] = nowMs;
                Poll(nowMs);
            }
            return true;
        }

        /// <summary>One user less of <paramref name="group"/>; the last one sends a Leave Group to 224.0.0.2 (RFC 2236 §3). False when not joined.</summary>
        public bool Leave(uint group, long nowMs)
        {
            if (_interface.Groups.IndexOf(group) < 0)
            {
                return false;
            }
            int slot = _interface.Groups.Leave(group);
            if (slot >= 0)
            {
                _counters.Leaves++;
                _reportDueMs[slot] = NoTimer;
                _reportsLeft[slot] = 0;
                _interface.Groups.Free(slot);
                if (Send(IgmpMessage.TypeLeave, group, MulticastGroups.AllRouters))
                {
                    _counters.LeavesOut++;
                }
            }
            return true;
        }

        /// <summary>An IGMP message for us (to all-systems or a joined group), <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
        public void Input(uint source, uint destination, byte[] b, int offset, int length, long nowMs)
        {
            if (!IgmpMessage.Check(b, offset, length))
            {
                _counters.Malformed++;
                return;
            }
            int type = IgmpMessage.GetType(b, offset);
            uint group = IgmpMessage.GetGroup(b, offset);
            MulticastGroups groups = _interface.Groups;
            if (type == IgmpMessage.TypeQuery)
            {
                _counters.QueriesIn++;
                // RFC 2236 §2.2: 0 is an IGMPv1 query, whose hosts answer within 10 s; IGMPv3's longer queries read the same (RFC 3376 §7.2.1).
                int tenths = IgmpMessage.GetMaxResponseTenths(b, offset);
                long maxDelayMs = tenths == 0 ? 10000 : tenths * 100L;
                for (int slot = 0; slot < groups.Capacity; slot++)
                {
                    uint member = groups.GetGroup(slot);
                    if (member == 0 || (group != 0 && group != member))
                    {
                        continue;
                    }
                    // RFC 2236 §3: a random delay in (0, Max Response Time]; a timer already sooner is kept.
                    long due = nowMs + 1 + (long)(_random.NextUInt32() % (uint)maxDelayMs);
                    if (_reportDueMs[slot] == NoTimer || _reportDueMs[slot] > due)
                    {
                        _reportDueMs[slot] = due;
                    }
                    if (_reportsLeft[slot] < 1)
                    {
                        _reportsLeft[slot] = 1;
                    }
                }
                return;
            }
            if (type == IgmpMessage.TypeV1Report || type == IgmpMessage.TypeV2Report)
            {
                _counters.ReportsIn++;
                int slot = groups.IndexOf(group);
                if (slot >= 0 && _reportDueMs[slot] != NoTimer && source != _interface.Address)
                {
                    // RFC 2236 §3: another member answered; one report per group is all a router needs.
                    _reportDueMs[slot] = NoTimer;
                    _reportsLeft[slot] = 0;
                    _counters.ReportsSuppressed++;
                }
                return;
            }
            if (type == IgmpMessage.TypeLeave || type == IgmpMessage.TypeV3Report)
            {
                // For routers; nothing for a host to do.
                return;
            }
            _counters.Malformed++;
        }

        /// <summary>Sends the reports that are due.</summary>
        public void Poll(long nowMs)
        {
            MulticastGroups groups = _interface.Groups;
            for (int slot = 0; slot < _reportDueMs.Length; slot++)
            {
                if (_reportDueMs[slot] == NoTimer || _reportDueMs[slot] > nowMs)
                {
                    continue;
                }
                uint group = groups.GetGroup(slot);
                _reportsLeft[slot]--;
                _reportDueMs[slot] = group != 0 && _reportsLeft[slot] > 0 ? nowMs + _unsolicitedIntervalMs : NoTimer;
                if (group != 0 && Send(IgmpMessage.TypeV2Report, group, group))
                {
                    _counters.ReportsOut++;
                }
            }
        }

        /// <summary>When the next report is due (absolute ms); long.MaxValue for none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = long.MaxValue;
                for (int slot = 0; slot < _reportDueMs.Length; slot++)
                {
                    if (_reportDueMs[slot] != NoTimer && _reportDueMs[slot] < next)
                    {
                        next = _reportDueMs[slot];
                    }
                }
                return next;
            }
        }

        // RFC 2236 §2: TTL 1 and the Router Alert option; a host without an address stays quiet (it has no source to give).
        private bool Send(int type, uint group, uint destination)
        {
            uint source = _interface.Address;
            if (source == 0)
            {
                return false;
            }
            int ip = EthernetFrame.HeaderLength;
            byte[] f = _frame;
            f[ip] = 0x46;
            f[ip + 1] = 0xC0;  // precedence: internetwork control, as routing protocols' messages carry
            BigEndian.WriteUInt16(f, ip + 2, HeaderWithRouterAlert + IgmpMessage.Length);
            BigEndian.WriteUInt16(f, ip + 4, _identification);
            _identification = (_identification + 1) & 0xFFFF;
            BigEndian.WriteUInt16(f, ip + 6, Ipv4Header.FlagDontFragment);
            f[ip + 8] = 1;
            f[ip + 9] = IgmpMessage.Protocol;
            f[ip + 10] = 0;
            f[ip + 11] = 0;
            BigEndian.WriteUInt32(f, ip + 12, source);
            BigEndian.WriteUInt32(f, ip + 16, destination);
            // RFC 2113 §2.1: Router Alert, copied, option 20, length 4, value 0 ("examine this packet").
            f[ip + 20] = 0x94;
            f[ip + 21] = 4;
            f[ip + 22] = 0;
            f[ip + 23] = 0;
            BigEndian.WriteUInt16(f, ip + 10, Checksum.Compute(f, ip, HeaderWithRouterAlert));
            IgmpMessage.Emit(f, ip + HeaderWithRouterAlert, type, 0, group);
            return _arp.SendIpv4(destination, f, f.Length, 0);
        }
    }
}
