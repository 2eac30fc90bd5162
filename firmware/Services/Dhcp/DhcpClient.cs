using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Link;
using Firmware.Net.Transport;
using Firmware.Net.Wire;

namespace Firmware.Services.Dhcp
{
    /// <summary>
    /// The DHCP client (RFC 2131, options RFC 2132): the whole lease life cycle — INIT → SELECTING → REQUESTING → (ARP probe,
    /// RFC 5227) → BOUND → RENEWING at T1 (unicast) → REBINDING at T2 (broadcast) → expiry, INIT-REBOOT with the last
    /// address after a restart or a link down/up — with randomized exponential backoff (4, 8, 16, 32, 64 s ± 1 s), DECLINE
    /// on a conflict, restart on NAK, RELEASE on an orderly shutdown, and a fallback (link-local, RFC 3927, or a static
    /// address) while no server answers; it keeps asking, and a late lease replaces the fallback. Every configuration it
    /// applies passes <see cref="NetInterface.CheckConfiguration"/> first (refused and counted otherwise). One socket on
    /// port 68, one buffer; nothing is allocated after construction, so renewals cost no heap.
    /// </summary>
    public sealed class DhcpClient
    {
        /// <summary>DNS servers kept from option 6.</summary>
        public const int MaxDnsServers = 3;

        /// <summary>NTP servers kept from option 42.</summary>
        public const int MaxNtpServers = 2;

        private const long Infinite = long.MaxValue;
        private const uint InfiniteLease = 0xFFFFFFFF;
        private const int ReleaseLingerMs = 1000;

        private readonly NetworkStack _stack;
        private readonly DhcpConfig _config;
        private readonly IRandomSource _random;
        private readonly DhcpCounters _counters = new DhcpCounters();
        private readonly UdpSocket _socket;
        private readonly byte[] _buffer;
        private readonly byte[] _clientId;
        private readonly byte[] _hostName;
        private readonly AddressProbe _probe;
        private readonly LinkLocalAddress _linkLocal;
        private readonly uint[] _dns = new uint[MaxDnsServers];
        private readonly uint[] _ntp = new uint[MaxNtpServers];
        private static readonly byte[] ParameterList = new byte[]
        {
            DhcpMessage.OptionSubnetMask, DhcpMessage.OptionRouter, DhcpMessage.OptionDnsServers, DhcpMessage.OptionDomainName,
            DhcpMessage.OptionNtpServers, DhcpMessage.OptionLeaseTime, DhcpMessage.OptionRenewalTime, DhcpMessage.OptionRebindingTime
        };

        // The timers, absolute ms, in one array rather than a field each (nanoCLR spends a heap block per field).
        private const int AcquireStartMs = 0;
        private const int NextSendMs = 1;
        private const int FallbackAtMs = 2;
        private const int RequestSentMs = 3;
        private const int T1Ms = 4;
        private const int T2Ms = 5;
        private const int ExpiresMs = 6;
        private const int NextAnnouncementMs = 7;
        private const int LastDefendMs = 8;
        private const int ReleaseDeadlineMs = 9;
        private readonly long[] _times = new long[10];

        // The scalar state, in one int array and one long array rather than a field each (on nanoCLR every field is a heap
        // block of its own): the private properties below keep the names the fields had.
        private readonly int[] _intFields = new int[19];
        private readonly long[] _longFields = new long[1];
        private DhcpState _state { get { return (DhcpState)_intFields[0]; } set { _intFields[0] = (int)value; } }
        private AddressSource _source { get { return (AddressSource)_intFields[1]; } set { _intFields[1] = (int)value; } }
        private uint _xid { get { return (uint)_intFields[2]; } set { _intFields[2] = (int)value; } }
        private int _retransmitMs { get { return _intFields[3]; } set { _intFields[3] = value; } }
        private int _attempts { get { return _intFields[4]; } set { _intFields[4] = value; } }
        private bool _linkWasUp { get { return _intFields[5] != 0; } set { _intFields[5] = value ? 1 : 0; } }
        private bool _fallbackTaken { get { return _intFields[6] != 0; } set { _intFields[6] = value ? 1 : 0; } }

        // The lease (offered, being probed, or in use).
        private uint _offered { get { return (uint)_intFields[7]; } set { _intFields[7] = (int)value; } }
        private uint _serverId { get { return (uint)_intFields[8]; } set { _intFields[8] = (int)value; } }
        private uint _leaseAddress { get { return (uint)_intFields[9]; } set { _intFields[9] = (int)value; } }
        private int _prefixLength { get { return _intFields[10]; } set { _intFields[10] = value; } }
        private uint _router { get { return (uint)_intFields[11]; } set { _intFields[11] = (int)value; } }
        private long _leaseSeconds { get { return _longFields[0]; } set { _longFields[0] = value; } }
        private int _dnsCount { get { return _intFields[12]; } set { _intFields[12] = value; } }
        private int _ntpCount { get { return _intFields[13]; } set { _intFields[13] = value; } }
        private int _version { get { return _intFields[14]; } set { _intFields[14] = value; } }

        // RFC 5227 §2.4 for the leased address: announcements and defence.
        private int _announcementsLeft { get { return _intFields[15]; } set { _intFields[15] = value; } }
        private int _arpConflictsSeen { get { return _intFields[16]; } set { _intFields[16] = value; } }
        private bool _defended { get { return _intFields[17] != 0; } set { _intFields[17] = value ? 1 : 0; } }
        private uint _linkLocalApplied { get { return (uint)_intFields[18]; } set { _intFields[18] = (int)value; } }

        /// <summary>
        /// Opens the client's socket (port 68) on <paramref name="stack"/> and lets the stack take datagrams to port 68
        /// before it has an address. Throws when the socket table is full or the port is taken (a configuration error).
        /// </summary>
        public DhcpClient(NetworkStack stack, DhcpConfig config, IRandomSource random)
            : this(stack, config, random, null)
        {
        }

        /// <summary>
        /// As above, with a message buffer of at least <see cref="DhcpConfig.MaxMessageBytes"/> that the client may share
        /// with others polled from the same loop (the resolver, SNTP): it holds nothing in it between two calls.
        /// </summary>
        public DhcpClient(NetworkStack stack, DhcpConfig config, IRandomSource random, byte[] messageBuffer)
        {
            if (stack == null || config == null || random == null)
            {
                throw new System.ArgumentNullException("stack");
            }
            config.Validate();
            if (messageBuffer != null && messageBuffer.Length < config.MaxMessageBytes)
            {
                throw new System.ArgumentException("dhcp: the message buffer is smaller than DhcpConfig.MaxMessageBytes");
            }
            _stack = stack;
            _config = config;
            _random = random;
            _socket = stack.Udp.Open(config.MaxMessageBytes);
            if (_socket == null || !_socket.Bind(DhcpMessage.ClientPort))
            {
                throw new System.InvalidOperationException("dhcp: no UDP socket for port 68 (StackConfig.UdpSockets)");
            }
            stack.Ipv4.AnyDestinationUdpPort = DhcpMessage.ClientPort;
            _buffer = messageBuffer ?? new byte[config.MaxMessageBytes];
            if (config.ClientId != null)
            {
                _clientId = config.ClientId;
            }
            else
            {
                _clientId = new byte[7];
                _clientId[0] = 1;
                System.Array.Copy(stack.Interface.Mac, 0, _clientId, 1, 6);
            }
            if (config.HostName != null)
            {
                _hostName = new byte[config.HostName.Length];
                for (int i = 0; i < _hostName.Length; i++)
                {
                    _hostName[i] = (byte)config.HostName[i];
                }
            }
            _probe = new AddressProbe(stack, random, config);
            // One prober for both: the lease's probe stops the link-local one (the ARP watch is single).
            _linkLocal = new LinkLocalAddress(stack, random, config, _counters, _probe);
        }

        /// <summary>The counters.</summary>
        public DhcpCounters Counters { get { return _counters; } }

        /// <summary>The configuration.</summary>
        public DhcpConfig Config { get { return _config; } }

        /// <summary>The state.</summary>
        public DhcpState State { get { return _state; } }

        /// <summary>Where the interface's address came from.</summary>
        public AddressSource Source { get { return _source; } }

        /// <summary>The leased address (host order), 0 without a lease.</summary>
        public uint LeaseAddress { get { return _source == AddressSource.Dhcp ? _leaseAddress : 0; } }

        /// <summary>The server that gave the lease (option 54), 0 without one.</summary>
        public uint ServerAddress { get { return _source == AddressSource.Dhcp ? _serverId : 0; } }

        /// <summary>The lease's duration in seconds (0xFFFFFFFF: infinite), 0 without a lease.</summary>
        public long LeaseSeconds { get { return _source == AddressSource.Dhcp ? _leaseSeconds : 0; } }

        /// <summary>When the lease ends (absolute ms; long.MaxValue for an infinite one), 0 without a lease.</summary>
        public long LeaseExpiresMs { get { return _source == AddressSource.Dhcp ? _times[ExpiresMs] : 0; } }

        /// <summary>When the client renews (T1, absolute ms).</summary>
        public long RenewAtMs { get { return _source == AddressSource.Dhcp ? _times[T1Ms] : 0; } }

        /// <summary>When the client rebinds (T2, absolute ms).</summary>
        public long RebindAtMs { get { return _source == AddressSource.Dhcp ? _times[T2Ms] : 0; } }

        /// <summary>DNS servers from the lease (option 6).</summary>
        public int DnsServerCount { get { return _source == AddressSource.Dhcp ? _dnsCount : 0; } }

        /// <summary>DNS server <paramref name="index"/> (host order).</summary>
        public uint GetDnsServer(int index) { return _dns[index]; }

        /// <summary>NTP servers from the lease (option 42).</summary>
        public int NtpServerCount { get { return _source == AddressSource.Dhcp ? _ntpCount : 0; } }

        /// <summary>NTP server <paramref name="index"/> (host order).</summary>
        public uint GetNtpServer(int index) { return _ntp[index]; }

        /// <summary>Goes up by one each time the applied configuration (address, lease options, fallback) changes.</summary>
        public int ConfigurationVersion { get { return _version; } }

        /// <summary>The link-local fallback (its address while probing or in use).</summary>
        public LinkLocalAddress LinkLocal { get { return _linkLocal; } }

        /// <summary>True once a release has finished (the address is given back).</summary>
        public bool IsReleased { get { return _state == DhcpState.Released; } }

        /// <summary>
        /// Starts: INIT-REBOOT when <see cref="DhcpConfig.PreviousAddress"/> is set (asking to keep it), else INIT with a
        /// random delay up to <see cref="DhcpConfig.InitialDelayMaxMs"/>.
        /// </summary>
        public void Start(long nowMs)
        {
            _linkWasUp = _stack.IsLinkUp;
            _times[AcquireStartMs] = nowMs;
            _fallbackTaken = false;
            _times[FallbackAtMs] = nowMs + _config.FallbackAfterMs;
            if (_config.PreviousAddress != 0)
            {
                _leaseAddress = _config.PreviousAddress;
                BeginRebooting(nowMs);
                return;
            }
            _state = DhcpState.Init;
            _times[NextSendMs] = nowMs + RandomMs(0, _config.InitialDelayMaxMs);
        }

        /// <summary>
        /// An orderly shutdown: a bound client sends DHCPRELEASE (RFC 2131 §4.4.6) and drops the address once the release
        /// has gone out (ARP for the server may need a moment: at most a second); any other state just stops. Poll until
        /// <see cref="IsReleased"/>.
        /// </summary>
        public void Release(long nowMs)
        {
            _probe.Stop();
            _linkLocal.Stop();
            bool bound = _source == AddressSource.Dhcp && _stack.Interface.Address == _leaseAddress
                && (_state == DhcpState.Bound || _state == DhcpState.Renewing || _state == DhcpState.Rebinding || _state == DhcpState.Rebooting);
            if (!bound)
            {
                _state = DhcpState.Released;
                return;
            }
            _xid = _random.NextUInt32();
            int at = DhcpMessage.WriteRequestHeader(_buffer, _xid, 0, false, _leaseAddress, _stack.Interface.Mac);
            at = DhcpMessage.PutByte(_buffer, at, DhcpMessage.OptionMessageType, DhcpMessage.Release);
            at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionServerId, _serverId);
            at = DhcpMessage.PutBytes(_buffer, at, DhcpMessage.OptionClientId, _clientId, 0, _clientId.Length);
            int length = DhcpMessage.Finish(_buffer, at);
            _socket.SendTo(_serverId, DhcpMessage.ServerPort, _buffer, 0, length);
            _counters.ReleasesOut++;
            _state = DhcpState.Releasing;
            _times[ReleaseDeadlineMs] = nowMs + ReleaseLingerMs;
        }

        /// <summary>Receives and acts on replies, runs the timers, the probe and the fallback.</summary>
        public void Poll(long nowMs)
        {
            if (_state == DhcpState.Stopped || _state == DhcpState.Released)
            {
                return;
            }
            if (_state == DhcpState.Releasing)
            {
                uint nextHop = _stack.Interface.NextHop(_serverId);
                byte[] unused = _buffer;
                if (nowMs >= _times[ReleaseDeadlineMs] || _stack.Arp.TryGetMac(nextHop, unused, 0))
                {
                    // The release went out (a parked frame leaves with the ARP reply) or never will: give the address up.
                    _stack.ClearAddress(nowMs);
                    _source = AddressSource.None;
                    _version++;
                    _state = DhcpState.Released;
                }
                return;
            }
            Receive(nowMs);
            bool linkUp = _stack.IsLinkUp;
            if (!linkUp)
            {
                _linkWasUp = false;
                return;
            }
            if (!_linkWasUp)
            {
                // RFC 2131 §3.2 / RFC 5227 §2.1: after a link down/up, ask to keep the address we had.
                _linkWasUp = true;
                if (_source == AddressSource.Dhcp && nowMs < _times[ExpiresMs])
                {
                    BeginRebooting(nowMs);
                }
            }
            switch (_state)
            {
                case DhcpState.Init:
                    if (nowMs >= _times[NextSendMs])
                    {
                        BeginSelecting(nowMs);
                    }
                    break;
                case DhcpState.Selecting:
                    if (nowMs >= _times[NextSendMs])
                    {
                        SendDiscover(nowMs);
                        Backoff(nowMs);
                    }
                    break;
                case DhcpState.Requesting:
                case DhcpState.Rebooting:
                    if (nowMs >= _times[NextSendMs])
                    {
                        if (_attempts >= _config.RequestAttempts)
                        {
                            RequestUnanswered(nowMs);
                        }
                        else
                        {
                            SendRequest(nowMs);
                            Backoff(nowMs);
                        }
                    }
                    break;
                case DhcpState.Probing:
                    int result = _probe.Poll(nowMs);
                    if (result == AddressProbe.Conflict)
                    {
                        _counters.AddressConflicts++;
                        Decline(nowMs);
                    }
                    else if (result == AddressProbe.Clear)
                    {
                        Apply(nowMs);
                    }
                    break;
                case DhcpState.Bound:
                    if (nowMs >= _times[T1Ms])
                    {
                        _state = DhcpState.Renewing;
                        _xid = _random.NextUInt32();
                        _attempts = 0;
                        _times[AcquireStartMs] = nowMs;
                        SendRequest(nowMs);
                        RenewBackoff(nowMs, _times[T2Ms]);
                    }
                    break;
                case DhcpState.Renewing:
                    if (nowMs >= _times[T2Ms])
                    {
                        _state = DhcpState.Rebinding;
                        _xid = _random.NextUInt32();
                        SendRequest(nowMs);
                        RenewBackoff(nowMs, _times[ExpiresMs]);
                    }
                    else if (nowMs >= _times[NextSendMs])
                    {
                        SendRequest(nowMs);
                        RenewBackoff(nowMs, _times[T2Ms]);
                    }
                    break;
                case DhcpState.Rebinding:
                    if (nowMs >= _times[ExpiresMs])
                    {
                        Expire(nowMs);
                    }
                    else if (nowMs >= _times[NextSendMs])
                    {
                        SendRequest(nowMs);
                        RenewBackoff(nowMs, _times[ExpiresMs]);
                    }
                    break;
            }
            if (_source == AddressSource.Dhcp && (_state == DhcpState.Bound || _state == DhcpState.Renewing || _state == DhcpState.Rebinding))
            {
                if (nowMs >= _times[ExpiresMs])
                {
                    Expire(nowMs);
                }
                else
                {
                    Defend(nowMs);
                }
            }
            PollFallback(nowMs);
        }

        /// <summary>When <see cref="Poll"/> next has work (absolute ms); a received datagram also needs a poll.</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (_socket.QueuedDatagrams > 0)
                {
                    return 0;
                }
                long next = Infinite;
                switch (_state)
                {
                    case DhcpState.Init:
                    case DhcpState.Selecting:
                    case DhcpState.Requesting:
                    case DhcpState.Rebooting:
                        next = _times[NextSendMs];
                        break;
                    case DhcpState.Probing:
                        next = _probe.NextDeadlineMs;
                        break;
                    case DhcpState.Bound:
                        next = _times[T1Ms];
                        break;
                    case DhcpState.Renewing:
                        next = _times[NextSendMs] < _times[T2Ms] ? _times[NextSendMs] : _times[T2Ms];
                        break;
                    case DhcpState.Rebinding:
                        next = _times[NextSendMs] < _times[ExpiresMs] ? _times[NextSendMs] : _times[ExpiresMs];
                        break;
                    case DhcpState.Releasing:
                        next = _times[ReleaseDeadlineMs];
                        break;
                }
                if (_announcementsLeft > 0 && _times[NextAnnouncementMs] < next)
                {
                    next = _times[NextAnnouncementMs];
                }
                if (!_fallbackTaken && _config.Fallback != DhcpFallback.None && _source != AddressSource.Dhcp && _times[FallbackAtMs] < next)
                {
                    next = _times[FallbackAtMs];
                }
                long linkLocal = _linkLocal.NextDeadlineMs;
                return linkLocal < next ? linkLocal : next;
            }
        }

        /// <summary>The client's state as one line (allocates: for people).</summary>
        public string Describe(long nowMs)
        {
            string text = "dhcp " + StateName(_state) + ", address " + SourceName(_source);
            if (_source == AddressSource.Dhcp)
            {
                text += " " + PacketFormatter.FormatIp(_leaseAddress) + "/" + _prefixLength.ToString() + " from " + PacketFormatter.FormatIp(_serverId)
                    + (_leaseSeconds == InfiniteLease ? ", infinite lease" : ", lease " + _leaseSeconds.ToString() + " s, renew in "
                    + ((_times[T1Ms] - nowMs) / 1000).ToString() + " s, expires in " + ((_times[ExpiresMs] - nowMs) / 1000).ToString() + " s");
                if (_router != 0)
                {
                    text += ", router " + PacketFormatter.FormatIp(_router);
                }
                for (int i = 0; i < _dnsCount; i++)
                {
                    text += (i == 0 ? ", dns " : " ") + PacketFormatter.FormatIp(_dns[i]);
                }
                for (int i = 0; i < _ntpCount; i++)
                {
                    text += (i == 0 ? ", ntp " : " ") + PacketFormatter.FormatIp(_ntp[i]);
                }
            }
            else if (_source != AddressSource.None)
            {
                text += " " + PacketFormatter.FormatIp(_stack.Interface.Address) + "/" + _stack.Interface.PrefixLength.ToString();
            }
            return text;
        }

        /// <summary>A state's name (Enum.ToString gives a number on the device).</summary>
        public static string StateName(DhcpState state)
        {
            switch (state)
            {
                case DhcpState.Init: return "init";
                case DhcpState.Selecting: return "selecting";
                case DhcpState.Requesting: return "requesting";
                case DhcpState.Probing: return "probing";
                case DhcpState.Bound: return "bound";
                case DhcpState.Renewing: return "renewing";
                case DhcpState.Rebinding: return "rebinding";
                case DhcpState.Rebooting: return "init-reboot";
                case DhcpState.Releasing: return "releasing";
                case DhcpState.Released: return "released";
                default: return "stopped";
            }
        }

        /// <summary>An address source's name.</summary>
        public static string SourceName(AddressSource source)
        {
            switch (source)
            {
                case AddressSource.Dhcp: return "dhcp";
                case AddressSource.LinkLocal: return "link-local";
                case AddressSource.Static: return "static";
                default: return "none";
            }
        }

        // ------------------------------------------------------------------ sending

        private void BeginSelecting(long nowMs)
        {
            _state = DhcpState.Selecting;
            _xid = _random.NextUInt32();
            _times[AcquireStartMs] = nowMs;
            _retransmitMs = _config.FirstRetransmitMs;
            SendDiscover(nowMs);
            Backoff(nowMs);
        }

        private void BeginRebooting(long nowMs)
        {
            _state = DhcpState.Rebooting;
            _xid = _random.NextUInt32();
            _attempts = 0;
            _retransmitMs = _config.FirstRetransmitMs;
            _times[NextSendMs] = nowMs;
        }

        private int BeginMessage(int type, uint ciaddr, long nowMs)
        {
            long secs = (nowMs - _times[AcquireStartMs]) / 1000;
            int at = DhcpMessage.WriteRequestHeader(_buffer, _xid, secs < 0 ? 0 : (int)(secs > 0xFFFF ? 0xFFFF : secs), false, ciaddr, _stack.Interface.Mac);
            at = DhcpMessage.PutByte(_buffer, at, DhcpMessage.OptionMessageType, type);
            at = DhcpMessage.PutBytes(_buffer, at, DhcpMessage.OptionClientId, _clientId, 0, _clientId.Length);
            return at;
        }

        private int PutRequestOptions(int at)
        {
            at = DhcpMessage.PutUInt16(_buffer, at, DhcpMessage.OptionMaxMessageSize, _config.MaxMessageBytes);
            at = DhcpMessage.PutBytes(_buffer, at, DhcpMessage.OptionParameterList, ParameterList, 0, ParameterList.Length);
            if (_hostName != null)
            {
                at = DhcpMessage.PutBytes(_buffer, at, DhcpMessage.OptionHostName, _hostName, 0, _hostName.Length);
            }
            return at;
        }

        private void SendDiscover(long nowMs)
        {
            int at = BeginMessage(DhcpMessage.Discover, 0, nowMs);
            at = PutRequestOptions(at);
            int length = DhcpMessage.Finish(_buffer, at);
            _socket.SendFromUnspecified(0xFFFFFFFF, DhcpMessage.ServerPort, _buffer, 0, length);
            _counters.DiscoversOut++;
        }

        // RFC 2131 §4.3.2 / Table 5: what each state's DHCPREQUEST carries and where it goes.
        private void SendRequest(long nowMs)
        {
            bool fromLease = _state == DhcpState.Renewing || _state == DhcpState.Rebinding;
            int at = BeginMessage(DhcpMessage.Request, fromLease ? _leaseAddress : 0, nowMs);
            if (_state == DhcpState.Requesting)
            {
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionRequestedAddress, _offered);
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionServerId, _serverId);
            }
            else if (_state == DhcpState.Rebooting)
            {
                at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionRequestedAddress, _leaseAddress);
            }
            at = PutRequestOptions(at);
            int length = DhcpMessage.Finish(_buffer, at);
            if (_state == DhcpState.Renewing)
            {
                _socket.SendTo(_serverId, DhcpMessage.ServerPort, _buffer, 0, length);
            }
            else if (_state == DhcpState.Rebinding)
            {
                _socket.SendTo(0xFFFFFFFF, DhcpMessage.ServerPort, _buffer, 0, length);
            }
            else
            {
                _socket.SendFromUnspecified(0xFFFFFFFF, DhcpMessage.ServerPort, _buffer, 0, length);
            }
            if (_state == DhcpState.Requesting || _state == DhcpState.Rebooting)
            {
                _attempts++;
            }
            _times[RequestSentMs] = nowMs;
            _counters.RequestsOut++;
        }

        private void Decline(long nowMs)
        {
            int at = BeginMessage(DhcpMessage.Decline, 0, nowMs);
            at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionRequestedAddress, _offered);
            at = DhcpMessage.PutUInt32(_buffer, at, DhcpMessage.OptionServerId, _serverId);
            int length = DhcpMessage.Finish(_buffer, at);
            _socket.SendFromUnspecified(0xFFFFFFFF, DhcpMessage.ServerPort, _buffer, 0, length);
            _counters.DeclinesOut++;
            // RFC 2131 §3.1.5: wait at least ten seconds before starting over.
            Restart(nowMs, _config.DeclineWaitMs);
        }

        // RFC 2131 §4.1: 4 s, doubling to 64 s, each randomized by ±1 s.
        private void Backoff(long nowMs)
        {
            int jitter = _config.RetransmitJitterMs;
            _times[NextSendMs] = nowMs + _retransmitMs + RandomMs(0, 2 * jitter) - jitter;
            _retransmitMs = _retransmitMs * 2 > _config.MaxRetransmitMs ? _config.MaxRetransmitMs : _retransmitMs * 2;
        }

        // RFC 2131 §4.4.5: half the time left until the next deadline, but not below the minimum.
        private void RenewBackoff(long nowMs, long untilMs)
        {
            long wait = untilMs == Infinite ? _config.MinRenewRetransmitMs : (untilMs - nowMs) / 2;
            if (wait < _config.MinRenewRetransmitMs)
            {
                wait = _config.MinRenewRetransmitMs;
            }
            _times[NextSendMs] = nowMs + wait;
        }

        private long RandomMs(int minMs, int maxMs)
        {
            return maxMs <= minMs ? minMs : minMs + (long)(_random.NextUInt32() % (uint)(maxMs - minMs + 1));
        }

        // ------------------------------------------------------------------ receiving

        private void Receive(long nowMs)
        {
            int next;
            while ((next = _socket.NextDatagramLength) >= 0)
            {
                uint source;
                int sourcePort;
                if (next > _config.MaxMessageBytes)
                {
                    // Longer than we asked for (option 57): read and dropped, counted as ours.
                    _socket.TryReceiveFrom(_buffer, 0, 0, out source, out sourcePort);
                    _counters.TooLong++;
                    continue;
                }
                int length = _socket.TryReceiveFrom(_buffer, 0, _config.MaxMessageBytes, out source, out sourcePort);
                if (length < 0)
                {
                    continue;
                }
                Handle(length, sourcePort, nowMs);
            }
        }

        private void Handle(int length, int sourcePort, long nowMs)
        {
            if (!DhcpMessage.CheckReply(_buffer, length))
            {
                _counters.Malformed++;
                return;
            }
            if (sourcePort != DhcpMessage.ServerPort || BigEndian.ReadUInt32(_buffer, DhcpMessage.XidOffset) != _xid
                || !EthernetFrame.MacEquals(_buffer, DhcpMessage.ChaddrOffset, _stack.Interface.Mac, 0))
            {
                _counters.Foreign++;
                return;
            }
            int type = DhcpMessage.GetMessageType(_buffer, length);
            uint serverId = DhcpMessage.GetAddressOption(_buffer, length, DhcpMessage.OptionServerId);
            if (type == DhcpMessage.Offer)
            {
                if (_state != DhcpState.Selecting)
                {
                    _counters.Unexpected++;
                    return;
                }
                uint yiaddr = BigEndian.ReadUInt32(_buffer, DhcpMessage.YiaddrOffset);
                if (yiaddr == 0 || serverId == 0)
                {
                    // RFC 2131 §4.3.1: an offer names an address and its server.
                    _counters.Malformed++;
                    return;
                }
                _counters.OffersIn++;
                _offered = yiaddr;
                _serverId = serverId;
                _state = DhcpState.Requesting;
                _attempts = 0;
                _retransmitMs = _config.FirstRetransmitMs;
                SendRequest(nowMs);
                Backoff(nowMs);
                return;
            }
            bool waitingForAck = _state == DhcpState.Requesting || _state == DhcpState.Rebooting
                || _state == DhcpState.Renewing || _state == DhcpState.Rebinding;
            if ((type != DhcpMessage.Ack && type != DhcpMessage.Nak) || !waitingForAck
                || (_state == DhcpState.Requesting && serverId != 0 && serverId != _serverId))
            {
                // A type we never take (a stray DISCOVER, INFORM), a type this state does not expect, or another server's
                // answer to a request meant for the one we chose.
                if (type == 0)
                {
                    _counters.Malformed++;
                }
                else
                {
                    _counters.Unexpected++;
                }
                return;
            }
            if (type == DhcpMessage.Nak)
            {
                _counters.NaksIn++;
                // RFC 2131 §3.1.4 / §4.4.5: the address is no good any more (a moved client, a restarted server): start over.
                if (_source == AddressSource.Dhcp)
                {
                    DropLease(nowMs);
                }
                Restart(nowMs, 0);
                return;
            }
            _counters.AcksIn++;
            Ack(length, serverId, nowMs);
        }

        private void Ack(int length, uint serverId, long nowMs)
        {
            uint address = BigEndian.ReadUInt32(_buffer, DhcpMessage.YiaddrOffset);
            long lease = DhcpMessage.GetUInt32Option(_buffer, length, DhcpMessage.OptionLeaseTime, -1);
            uint mask = DhcpMessage.GetAddressOption(_buffer, length, DhcpMessage.OptionSubnetMask);
            int prefix = mask == 0 ? DefaultPrefix(address) : PrefixOf(mask);
            uint router = DhcpMessage.GetAddressOption(_buffer, length, DhcpMessage.OptionRouter);
            bool sameAddress = _source == AddressSource.Dhcp && address == _leaseAddress && _stack.Interface.Address == address;
            bool renewal = sameAddress && prefix == _prefixLength && router == _router;
            if (address == 0 || lease <= 0 || prefix < 0
                || (!renewal && NetInterface.CheckConfiguration(address, prefix, router) != null))
            {
                // Checked before use like any configuration; refused configurations restart after the decline wait,
                // so a misconfigured server is not hammered.
                _counters.ConfigRefused++;
                if (_state == DhcpState.Requesting || (_state == DhcpState.Rebooting && _source != AddressSource.Dhcp))
                {
                    Restart(nowMs, _config.DeclineWaitMs);
                }
                return;
            }
            if (serverId != 0)
            {
                _serverId = serverId;
            }
            _prefixLength = prefix;
            _router = router;
            _leaseSeconds = lease;
            long t1 = DhcpMessage.GetUInt32Option(_buffer, length, DhcpMessage.OptionRenewalTime, -1);
            long t2 = DhcpMessage.GetUInt32Option(_buffer, length, DhcpMessage.OptionRebindingTime, -1);
            if (lease == InfiniteLease)
            {
                _times[T1Ms] = Infinite;
                _times[T2Ms] = Infinite;
                _times[ExpiresMs] = Infinite;
            }
            else
            {
                // RFC 2131 §4.4.5: T1 = 0.5 and T2 = 0.875 of the lease unless the server says otherwise (and sensibly).
                if (t2 <= 0 || t2 >= lease)
                {
                    t2 = lease * 7 / 8;
                }
                if (t1 <= 0 || t1 >= t2)
                {
                    t1 = lease / 2;
                }
                // §4.4.1: the lease runs from when the request was sent.
                _times[ExpiresMs] = _times[RequestSentMs] + lease * 1000;
                _times[T1Ms] = _times[RequestSentMs] + t1 * 1000;
                _times[T2Ms] = _times[RequestSentMs] + t2 * 1000;
            }
            _dnsCount = ReadAddresses(length, DhcpMessage.OptionDnsServers, _dns);
            _ntpCount = ReadAddresses(length, DhcpMessage.OptionNtpServers, _ntp);
            if (renewal)
            {
                _counters.Renewals++;
                _state = DhcpState.Bound;
                _version++;
                return;
            }
            if (!sameAddress && _source == AddressSource.Dhcp)
            {
                // The server moved us (an ACK naming another address than the one in use, RFC 2131 §4.4.5): the old
                // address is no longer ours, so it goes now, not after the new one has been probed.
                _counters.Moves++;
                DropLease(nowMs);
            }
            _leaseAddress = address;
            _offered = address;
            if (_config.ProbeBeforeUse && !sameAddress)
            {
                // RFC 5227 §2.1: probe before use; the link-local prober gives the ARP watch up meanwhile.
                if (_linkLocal.IsProbing)
                {
                    // Taken up again by PollFallback should this lease come to nothing.
                    _linkLocal.Stop();
                    _fallbackTaken = false;
                }
                _state = DhcpState.Probing;
                _probe.Start(address, nowMs);
                return;
            }
            Apply(nowMs);
        }

        private void Apply(long nowMs)
        {
            // A late lease replaces a fallback: connections bound to the old address are reset by the stack.
            _linkLocal.Stop();
            _stack.SetAddress(_leaseAddress, _prefixLength, _router, nowMs);
            _source = AddressSource.Dhcp;
            _state = DhcpState.Bound;
            _counters.Leases++;
            _version++;
            _announcementsLeft = 1;  // RFC 5227 §2.3: two announcements, ANNOUNCE_INTERVAL apart (SetAddress sent the first).
            _times[NextAnnouncementMs] = nowMs + _config.AnnounceIntervalMs;
            _arpConflictsSeen = _stack.ArpCounters.Conflicts;
            _defended = false;
        }

        // RFC 5227 §2.4 for the leased address: announce twice; defend a conflict once, give the address up (DECLINE) at
        // a second one within DEFEND_INTERVAL.
        private void Defend(long nowMs)
        {
            if (_announcementsLeft > 0 && nowMs >= _times[NextAnnouncementMs])
            {
                _stack.Arp.AnnounceGratuitous();
                _announcementsLeft--;
            }
            int conflicts = _stack.ArpCounters.Conflicts;
            if (conflicts == _arpConflictsSeen)
            {
                return;
            }
            _arpConflictsSeen = conflicts;
            _counters.AddressConflicts++;
            if (!_defended || nowMs - _times[LastDefendMs] > _config.DefendIntervalMs)
            {
                _defended = true;
                _times[LastDefendMs] = nowMs;
                _stack.Arp.AnnounceGratuitous();
                return;
            }
            DropLease(nowMs);
            Decline(nowMs);
        }

        private void RequestUnanswered(long nowMs)
        {
            if (_state == DhcpState.Rebooting && _source == AddressSource.Dhcp && nowMs < _times[ExpiresMs])
            {
                // RFC 2131 §3.2 step 5: nobody answered; keep using the unexpired lease.
                _state = nowMs >= _times[T2Ms] ? DhcpState.Rebinding : (nowMs >= _times[T1Ms] ? DhcpState.Renewing : DhcpState.Bound);
                _times[NextSendMs] = nowMs;
                return;
            }
            if (_source == AddressSource.Dhcp)
            {
                // The lease ran out while we were asking to keep it: it is gone.
                _counters.Expirations++;
                DropLease(nowMs);
            }
            Restart(nowMs, 0);
        }

        private void Expire(long nowMs)
        {
            _counters.Expirations++;
            DropLease(nowMs);
            Restart(nowMs, 0);
        }

        // The lease is gone: the stack drops the address (connections reset); a fallback may come back later.
        private void DropLease(long nowMs)
        {
            if (_source == AddressSource.Dhcp)
            {
                _stack.ClearAddress(nowMs);
                _source = AddressSource.None;
                _version++;
            }
            _announcementsLeft = 0;
        }

        private void Restart(long nowMs, int delayMs)
        {
            if (_state == DhcpState.Probing)
            {
                _probe.Stop();  // the prober is shared: only our own probe ends here
            }
            _counters.Restarts++;
            _state = DhcpState.Init;
            _times[NextSendMs] = nowMs + delayMs;
            if (_source == AddressSource.None)
            {
                _fallbackTaken = false;
                _times[FallbackAtMs] = nowMs + delayMs + _config.FallbackAfterMs;
            }
        }

        private void PollFallback(long nowMs)
        {
            if (_source == AddressSource.Dhcp)
            {
                return;
            }
            if (!_fallbackTaken && _config.Fallback != DhcpFallback.None && nowMs >= _times[FallbackAtMs] && _state != DhcpState.Probing)
            {
                _fallbackTaken = true;
                if (_config.Fallback == DhcpFallback.Static)
                {
                    if (NetInterface.CheckConfiguration(_config.FallbackAddress, _config.FallbackPrefixLength, _config.FallbackGateway) == null)
                    {
                        _stack.SetAddress(_config.FallbackAddress, _config.FallbackPrefixLength, _config.FallbackGateway, nowMs);
                        _source = AddressSource.Static;
                        _counters.StaticFallbacks++;
                        _version++;
                    }
                    else
                    {
                        _counters.ConfigRefused++;
                    }
                }
                else
                {
                    _linkLocal.Start(nowMs);
                }
            }
            if (_linkLocal.IsActive && _state != DhcpState.Probing)
            {
                _linkLocal.Poll(nowMs);
                bool inUse = _linkLocal.IsInUse;
                if (inUse && (_source != AddressSource.LinkLocal || _linkLocalApplied != _linkLocal.Address))
                {
                    _source = AddressSource.LinkLocal;
                    _linkLocalApplied = _linkLocal.Address;
                    _version++;
                }
                else if (!inUse && _source == AddressSource.LinkLocal)
                {
                    _source = AddressSource.None;
                    _linkLocalApplied = 0;
                    _version++;
                }
            }
        }

        private int ReadAddresses(int length, int code, uint[] into)
        {
            int at;
            int n = DhcpMessage.FindOption(_buffer, length, code, out at);
            if (n < 4 || n % 4 != 0)
            {
                return 0;
            }
            int count = 0;
            for (int i = 0; i < n / 4 && count < into.Length; i++)
            {
                uint address = BigEndian.ReadUInt32(_buffer, at + 4 * i);
                if (address != 0 && address != 0xFFFFFFFF)
                {
                    into[count++] = address;
                }
            }
            return count;
        }

        // A mask must be contiguous ones (RFC 950); -1 otherwise.
        private static int PrefixOf(uint mask)
        {
            int prefix = 0;
            while (prefix < 32 && (mask & (0x80000000u >> prefix)) != 0)
            {
                prefix++;
            }
            uint expected = prefix == 0 ? 0 : 0xFFFFFFFF << (32 - prefix);
            return expected == mask ? prefix : -1;
        }

        // Without option 1: the class's natural mask (RFC 1122 §3.3.1.1 leaves it to the host; servers nearly always send it).
        private static int DefaultPrefix(uint address)
        {
            if ((address & 0x80000000) == 0)
            {
                return 8;
            }
            return (address & 0x40000000) == 0 ? 16 : 24;
        }
    }
}
