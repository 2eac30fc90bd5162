using System;
using Firmware.Net.Diagnostics;
using Firmware.Net.Network;
using Firmware.Net.Storage;
using Firmware.Net.Wire;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// TCP (RFC 9293): demultiplexes segments to connections, listeners and the TIME_WAIT table, answers closed
    /// ports with RST (§3.10.7.1), and emits every segment through <see cref="IIpv4Output"/>. Everything is
    /// allocated here from a <see cref="TcpConfig"/>; the steady state allocates nothing.
    /// </summary>
    public class TcpLayer : IIpv4Transport
    {
        private const int EphemeralFirst = 49152;
        private const int EphemeralCount = 16384;

        private readonly TcpConfig _config;
        private readonly IIpv4Output _ip;
        private readonly IRandomSource _random;
        private readonly TcpIsnGenerator _isn;
        private readonly TcpSynCookies _cookies;
        private readonly TcpConnection[] _connections;
        private readonly TcpListener[] _listeners;
        private readonly TcpTimeWaitTable _timeWait;
        private readonly TcpSegment _segment = new TcpSegment();
        private readonly TcpCounters _counters = new TcpCounters();

        private long _lastNowMs;
        private bool _isnForced;
        private uint _forcedIsn;
        private long _challengeWindowStartMs;
        private int _challengeCount;
        private long _resetWindowStartMs;
        private int _resetCount;

        /// <summary>Allocates every connection (with its rings and assembler), listener and TIME_WAIT entry.</summary>
        public TcpLayer(TcpConfig config, IIpv4Output ip, IRandomSource random)
        {
            if (config == null || ip == null || random == null)
            {
                throw new ArgumentNullException("config");
            }
            config.Validate();
            _config = config;
            _ip = ip;
            _random = random;
            _isn = new TcpIsnGenerator(random);
            _cookies = new TcpSynCookies(random);
            _connections = new TcpConnection[config.Connections];
            for (int i = 0; i < _connections.Length; i++)
            {
                _connections[i] = new TcpConnection(this, config);
            }
            _listeners = new TcpListener[config.Listeners];
            for (int i = 0; i < _listeners.Length; i++)
            {
                _listeners[i] = new TcpListener(this);
            }
            _timeWait = new TcpTimeWaitTable(config.TimeWaitEntries);
            int shift = 0;
            while ((config.ReceiveBufferBytes >> shift) > 0xFFFF)
            {
                shift++;
            }
            WantedWindowShift = shift;
        }

        /// <summary>
        /// The window scale shift we offer (RFC 7323): 0 (no option, the default) unless the receive ring is larger
        /// than 64 KB, then the smallest shift that lets the window field describe it.
        /// </summary>
        public int WantedWindowShift { get; private set; }

        /// <summary>The counters.</summary>
        public TcpCounters Counters { get { return _counters; } }

        /// <summary>The configuration the layer was built from.</summary>
        public TcpConfig Config { get { return _config; } }

        /// <summary>Connections in the table.</summary>
        public int Capacity { get { return _connections.Length; } }

        /// <summary>Connection slot <paramref name="index"/> (for the netstat table and tests).</summary>
        public TcpConnection GetConnection(int index) { return _connections[index]; }

        /// <summary>Listener slot <paramref name="index"/>.</summary>
        public TcpListener GetListener(int index) { return _listeners[index]; }

        /// <summary>The compact TIME_WAIT table.</summary>
        public TcpTimeWaitTable TimeWait { get { return _timeWait; } }

        /// <summary>Connections not in use (free for a SYN or a Connect).</summary>
        public int FreeConnections
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _connections.Length; i++) { if (_connections[i].IsFree) { n++; } }
                return n;
            }
        }

        /// <summary>Our MSS: the largest segment one IPv4 packet carries, minus the TCP header (RFC 9293 §3.7.1).</summary>
        public int OurMss { get { return _ip.MaxTransportLength - TcpHeader.MinLength; } }

        /// <summary>Our IPv4 address (host order), as the IPv4 layer reports it.</summary>
        public uint LocalAddress { get { return _ip.LocalAddress; } }

        internal long LastNowMs { get { return _lastNowMs; } }

        /// <summary>Test seam: the next connection (active or passive) gets this ISN instead of the RFC 6528 one.</summary>
        public void ForceNextIsn(uint isn)
        {
            _isnForced = true;
            _forcedIsn = isn;
        }

        /// <summary>Listens on <paramref name="port"/>; throws when the port is taken or no listener slot is free (API misuse).</summary>
        public TcpListener Listen(ushort port, int backlog)
        {
            if (port == 0 || backlog <= 0)
            {
                throw new ArgumentOutOfRangeException("port");
            }
            TcpListener free = null;
            for (int i = 0; i < _listeners.Length; i++)
            {
                if (_listeners[i].IsListening && _listeners[i].LocalPort == port)
                {
                    throw new InvalidOperationException("port in use");
                }
                if (free == null && !_listeners[i].IsListening)
                {
                    free = _listeners[i];
                }
            }
            if (free == null)
            {
                throw new InvalidOperationException("no free listener (TcpConfig.Listeners)");
            }
            free.LocalPort = port;
            free.Backlog = backlog;
            free.IsListening = true;
            return free;
        }

        /// <summary>
        /// Active open to <paramref name="address"/>:<paramref name="port"/> from an ephemeral port; sends the SYN.
        /// Null (counted) when no connection is free.
        /// </summary>
        public TcpConnection Connect(uint address, ushort port, long nowMs)
        {
            if (address == 0 || port == 0)
            {
                throw new ArgumentOutOfRangeException("address");
            }
            _lastNowMs = nowMs;
            TcpConnection c = FindFree();
            if (c == null)
            {
                c = ReclaimOrphan();
            }
            if (c == null)
            {
                _counters.TableFull++;
                return null;
            }
            ushort localPort = PickEphemeralPort();
            if (localPort == 0)
            {
                _counters.TableFull++;
                return null;
            }
            c.OpenActive(address, port, localPort, NextIsn(localPort, address, port, nowMs), nowMs);
            _counters.ActiveOpens++;
            c.Output(nowMs);
            return c;
        }

        /// <inheritdoc />
        public void Receive(uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            _lastNowMs = nowMs;
            int headerLength = TcpHeader.CheckLength(buffer, offset, length);
            if (headerLength < 0)
            {
                _counters.Malformed++;
                return;
            }
            if (!TcpHeader.VerifyChecksum(buffer, offset, length, source, destination))
            {
                _counters.BadChecksum++;
                return;
            }
            TcpSegment seg = _segment;
            if (!seg.Options.Parse(buffer, offset + TcpHeader.MinLength, headerLength - TcpHeader.MinLength))
            {
                _counters.BadOptions++;
                return;
            }
            seg.Source = source;
            seg.SourcePort = TcpHeader.GetSourcePort(buffer, offset);
            seg.DestinationPort = TcpHeader.GetDestinationPort(buffer, offset);
            seg.Sequence = TcpHeader.GetSequence(buffer, offset);
            seg.Acknowledgment = TcpHeader.GetAcknowledgment(buffer, offset);
            seg.Flags = (byte)(TcpHeader.GetFlags(buffer, offset) & 0x3F);
            seg.Window = TcpHeader.GetWindow(buffer, offset);
            seg.Buffer = buffer;
            seg.DataOffset = offset + headerLength;
            seg.DataLength = length - headerLength;
            if (seg.SourcePort == 0 || seg.DestinationPort == 0 || source == 0)
            {
                _counters.Malformed++;
                return;
            }
            _counters.SegmentsIn++;
            if (seg.Has(TcpHeader.Syn) && (seg.Flags & (TcpHeader.Fin | TcpHeader.Rst)) != 0)
            {
                // SYN with FIN or RST: no TCP sends these (a SYN opens, FIN and RST end); scanners and OS
                // fingerprinting do, and answering would tell them what we are. Dropped whatever the state.
                _counters.BadFlags++;
                return;
            }

            for (int i = 0; i < _connections.Length; i++)
            {
                if (_connections[i].Matches(seg.DestinationPort, source, seg.SourcePort))
                {
                    _connections[i].Input(seg, nowMs);
                    return;
                }
            }
            int tw = _timeWait.Find(seg.DestinationPort, source, seg.SourcePort);
            if (tw >= 0)
            {
                if (InputTimeWait(tw, seg, nowMs))
                {
                    return;
                }
            }
            TcpListener listener = FindListener(seg.DestinationPort);
            if (listener != null)
            {
                InputListen(listener, seg, nowMs);
                return;
            }
            ReplyReset(seg, nowMs);
        }

        /// <inheritdoc />
        public void Poll(long nowMs)
        {
            _lastNowMs = nowMs;
            _timeWait.Expire(nowMs);
            for (int i = 0; i < _connections.Length; i++)
            {
                _connections[i].Poll(nowMs);
            }
        }

        /// <inheritdoc />
        public long NextDeadlineMs
        {
            get
            {
                long next = _timeWait.NextDeadlineMs;
                for (int i = 0; i < _connections.Length; i++)
                {
                    TcpConnection c = _connections[i];
                    if (c.State == TcpState.Closed)
                    {
                        continue;
                    }
                    if (c.WantsOutput)
                    {
                        return _lastNowMs;
                    }
                    long d = c.NextDeadlineMs;
                    if (d < next) { next = d; }
                }
                return next;
            }
        }

        /// <summary>
        /// The interface's address is going away (every connection is bound to it): each open connection is reset (a RST
        /// to the peer from the old address while it is still configured, RFC 9293 §3.10.5), ending with State Closed and
        /// Error <see cref="TcpError.AddressChanged"/> for its owner; TIME_WAIT entries of the old address are dropped.
        /// Listeners stay (they listen on whatever address the interface has). Returns the connections reset.
        /// </summary>
        public int LocalAddressChanging(uint oldAddress, long nowMs)
        {
            _lastNowMs = nowMs;
            int reset = 0;
            for (int i = 0; i < _connections.Length; i++)
            {
                if (_connections[i].AbortForAddressChange())
                {
                    reset++;
                }
            }
            for (int i = 0; i < _timeWait.Capacity; i++)
            {
                _timeWait.Remove(i);
            }
            return reset;
        }

        // ---------------------------------------------------------------- input helpers

        /// <summary>RFC 9293 §3.10.7.2: a segment for a listener.</summary>
        private void InputListen(TcpListener listener, TcpSegment seg, long nowMs)
        {
            if (seg.Has(TcpHeader.Rst))
            {
                return;
            }
            if (seg.Has(TcpHeader.Ack))
            {
                if (seg.Has(TcpHeader.Syn) || !_config.SynCookies || !InputCookieAck(listener, seg, nowMs))
                {
                    ReplyReset(seg, nowMs);
                }
                return;
            }
            if (!seg.Has(TcpHeader.Syn))
            {
                return;
            }
            bool backlogFull = BacklogUsed(listener) >= listener.Backlog;
            TcpConnection c = backlogFull ? null : FindFree();
            if (c == null)
            {
                if (_config.SynCookies)
                {
                    // RFC 4987 §3.6: no room for another half-open connection, so keep none: the SYN-ACK's ISN is
                    // a cookie the peer's ACK returns, and the connection is built from that ACK.
                    SendCookie(seg, nowMs);
                    return;
                }
                // Without cookies: an orphan that waits only for its peer's FIN gives way, else the oldest half-open
                // connection (this listener's when its backlog is full, any listener's when the table is; established
                // ones never do).
                c = backlogFull ? null : ReclaimOrphan();
                if (c == null)
                {
                    c = OldestHalfOpen(backlogFull ? listener : null);
                    if (c == null)
                    {
                        _counters.SynDropped++;
                        return;
                    }
                    _counters.BacklogDrops++;
                    c.Reset();
                }
            }
            c.OpenPassive(listener, seg, NextIsn(seg.DestinationPort, seg.Source, seg.SourcePort, nowMs), nowMs);
            _counters.PassiveOpens++;
            c.Output(nowMs);
        }

        /// <summary>
        /// The window a cookie SYN-ACK advertises: one segment of the cookie's MSS (unscaled: it offers no window scale
        /// option). The cookie proves only SEG.SEQ − 1 = the peer's ISN, so just the peer's first segment can build the
        /// connection; with a larger window its second and third segments would arrive first when that one is deferred
        /// (or lost), fail the check and draw a RST that kills a good connection. The first ACK of the connection then
        /// advertises the whole ring.
        /// </summary>
        private int CookieWindow(int mss)
        {
            int window = _config.ReceiveBufferBytes > 0xFFFF ? 0xFFFF : _config.ReceiveBufferBytes;
            return mss < window ? mss : window;
        }

        private void SendCookie(TcpSegment seg, long nowMs)
        {
            uint cookie = _cookies.Make(seg.Source, seg.DestinationPort, seg.SourcePort, seg.Sequence, seg.Options.Mss, nowMs);
            _counters.SynCookiesSent++;
            Emit(seg.Source, seg.DestinationPort, seg.SourcePort, cookie, seg.Sequence + 1, (byte)(TcpHeader.Syn | TcpHeader.Ack),
                CookieWindow(TcpSynCookies.EncodableMss(seg.Options.Mss)), OurMss, null, 0, 0, -1);
        }

        /// <summary>
        /// An ACK for a listener: when it returns a valid cookie, the connection it proves is built (and the segment's
        /// data taken); false when it does not (the caller answers with RST).
        /// </summary>
        private bool InputCookieAck(TcpListener listener, TcpSegment seg, long nowMs)
        {
            int mss = _cookies.Check(seg.Source, seg.DestinationPort, seg.SourcePort, seg.Sequence - 1, seg.Acknowledgment - 1, nowMs);
            if (mss < 0)
            {
                _counters.SynCookiesRejected++;
                return false;
            }
            if (AcceptQueueUsed(listener) >= listener.Backlog)
            {
                // The app has not accepted the connections already waiting: drop the ACK (as a full accept queue
                // does). The peer sends again, and its cookie stays good for a period more.
                _counters.SynCookieAcksDeferred++;
                return true;
            }
            TcpConnection c = FindFree();
            if (c == null)
            {
                c = ReclaimOrphan();
            }
            if (c == null)
            {
                // A proven peer beats an unproven one: the oldest half-open connection gives way.
                c = OldestHalfOpen(null);
                if (c == null)
                {
                    // Every connection is open: the same as above, wait for the peer to send again.
                    _counters.SynCookieAcksDeferred++;
                    return true;
                }
                _counters.BacklogDrops++;
                c.Reset();
            }
            _counters.SynCookiesAccepted++;
            _counters.PassiveOpens++;
            c.OpenFromCookie(listener, seg, mss, CookieWindow(mss), nowMs);
            c.Input(seg, nowMs);
            return true;
        }

        /// <summary>A segment for a TIME_WAIT entry; false when it should go on to a listener (RFC 6191 reuse).</summary>
        private bool InputTimeWait(int index, TcpSegment seg, long nowMs)
        {
            if (seg.Has(TcpHeader.Rst))
            {
                // RFC 1337: ignore RST in TIME_WAIT (no assassination).
                return true;
            }
            uint rcvNxt = _timeWait.GetReceiveNext(index);
            if (seg.Has(TcpHeader.Syn) && !seg.Has(TcpHeader.Ack))
            {
                // RFC 6191 (no timestamps): a new incarnation may start when its ISN is above what we saw.
                if (TcpSequence.Gt(seg.Sequence, rcvNxt) && FindListener(seg.DestinationPort) != null)
                {
                    _timeWait.Remove(index);
                    _counters.TimeWaitReused++;
                    return false;
                }
            }
            if (seg.Has(TcpHeader.Fin) || seg.DataLength > 0 || seg.Has(TcpHeader.Syn))
            {
                // §3.10.7.4 TIME-WAIT: a retransmitted FIN is acknowledged and restarts the 2×MSL wait.
                if (seg.Has(TcpHeader.Fin))
                {
                    _timeWait.Restart(index, nowMs + 2L * _config.MslMs);
                }
                Emit(seg.Source, seg.DestinationPort, seg.SourcePort, _timeWait.GetSendNext(index), rcvNxt,
                    TcpHeader.Ack, _config.ReceiveBufferBytes > 0xFFFF ? 0xFFFF : _config.ReceiveBufferBytes, 0, null, 0, 0, -1);
            }
            return true;
        }

        /// <summary>RFC 9293 §3.10.7.1: the RST that answers a segment nobody wants (never a RST; rate-limited).</summary>
        private void ReplyReset(TcpSegment seg, long nowMs)
        {
            if (seg.Has(TcpHeader.Rst))
            {
                return;
            }
            if (seg.Has(TcpHeader.Ack))
            {
                SendResetLimited(seg.Source, seg.DestinationPort, seg.SourcePort, seg.Acknowledgment, 0, false, nowMs);
            }
            else
            {
                SendResetLimited(seg.Source, seg.DestinationPort, seg.SourcePort, 0, seg.Sequence + (uint)seg.SequenceLength, true, nowMs);
            }
        }

        private void SendResetLimited(uint remote, ushort localPort, ushort remotePort, uint seq, uint ack, bool withAck, long nowMs)
        {
            if (nowMs - _resetWindowStartMs >= 1000 || nowMs < _resetWindowStartMs)
            {
                _resetWindowStartMs = nowMs;
                _resetCount = 0;
            }
            if (_resetCount >= _config.ResetsPerSecond)
            {
                _counters.ResetsSuppressed++;
                return;
            }
            _resetCount++;
            SendReset(remote, localPort, remotePort, seq, ack, withAck);
        }

        private int BacklogUsed(TcpListener listener)
        {
            int n = 0;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.Listener == listener && !c.Accepted && c.State != TcpState.Closed)
                {
                    n++;
                }
            }
            return n;
        }

        /// <summary>Connections of <paramref name="listener"/> established and waiting for Accept (half-open ones not counted).</summary>
        private int AcceptQueueUsed(TcpListener listener)
        {
            int n = 0;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.Listener == listener && !c.Accepted && c.State != TcpState.Closed && c.State != TcpState.SynReceived)
                {
                    n++;
                }
            }
            return n;
        }

        private TcpConnection OldestHalfOpen(TcpListener listener)
        {
            TcpConnection oldest = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.State == TcpState.SynReceived && c.Listener != null && !c.Accepted
                    && (listener == null || c.Listener == listener)
                    && (oldest == null || c.CreatedMs < oldest.CreatedMs))
                {
                    oldest = c;
                }
            }
            return oldest;
        }

        private TcpListener FindListener(ushort port)
        {
            for (int i = 0; i < _listeners.Length; i++)
            {
                if (_listeners[i].IsListening && _listeners[i].LocalPort == port)
                {
                    return _listeners[i];
                }
            }
            return null;
        }

        /// <summary>
        /// With the table full, the oldest orphan in FIN_WAIT_2 (closed by its app, our FIN acknowledged, waiting
        /// only for the peer's FIN) is reset and its slot handed out: it has nothing left to deliver, and a peer that
        /// never closes must not hold a slot of a small table for FinWait2TimeoutMs. Null when there is none.
        /// </summary>
        private TcpConnection ReclaimOrphan()
        {
            TcpConnection oldest = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.State == TcpState.FinWait2 && !c.AppOwned && (oldest == null || c.CreatedMs < oldest.CreatedMs))
                {
                    oldest = c;
                }
            }
            if (oldest != null)
            {
                _counters.OrphansReclaimed++;
                oldest.Abort();
            }
            return oldest;
        }

        private TcpConnection FindFree()
        {
            for (int i = 0; i < _connections.Length; i++)
            {
                if (_connections[i].IsFree)
                {
                    return _connections[i];
                }
            }
            return null;
        }

        private ushort PickEphemeralPort()
        {
            int start = (int)(_random.NextUInt32() % EphemeralCount);
            for (int k = 0; k < EphemeralCount; k++)
            {
                ushort port = (ushort)(EphemeralFirst + (start + k) % EphemeralCount);
                if (FindListener(port) != null || _timeWait.UsesLocalPort(port))
                {
                    continue;
                }
                bool used = false;
                for (int i = 0; i < _connections.Length; i++)
                {
                    if (_connections[i].State != TcpState.Closed && _connections[i].LocalPort == port)
                    {
                        used = true;
                        break;
                    }
                }
                if (!used)
                {
                    return port;
                }
            }
            return 0;
        }

        private uint NextIsn(ushort localPort, uint remoteAddress, ushort remotePort, long nowMs)
        {
            if (_isnForced)
            {
                _isnForced = false;
                return _forcedIsn;
            }
            return _isn.Next(_ip.LocalAddress, localPort, remoteAddress, remotePort, nowMs);
        }

        // ---------------------------------------------------------------- called by connections and listeners

        internal TcpConnection AcceptFor(TcpListener listener)
        {
            TcpConnection oldest = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.Listener == listener && !c.Accepted && c.State != TcpState.Closed && c.State != TcpState.SynReceived
                    && (oldest == null || c.CreatedMs < oldest.CreatedMs))
                {
                    oldest = c;
                }
            }
            if (oldest != null)
            {
                oldest.Accepted = true;
                oldest.AppOwned = true;
            }
            return oldest;
        }

        internal void StopListener(TcpListener listener)
        {
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.Listener == listener && !c.Accepted && c.State != TcpState.Closed)
                {
                    c.AppOwned = true;
                    c.Abort();
                }
            }
            listener.IsListening = false;
            listener.LocalPort = 0;
        }

        internal void AddTimeWait(ushort localPort, uint remoteAddress, ushort remotePort, uint sendNext, uint receiveNext, long nowMs)
        {
            if (_timeWait.Add(localPort, remoteAddress, remotePort, sendNext, receiveNext, nowMs + 2L * _config.MslMs))
            {
                _counters.TimeWaitEvicted++;
            }
        }

        internal void SendChallengeAck(TcpConnection c, long nowMs)
        {
            // RFC 5961 §7: a global budget per second so challenge ACKs cannot be used to amplify.
            if (nowMs - _challengeWindowStartMs >= 1000 || nowMs < _challengeWindowStartMs)
            {
                _challengeWindowStartMs = nowMs;
                _challengeCount = 0;
            }
            if (_challengeCount >= _config.ChallengeAcksPerSecond)
            {
                _counters.ChallengeAcksSuppressed++;
                return;
            }
            _challengeCount++;
            _counters.ChallengeAcks++;
            c.SendAck();
        }

        internal void SendReset(uint remote, ushort localPort, ushort remotePort, uint seq, uint ack, bool withAck)
        {
            _counters.ResetsSent++;
            byte flags = withAck ? (byte)(TcpHeader.Rst | TcpHeader.Ack) : TcpHeader.Rst;
            Emit(remote, localPort, remotePort, seq, ack, flags, 0, 0, null, 0, 0, -1);
        }

        internal void SendSyn(TcpConnection c, uint seq, byte flags, uint ack, int window)
        {
            // RFC 7323 §2.3: a SYN's window is not scaled.
            int wire = window > 0xFFFF ? 0xFFFF : window;
            Emit(c.RemoteAddress, c.LocalPort, c.RemotePort, seq, ack, flags, wire, OurMss, null, 0, 0, c.OfferedWindowShift);
            c.Advertised(wire);
        }

        internal void SendControl(TcpConnection c, uint seq, byte flags, int window)
        {
            int wire = ScaledWindow(window, c.ReceiveWindowShift);
            Emit(c.RemoteAddress, c.LocalPort, c.RemotePort, seq, c.ReceiveNext, flags, wire, 0, null, 0, 0, -1);
            c.Advertised(wire << c.ReceiveWindowShift);
        }

        internal void SendData(TcpConnection c, uint seq, byte flags, int window, RingBuffer ring, int ringOffset, int length)
        {
            int wire = ScaledWindow(window, c.ReceiveWindowShift);
            Emit(c.RemoteAddress, c.LocalPort, c.RemotePort, seq, c.ReceiveNext, flags, wire, 0, ring, ringOffset, length, -1);
            c.Advertised(wire << c.ReceiveWindowShift);
        }

        private static int ScaledWindow(int window, int shift)
        {
            int wire = window >> shift;
            return wire > 0xFFFF ? 0xFFFF : wire;
        }

        private void Emit(uint destination, int sourcePort, int destinationPort, uint seq, uint ack, byte flags, int window,
            int mssOption, RingBuffer ring, int ringOffset, int length, int windowShiftOption)
        {
            byte[] b = _ip.TransmitBuffer;
            int o = _ip.TransportOffset;
            int headerLength = TcpHeader.MinLength + (mssOption > 0 ? 4 : 0) + (windowShiftOption >= 0 ? 4 : 0);
            if (headerLength + length > _ip.MaxTransportLength)
            {
                length = _ip.MaxTransportLength - headerLength;
            }
            if (window > 0xFFFF) { window = 0xFFFF; }
            if (window < 0) { window = 0; }
            TcpHeader.Write(b, o, sourcePort, destinationPort, seq, (flags & TcpHeader.Ack) != 0 ? ack : 0, headerLength, flags, window);
            if (mssOption > 0)
            {
                TcpOptions.WriteMss(b, o + TcpHeader.MinLength, mssOption > 0xFFFF ? 0xFFFF : mssOption);
            }
            if (windowShiftOption >= 0)
            {
                TcpOptions.WriteWindowScale(b, o + TcpHeader.MinLength + (mssOption > 0 ? 4 : 0), windowShiftOption);
            }
            if (length > 0)
            {
                ring.Peek(ringOffset, b, o + headerLength, length);
            }
            TcpHeader.WriteChecksum(b, o, headerLength + length, _ip.LocalAddress, destination);
            _counters.SegmentsOut++;
            if (!_ip.Send(destination, 6, headerLength + length))
            {
                _counters.SendFailures++;
            }
        }
    }
}
