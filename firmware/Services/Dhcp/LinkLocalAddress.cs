using Firmware.Net;

namespace Firmware.Services.Dhcp
{
    /// <summary>
    /// An IPv4 link-local address (RFC 3927) for while no DHCP server answers: a candidate in 169.254.1.0–169.254.254.255
    /// (the first one derived from the MAC, so a device tends to get the same address each time, §2.1), probed with ARP
    /// (§2.2.1), taken into use and announced twice (§2.4), and defended: a conflict more than DEFEND_INTERVAL after the
    /// last one is answered with an announcement, a second one within it gives the address up for a new candidate (§2.5).
    /// After MAX_CONFLICTS candidates in a row, new attempts are rate-limited to one a minute (§2.2.1).
    /// </summary>
    public sealed class LinkLocalAddress
    {
        /// <summary>The link-local prefix length (169.254.0.0/16).</summary>
        public const int PrefixLength = 16;

        private const uint FirstAddress = 0xA9FE0100;   // 169.254.1.0
        private const uint AddressCount = 0xFE00;       // through 169.254.254.255 (§2.1)
        private const int MaxConflicts = 10;            // §9 MAX_CONFLICTS
        private const int RateLimitIntervalMs = 60000;  // §9 RATE_LIMIT_INTERVAL

        private const int StateOff = 0;
        private const int StateWaiting = 1;
        private const int StateProbing = 2;
        private const int StateInUse = 3;

        private readonly NetworkStack _stack;
        private readonly IRandomSource _random;
        private readonly DhcpConfig _config;
        private readonly DhcpCounters _counters;
        private readonly AddressProbe _probe;
        // The scalar state, in one int array and one long array rather than a field each (on nanoCLR every field is a heap
        // block of its own): the private properties below keep the names the fields had.
        private readonly int[] _intFields = new int[6];
        private readonly long[] _longFields = new long[3];
        private int _state { get { return _intFields[0]; } set { _intFields[0] = value; } }
        private uint _candidate { get { return (uint)_intFields[1]; } set { _intFields[1] = (int)value; } }
        private int _conflictsInARow { get { return _intFields[2]; } set { _intFields[2] = value; } }
        private long _nextMs { get { return _longFields[0]; } set { _longFields[0] = value; } }
        private int _announcementsLeft { get { return _intFields[3]; } set { _intFields[3] = value; } }
        private long _nextAnnouncementMs { get { return _longFields[1]; } set { _longFields[1] = value; } }
        private int _arpConflictsSeen { get { return _intFields[4]; } set { _intFields[4] = value; } }
        private long _lastDefendMs { get { return _longFields[2]; } set { _longFields[2] = value; } }
        private bool _defended { get { return _intFields[5] != 0; } set { _intFields[5] = value ? 1 : 0; } }

        /// <summary>A link-local configurator for <paramref name="stack"/>, probing with <paramref name="probe"/> (shared with the DHCP client).</summary>
        public LinkLocalAddress(NetworkStack stack, IRandomSource random, DhcpConfig config, DhcpCounters counters, AddressProbe probe)
        {
            _stack = stack;
            _random = random;
            _config = config;
            _counters = counters;
            _probe = probe;
            byte[] mac = stack.Interface.Mac;
            // §2.1: a pseudo-random first candidate from the MAC, the same on every start.
            uint seed = 2166136261;
            for (int i = 0; i < 6; i++)
            {
                seed = (seed ^ mac[i]) * 16777619;
            }
            _candidate = FirstAddress + seed % AddressCount;
        }

        /// <summary>True while looking for or holding an address.</summary>
        public bool IsActive { get { return _state != StateOff; } }

        /// <summary>True while the interface has the link-local address.</summary>
        public bool IsInUse { get { return _state == StateInUse; } }

        /// <summary>True while probing a candidate (the ARP watch is this one's).</summary>
        public bool IsProbing { get { return _state == StateProbing; } }

        /// <summary>The address in use or being probed (0 when off).</summary>
        public uint Address { get { return _state == StateOff ? 0 : _candidate; } }

        /// <summary>When <see cref="Poll"/> next has work (absolute ms).</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (_state == StateWaiting)
                {
                    return _nextMs;
                }
                if (_state == StateProbing)
                {
                    return _probe.NextDeadlineMs;
                }
                return _state == StateInUse && _announcementsLeft > 0 ? _nextAnnouncementMs : long.MaxValue;
            }
        }

        /// <summary>Starts looking for an address (probing the current candidate at once).</summary>
        public void Start(long nowMs)
        {
            if (_state != StateOff)
            {
                return;
            }
            _conflictsInARow = 0;
            _state = StateProbing;
            _probe.Start(_candidate, nowMs);
        }

        /// <summary>Stops (a lease came): the address, if in use, is left for the caller to replace.</summary>
        public void Stop()
        {
            if (_state == StateProbing)
            {
                _probe.Stop();
            }
            _state = StateOff;
            _announcementsLeft = 0;
        }

        /// <summary>Probes, takes the address into use, announces and defends it.</summary>
        public void Poll(long nowMs)
        {
            if (_state == StateWaiting)
            {
                if (nowMs >= _nextMs)
                {
                    _state = StateProbing;
                    _probe.Start(_candidate, nowMs);
                }
                return;
            }
            if (_state == StateProbing)
            {
                int result = _probe.Poll(nowMs);
                if (result == AddressProbe.Conflict)
                {
                    _counters.LinkLocalConflicts++;
                    NextCandidate(nowMs);
                }
                else if (result == AddressProbe.Clear)
                {
                    Use(nowMs);
                }
                else if (result == AddressProbe.Idle)
                {
                    // The shared prober was taken for a lease's probe and given back: probe this candidate again.
                    _probe.Start(_candidate, nowMs);
                }
                return;
            }
            if (_state != StateInUse)
            {
                return;
            }
            if (_stack.Interface.Address != _candidate)
            {
                // Someone else configured the interface (a lease): this address is no longer ours to announce or defend.
                Stop();
                return;
            }
            if (_announcementsLeft > 0 && nowMs >= _nextAnnouncementMs)
            {
                _stack.Arp.AnnounceGratuitous();
                _announcementsLeft--;
                _nextAnnouncementMs = nowMs + _config.AnnounceIntervalMs;
            }
            int conflicts = _stack.ArpCounters.Conflicts;
            if (conflicts != _arpConflictsSeen)
            {
                _arpConflictsSeen = conflicts;
                if (!_defended || nowMs - _lastDefendMs > _config.DefendIntervalMs)
                {
                    // §2.5 (b): defend once.
                    _defended = true;
                    _lastDefendMs = nowMs;
                    _stack.Arp.AnnounceGratuitous();
                }
                else
                {
                    // A second conflict within DEFEND_INTERVAL: give the address up (its connections are reset) and find another.
                    _counters.LinkLocalConflicts++;
                    _stack.ClearAddress(nowMs);
                    NextCandidate(nowMs);
                }
            }
        }

        private void Use(long nowMs)
        {
            _stack.SetAddress(_candidate, PrefixLength, 0, nowMs);  // announces once
            _counters.LinkLocalAddresses++;
            _state = StateInUse;
            _conflictsInARow = 0;
            _announcementsLeft = 1;  // §2.4: ANNOUNCE_NUM = 2
            _nextAnnouncementMs = nowMs + _config.AnnounceIntervalMs;
            _arpConflictsSeen = _stack.ArpCounters.Conflicts;
            _defended = false;
        }

        private void NextCandidate(long nowMs)
        {
            _conflictsInARow++;
            _candidate = FirstAddress + _random.NextUInt32() % AddressCount;
            _state = StateWaiting;
            _nextMs = _conflictsInARow >= MaxConflicts ? nowMs + RateLimitIntervalMs : nowMs;
        }
    }
}
