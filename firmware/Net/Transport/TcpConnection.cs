using System;
using Firmware.Net.Storage;
using Firmware.Net.Wire;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// One TCP connection: the RFC 9293 state machine over a fixed RX ring and TX ring, RFC 6298 timers and
    /// RFC 5681/6582 congestion control. Allocated once by <see cref="TcpLayer"/> and reused.
    /// Ownership rule for the app: a connection from Connect or Accept belongs to the app until it calls
    /// <see cref="Close"/> or <see cref="Abort"/>; after that call the app must drop its reference, because the
    /// layer reuses the object for a later connection. Until then the object stays the app's even when the peer
    /// resets it (State Closed, Error set) and unread data stays readable.
    /// </summary>
    public class TcpConnection
    {
        private readonly TcpLayer _layer;
        private readonly TcpConfig _config;
        private readonly RingBuffer _rx;
        private readonly RingBuffer _tx;
        private readonly Assembler _assembler;

        // The scalar state in one int array (uints and enums cast) and one long array rather than a field each: on nanoCLR
        // every field is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32) and an element costs 4 or 8.
        // The private properties below keep the names the fields had. Created before Reset runs in the constructor.
        private readonly int[] _intFields = new int[35];
        private readonly long[] _longFields = new long[9];

        // The connection's yes/no state in one int: the interpreter gives each field a heap block of its own (24 bytes
        // on a 64-bit host, 12 on an ESP32), so thirteen bools cost thirteen blocks and these bits one.
        private int _flags;
        private const int FlagSynAcked = 1;        // our SYN has been acknowledged
        private const int FlagFinQueued = 2;       // Close asked for a FIN after the queued data
        private const int FlagFinSent = 4;
        private const int FlagFinReceived = 8;
        private const int FlagOooFin = 16;         // a FIN arrived beyond a hole; _oooFinSeq holds where
        private const int FlagRttValid = 32;       // RFC 6298: SRTT and RTTVAR hold a measurement
        private const int FlagRttTiming = 64;      // one segment is being timed (Karn: never a retransmitted one)
        private const int FlagInRecovery = 128;    // RFC 6582 fast recovery until _recover is acknowledged
        private const int FlagTlpSent = 256;       // RFC 8985 §7: a probe went out since the last ACK of new data
        private const int FlagAckNow = 512;        // an ACK must go at the next chance, not delayed
        private const int FlagNoDelay = 1024;
        private const int FlagAccepted = 2048;
        private const int FlagAppOwned = 4096;

        // RFC 9293 §3.3.1 send and receive sequence variables.
        private uint _iss { get { return (uint)_intFields[0]; } set { _intFields[0] = (int)value; } }
        private uint _sndUna { get { return (uint)_intFields[1]; } set { _intFields[1] = (int)value; } }
        private uint _sndNxt { get { return (uint)_intFields[2]; } set { _intFields[2] = (int)value; } }
        private uint _sndMax { get { return (uint)_intFields[3]; } set { _intFields[3] = (int)value; } }
        private int _sndWnd { get { return _intFields[4]; } set { _intFields[4] = value; } }
        private int _maxSndWnd { get { return _intFields[5]; } set { _intFields[5] = value; } }
        private uint _sndWl1 { get { return (uint)_intFields[6]; } set { _intFields[6] = (int)value; } }
        private uint _sndWl2 { get { return (uint)_intFields[7]; } set { _intFields[7] = (int)value; } }
        private uint _irs { get { return (uint)_intFields[8]; } set { _intFields[8] = (int)value; } }
        private uint _rcvNxt { get { return (uint)_intFields[9]; } set { _intFields[9] = (int)value; } }
        private uint _rcvAdvertisedEdge { get { return (uint)_intFields[10]; } set { _intFields[10] = (int)value; } }

        private uint _finSeq { get { return (uint)_intFields[11]; } set { _intFields[11] = (int)value; } }
        private uint _oooFinSeq { get { return (uint)_intFields[12]; } set { _intFields[12] = (int)value; } }
        private int _sndMss { get { return _intFields[13]; } set { _intFields[13] = value; } }

        // RFC 7323 §2: shifts in use (0 unless both SYNs carried the option); the shift our SYN offers.
        private int _sndShift { get { return _intFields[14]; } set { _intFields[14] = value; } }
        private int _rcvShift { get { return _intFields[15]; } set { _intFields[15] = value; } }
        private int _offeredShift { get { return _intFields[16]; } set { _intFields[16] = value; } }
        private int _segWindow { get { return _intFields[17]; } set { _intFields[17] = value; } }

        // RFC 6298 state.
        private int _srttMs { get { return _intFields[18]; } set { _intFields[18] = value; } }
        private int _rttvarMs { get { return _intFields[19]; } set { _intFields[19] = value; } }
        private int _rtoMs { get { return _intFields[20]; } set { _intFields[20] = value; } }
        private uint _rttSeq { get { return (uint)_intFields[21]; } set { _intFields[21] = (int)value; } }
        private long _rttStartMs { get { return _longFields[0]; } set { _longFields[0] = value; } }
        private long _rtoDeadlineMs { get { return _longFields[1]; } set { _longFields[1] = value; } }
        private int _retransmissions { get { return _intFields[22]; } set { _intFields[22] = value; } }

        // RFC 5681 / 6582 state.
        private int _cwnd { get { return _intFields[23]; } set { _intFields[23] = value; } }
        private int _ssthresh { get { return _intFields[24]; } set { _intFields[24] = value; } }
        private int _dupAcks { get { return _intFields[25]; } set { _intFields[25] = value; } }
        private uint _recover { get { return (uint)_intFields[26]; } set { _intFields[26] = (int)value; } }

        // RFC 8985 §7 tail loss probe: its timer, and whether a probe went out since the last ACK of new data.
        private long _tlpDeadlineMs { get { return _longFields[2]; } set { _longFields[2] = value; } }

        private long _persistDeadlineMs { get { return _longFields[3]; } set { _longFields[3] = value; } }
        private int _persistIntervalMs { get { return _intFields[27]; } set { _intFields[27] = value; } }
        private long _delayedAckDeadlineMs { get { return _longFields[4]; } set { _longFields[4] = value; } }
        private int _unackedSegments { get { return _intFields[28]; } set { _intFields[28] = value; } }
        private long _finWait2DeadlineMs { get { return _longFields[5]; } set { _longFields[5] = value; } }
        private long _lastReceiveMs { get { return _longFields[6]; } set { _longFields[6] = value; } }
        private long _keepAliveDeadlineMs { get { return _longFields[7]; } set { _longFields[7] = value; } }
        private int _keepAlivesSent { get { return _intFields[29]; } set { _intFields[29] = value; } }

        internal TcpListener Listener;
        internal bool Accepted
        {
            get { return (_flags & FlagAccepted) != 0; }
            set { _flags = value ? _flags | FlagAccepted : _flags & ~FlagAccepted; }
        }

        internal bool AppOwned
        {
            get { return (_flags & FlagAppOwned) != 0; }
            set { _flags = value ? _flags | FlagAppOwned : _flags & ~FlagAppOwned; }
        }
        internal long CreatedMs { get { return _longFields[8]; } set { _longFields[8] = value; } }

        internal TcpConnection(TcpLayer layer, TcpConfig config)
        {
            _layer = layer;
            _config = config;
            _rx = new RingBuffer(config.ReceiveBufferBytes);
            _tx = new RingBuffer(config.SendBufferBytes);
            _assembler = new Assembler(config.OutOfOrderRanges);
            Reset();
        }

        /// <summary>The RFC 9293 state.</summary>
        public TcpState State { get { return (TcpState)_intFields[30]; } private set { _intFields[30] = (int)value; } }

        /// <summary>Why the connection ended, if not by an orderly close.</summary>
        public TcpError Error { get { return (TcpError)_intFields[31]; } private set { _intFields[31] = (int)value; } }

        /// <summary>The peer's address (host order).</summary>
        public uint RemoteAddress { get { return (uint)_intFields[32]; } private set { _intFields[32] = (int)value; } }

        /// <summary>The peer's port.</summary>
        public ushort RemotePort { get { return (ushort)_intFields[33]; } private set { _intFields[33] = (int)value; } }

        /// <summary>Our port.</summary>
        public ushort LocalPort { get { return (ushort)_intFields[34]; } private set { _intFields[34] = (int)value; } }

        /// <summary>Nagle's algorithm off (RFC 896) when true: small writes go at once.</summary>
        public bool NoDelay
        {
            get { return (_flags & FlagNoDelay) != 0; }
            set { _flags = value ? _flags | FlagNoDelay : _flags & ~FlagNoDelay; }
        }

        /// <summary>Bytes ready to read.</summary>
        public int BytesAvailable { get { return _rx.Count; } }

        /// <summary>Bytes Send would take now.</summary>
        public int SendSpace { get { return CanQueue ? _tx.Free : 0; } }

        /// <summary>Bytes queued and not yet acknowledged.</summary>
        public int SendQueueBytes { get { return _tx.Count; } }

        /// <summary>True once the peer's FIN arrived and every byte before it has been read.</summary>
        public bool IsReceiveClosed { get { return (_flags & FlagFinReceived) != 0 && _rx.Count == 0; } }

        /// <summary>Smoothed RTT (ms), 0 before the first sample.</summary>
        public int SrttMs { get { return _srttMs; } }

        /// <summary>The current retransmission timeout (ms).</summary>
        public int RtoMs { get { return _rtoMs; } }

        /// <summary>The congestion window (bytes).</summary>
        public int CongestionWindowBytes { get { return _cwnd; } }

        /// <summary>The MSS we send with (the peer's, bounded by our MTU; 536 when it sent none).</summary>
        public int SendMss { get { return _sndMss; } }

        /// <summary>The peer's current send window (bytes).</summary>
        public int SendWindowBytes { get { return _sndWnd; } }

        /// <summary>Our next sequence number to send.</summary>
        public uint SendNext { get { return _sndNxt; } }

        /// <summary>The oldest unacknowledged sequence number.</summary>
        public uint SendUnacknowledged { get { return _sndUna; } }

        /// <summary>The next sequence number we expect.</summary>
        public uint ReceiveNext { get { return _rcvNxt; } }

        /// <summary>True when the layer may hand this slot to a new connection.</summary>
        internal bool IsFree { get { return State == TcpState.Closed && !AppOwned; } }

        private bool CanQueue
        {
            get
            {
                return (_flags & FlagFinQueued) == 0 && (State == TcpState.Established || State == TcpState.CloseWait
                    || State == TcpState.SynSent || State == TcpState.SynReceived);
            }
        }

        /// <summary>Copies up to <paramref name="count"/> bytes into the TX ring; returns the bytes taken (0 when closed for sending).</summary>
        public int Send(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            if (!CanQueue)
            {
                return 0;
            }
            return _tx.Write(buffer, offset, count);
        }

        /// <summary>Copies up to <paramref name="count"/> received bytes out of the RX ring; returns how many.</summary>
        public int Receive(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            int n = _rx.Read(buffer, offset, count);
            if (n > 0 && IsSynchronized && (_flags & FlagFinReceived) == 0)
            {
                // RFC 9293 §3.8.6.2.2: tell the peer when the window opened by enough to matter, at once only when the
                // window it holds now is too small to send into (as Linux does after a read). Otherwise the new edge
                // rides on the next ACK, which the delayed-ACK rules send within two full segments or DelayedAckMs:
                // an update after every read doubled the ACKs of a stream the app keeps up with.
                int free = ReceiveWindowToAdvertise();
                if ((int)(_rcvNxt + (uint)free - _rcvAdvertisedEdge) > 0 && WindowOpenedEnough()
                    && (int)(_rcvAdvertisedEdge - _rcvNxt) < SwsThreshold())
                {
                    _flags |= FlagAckNow;
                }
            }
            return n;
        }

        /// <summary>Half close: sends FIN after the queued data; receiving continues (RFC 9293 §3.10.4).</summary>
        public void Shutdown()
        {
            if (State == TcpState.SynSent)
            {
                EnterClosed(TcpError.None);
                return;
            }
            if (State == TcpState.SynReceived || State == TcpState.Established)
            {
                _flags |= FlagFinQueued;
                State = TcpState.FinWait1;
            }
            else if (State == TcpState.CloseWait)
            {
                _flags |= FlagFinQueued;
                State = TcpState.LastAck;
            }
        }

        /// <summary>
        /// Graceful close: FIN after the queued data, then the layer finishes the close on its own. Unread data
        /// turns it into an abort (RFC 2525 §2.17). The app must not use the object afterwards.
        /// </summary>
        public void Close()
        {
            if (!AppOwned)
            {
                return;
            }
            if (_rx.Count > 0 && IsSynchronized)
            {
                Abort();
                return;
            }
            Shutdown();
            AppOwned = false;
            if (State == TcpState.FinWait2)
            {
                _finWait2DeadlineMs = _layer.LastNowMs + _config.FinWait2TimeoutMs;
            }
            if (State == TcpState.Closed)
            {
                Reset();
            }
        }

        /// <summary>Aborts: sends RST when synchronized and frees the connection (RFC 9293 §3.10.5).</summary>
        public void Abort()
        {
            if (IsSynchronized || State == TcpState.SynReceived)
            {
                _layer.SendReset(RemoteAddress, LocalPort, RemotePort, _sndNxt, 0, false);
            }
            AppOwned = false;
            EnterClosed(Error);
            Reset();
        }

        // Our address went away: RST (from the old address, still configured) when synchronized, then closed with
        // AddressChanged; an owned connection stays the app's to see and close. False when it was closed already.
        internal bool AbortForAddressChange()
        {
            if (State == TcpState.Closed)
            {
                return false;
            }
            if (IsSynchronized || State == TcpState.SynReceived)
            {
                _layer.SendReset(RemoteAddress, LocalPort, RemotePort, _sndNxt, 0, false);
            }
            EnterClosed(TcpError.AddressChanged);
            if (!AppOwned)
            {
                Reset();
            }
            return true;
        }

        private bool IsSynchronized
        {
            get
            {
                return State == TcpState.Established || State == TcpState.FinWait1 || State == TcpState.FinWait2
                    || State == TcpState.CloseWait || State == TcpState.Closing || State == TcpState.LastAck;
            }
        }

        internal void Reset()
        {
            State = TcpState.Closed;
            _rx.Clear();
            _tx.Clear();
            _assembler.Clear();
            Listener = null;
            // Every flag but AppOwned: the app keeps a connection until it closes it, whatever the peer did.
            _flags &= FlagAppOwned;
            _srttMs = 0;
            _rttvarMs = 0;
            _rtoMs = _config.InitialRtoMs;
            _rtoDeadlineMs = long.MaxValue;
            _persistDeadlineMs = long.MaxValue;
            _delayedAckDeadlineMs = long.MaxValue;
            _finWait2DeadlineMs = long.MaxValue;
            _keepAliveDeadlineMs = long.MaxValue;
            _keepAlivesSent = 0;
            _retransmissions = 0;
            _dupAcks = 0;
            _tlpDeadlineMs = long.MaxValue;
            _unackedSegments = 0;
            _sndShift = 0;
            _rcvShift = 0;
            _offeredShift = -1;
        }

        /// <summary>The window scale shift our SYN carries, −1 for none.</summary>
        internal int OfferedWindowShift { get { return _offeredShift; } }

        /// <summary>The shift applied to windows we advertise (RFC 7323 §2.3).</summary>
        internal int ReceiveWindowShift { get { return _rcvShift; } }

        /// <summary>Starts an active open (the layer picked the port and ISN).</summary>
        internal void OpenActive(uint remoteAddress, ushort remotePort, ushort localPort, uint iss, long nowMs)
        {
            Reset();
            Error = TcpError.None;
            RemoteAddress = remoteAddress;
            RemotePort = remotePort;
            LocalPort = localPort;
            InitSend(iss, nowMs);
            _sndWnd = 1;
            _sndMss = 536;
            // RFC 7323 §2.2: offer scaling only when our ring is larger than an unscaled window can say.
            _offeredShift = _layer.WantedWindowShift > 0 ? _layer.WantedWindowShift : -1;
            State = TcpState.SynSent;
            AppOwned = true;
            CreatedMs = nowMs;
        }

        // A fresh connection of the listener's, to the segment's sender (a passive open, or a returning cookie).
        private void TakeFromListener(TcpListener listener, TcpSegment seg, long nowMs)
        {
            Reset();
            Error = TcpError.None;
            RemoteAddress = seg.Source;
            RemotePort = seg.SourcePort;
            LocalPort = seg.DestinationPort;
            Listener = listener;
            AppOwned = false;
            CreatedMs = nowMs;
        }

        /// <summary>Starts a passive open from a SYN received on a listener (RFC 9293 §3.10.7.2).</summary>
        internal void OpenPassive(TcpListener listener, TcpSegment seg, uint iss, long nowMs)
        {
            TakeFromListener(listener, seg, nowMs);
            InitSend(iss, nowMs);
            _irs = seg.Sequence;
            _rcvNxt = seg.Sequence + 1;
            _rcvAdvertisedEdge = _rcvNxt;
            TakePeerOptions(seg);
            if (seg.Options.WindowScale >= 0 && _layer.WantedWindowShift > 0)
            {
                // RFC 7323 §2.2: answer the peer's option with ours; both directions scale from now on.
                _offeredShift = _layer.WantedWindowShift;
                _sndShift = seg.Options.WindowScale;
                _rcvShift = _offeredShift;
            }
            _sndWnd = seg.Window;
            _maxSndWnd = _sndWnd;
            _sndWl1 = seg.Sequence;
            _sndWl2 = 0;
            State = TcpState.SynReceived;
        }

        /// <summary>
        /// ESTABLISHED straight from the ACK that returned a SYN cookie (RFC 4987 §3.6): our SYN (ISN = SEG.ACK − 1)
        /// is acknowledged, the peer's ISN is SEG.SEQ − 1, the MSS is the cookie's, and neither side scales windows
        /// (the cookie SYN-ACK offered no scaling). The caller then runs the segment itself through <see cref="Input"/>.
        /// </summary>
        internal void OpenFromCookie(TcpListener listener, TcpSegment seg, int mss, int advertisedWindow, long nowMs)
        {
            TakeFromListener(listener, seg, nowMs);
            InitSend(seg.Acknowledgment - 1, nowMs);
            _sndUna = seg.Acknowledgment;
            _sndNxt = _sndUna;
            _sndMax = _sndUna;
            _recover = _sndUna;
            _flags |= FlagSynAcked;
            _irs = seg.Sequence - 1;
            _rcvNxt = seg.Sequence;
            _rcvAdvertisedEdge = _rcvNxt + (uint)advertisedWindow;
            SetSendMss(mss);
            _sndWnd = seg.Window;
            _maxSndWnd = _sndWnd;
            _sndWl1 = seg.Sequence;
            _sndWl2 = seg.Acknowledgment;
            State = TcpState.Established;
        }

        private void InitSend(uint iss, long nowMs)
        {
            _iss = iss;
            _sndUna = iss;
            _sndNxt = iss;
            _sndMax = iss;
            _recover = iss;
            _lastReceiveMs = nowMs;
        }

        private void TakePeerOptions(TcpSegment seg)
        {
            // RFC 9293 §3.7.1: 536 when the peer sent no MSS.
            SetSendMss(seg.Options.Mss > 0 ? seg.Options.Mss : 536);
        }

        private void SetSendMss(int mss)
        {
            // Never more than our own path allows.
            int ours = _layer.OurMss;
            if (mss > ours)
            {
                mss = ours;
            }
            if (mss < 64)
            {
                mss = 64;
            }
            _sndMss = mss;
            // RFC 5681 §3.1: IW = min(4*SMSS, max(2*SMSS, 4380)).
            _cwnd = 2 * mss > 4380 ? 2 * mss : 4380;
            if (_cwnd > 4 * mss) { _cwnd = 4 * mss; }
            _ssthresh = 0x3FFFFFFF;
        }

        // ---------------------------------------------------------------- input

        /// <summary>A segment for this connection's 4-tuple (RFC 9293 §3.10.7.3 and §3.10.7.4).</summary>
        internal void Input(TcpSegment seg, long nowMs)
        {
            _lastReceiveMs = nowMs;
            _keepAlivesSent = 0;
            if (State == TcpState.SynSent)
            {
                InputSynSent(seg, nowMs);
                return;
            }
            if (TakeNextInOrderData(seg, nowMs))
            {
                Output(nowMs);
                return;
            }

            // RFC 7323 §2.3: the window field of a SYN is never scaled.
            _segWindow = seg.Has(TcpHeader.Syn) ? seg.Window : seg.Window << _sndShift;
            if (State == TcpState.SynReceived && seg.Has(TcpHeader.Syn) && !seg.Has(TcpHeader.Rst) && seg.Sequence == _irs)
            {
                InputSynReceivedSyn(seg, nowMs);
                return;
            }

            // First: the sequence number (§3.10.7.4), acceptability against the receive window.
            int window = ReceiveWindowNow();
            int segLen = seg.SequenceLength;
            if (!IsAcceptable(seg.Sequence, segLen, window))
            {
                if (!seg.Has(TcpHeader.Rst))
                {
                    _layer.Counters.NotAcceptable++;
                    if (window == 0 && seg.Has(TcpHeader.Ack) && !seg.Has(TcpHeader.Syn) && State != TcpState.SynReceived)
                    {
                        // RFC 9293 §3.10.7.4: with RCV.WND zero no segment is acceptable, "but special allowance should be
                        // made to accept valid ACKs". A peer whose window probe we refused sends its ACKs from past the
                        // probe byte; ignoring them would leave our own data unacknowledged until it times out. Its text
                        // is dropped; its window counts as of RCV.NXT, so an older-numbered segment can still update it.
                        seg.Sequence = _rcvNxt;
                        if (!ProcessAck(seg, nowMs) || State == TcpState.Closed)
                        {
                            return;
                        }
                    }
                    // RFC 9293 §3.10.7.4: an unacceptable segment draws an ACK (unless it is a RST).
                    _flags |= FlagAckNow;
                    Output(nowMs);
                }
                else
                {
                    _layer.Counters.ResetsIgnored++;
                }
                return;
            }

            // Second: RST (RFC 5961 §3.2): exact match resets, anything else in window earns a challenge ACK.
            if (seg.Has(TcpHeader.Rst))
            {
                if (seg.Sequence == _rcvNxt)
                {
                    if (State == TcpState.SynReceived && Listener != null && !Accepted)
                    {
                        // §3.10.7.4: a passive open that is reset goes back to LISTEN: free the slot.
                        _layer.Counters.AttemptFails++;
                        EnterClosed(TcpError.Reset);
                        Reset();
                        return;
                    }
                    if (State == TcpState.Established || State == TcpState.CloseWait)
                    {
                        _layer.Counters.EstablishedResets++;
                    }
                    // RFC 9293 §3.10.7.4: in CLOSING and LAST_ACK both directions are done; a RST just ends it.
                    bool bothClosed = State == TcpState.Closing || State == TcpState.LastAck;
                    EnterClosed(bothClosed ? TcpError.None : TcpError.Reset);
                    if (!AppOwned)
                    {
                        Reset();
                    }
                }
                else
                {
                    _layer.SendChallengeAck(this, nowMs);
                }
                return;
            }

            // Fourth: SYN in a synchronized state (RFC 5961 §4.2): challenge ACK, drop.
            if (seg.Has(TcpHeader.Syn))
            {
                _layer.SendChallengeAck(this, nowMs);
                return;
            }

            // Fifth: ACK.
            if (!seg.Has(TcpHeader.Ack))
            {
                return;
            }
            if (State == TcpState.SynReceived)
            {
                if (TcpSequence.Lt(_sndUna, seg.Acknowledgment) && TcpSequence.Le(seg.Acknowledgment, _sndMax))
                {
                    State = TcpState.Established;
                    if ((_flags & FlagFinQueued) != 0)
                    {
                        State = TcpState.FinWait1;
                    }
                    _sndWnd = _segWindow;
                    _maxSndWnd = _sndWnd;
                    _sndWl1 = seg.Sequence;
                    _sndWl2 = seg.Acknowledgment;
                }
                else
                {
                    _layer.SendReset(RemoteAddress, LocalPort, RemotePort, seg.Acknowledgment, 0, false);
                    return;
                }
            }
            if (!ProcessAck(seg, nowMs))
            {
                return;
            }
            if (State == TcpState.Closed)
            {
                return;
            }

            // Seventh: segment text, in ESTABLISHED, FIN_WAIT_1 and FIN_WAIT_2.
            bool fin = seg.Has(TcpHeader.Fin);
            if (seg.DataLength > 0 || fin)
            {
                ProcessText(seg, window, nowMs);
            }
            Output(nowMs);
        }

        /// <summary>
        /// Header prediction (Van Jacobson's, as in BSD and Linux): what a receiving stream sees nearly every time is, in
        /// ESTABLISHED, the next in-order segment of data with a bare ACK (PSH allowed) that acknowledges nothing new,
        /// nothing held out of order, and room for all of it in the window and the ring. For that segment every check of
        /// the general path (§3.10.7.4: acceptability, RST, SYN, the ACK, the text) passes and changes only what is done
        /// here, so it goes straight into the ring. False (nothing changed) for any other segment: the general path.
        /// The interpreter pays per instruction, and this is most of the segments a device receives.
        /// </summary>
        private bool TakeNextInOrderData(TcpSegment seg, long nowMs)
        {
            int length = seg.DataLength;
            if (State != TcpState.Established || (seg.Flags & ~TcpHeader.Psh) != TcpHeader.Ack || length == 0
                || seg.Sequence != _rcvNxt || seg.Acknowledgment != _sndUna || (_flags & FlagOooFin) != 0
                || !_assembler.IsEmpty || length > _rx.Free || length > ReceiveWindowNow())
            {
                return false;
            }
            _segWindow = seg.Window << _sndShift;
            UpdateSendWindow(seg.Sequence, seg.Acknowledgment);
            _rx.Write(seg.Buffer, seg.DataOffset, length);
            TextTaken(length, nowMs);
            return true;
        }

        // In-order text of that many bytes is in the ring: RCV.NXT moves past it and its ACK is scheduled (RFC 5681 §4.2: at least
        // every second full-sized segment; otherwise within DelayedAckMs).
        private void TextTaken(int bytes, long nowMs)
        {
            _rcvNxt += (uint)bytes;
            if (!AppOwned && Accepted)
            {
                // Nobody will read an orphan's data: drop it so the window stays open for the close.
                _rx.Clear();
            }
            _unackedSegments++;
            if (_unackedSegments >= 2 || _config.DelayedAckMs == 0)
            {
                _flags |= FlagAckNow;
            }
            else if (_delayedAckDeadlineMs == long.MaxValue)
            {
                _delayedAckDeadlineMs = nowMs + _config.DelayedAckMs;
            }
        }

        /// <summary>
        /// The peer's SYN again while we are in SYN_RCVD: a retransmission (our SYN,ACK was lost: send it again),
        /// or, in a simultaneous open (§3.5 figure 8), its SYN,ACK that acknowledges ours: ESTABLISHED.
        /// </summary>
        private void InputSynReceivedSyn(TcpSegment seg, long nowMs)
        {
            if (seg.Has(TcpHeader.Ack) && TcpSequence.Lt(_sndUna, seg.Acknowledgment) && TcpSequence.Le(seg.Acknowledgment, _sndMax))
            {
                State = (_flags & FlagFinQueued) != 0 ? TcpState.FinWait1 : TcpState.Established;
                _sndWnd = _segWindow;
                _maxSndWnd = _sndWnd;
                _sndWl1 = seg.Sequence;
                _sndWl2 = seg.Acknowledgment;
                ProcessAck(seg, nowMs);
                _flags |= FlagAckNow;
                Output(nowMs);
                return;
            }
            _sndNxt = _iss;
            Output(nowMs);
        }

        private void InputSynSent(TcpSegment seg, long nowMs)
        {
            bool ack = seg.Has(TcpHeader.Ack);
            // RFC 9293 §3.10.7.3: an ACK must cover our SYN and nothing we did not send.
            if (ack && (TcpSequence.Le(seg.Acknowledgment, _iss) || TcpSequence.Gt(seg.Acknowledgment, _sndMax)))
            {
                if (!seg.Has(TcpHeader.Rst))
                {
                    _layer.SendReset(RemoteAddress, LocalPort, RemotePort, seg.Acknowledgment, 0, false);
                }
                return;
            }
            if (seg.Has(TcpHeader.Rst))
            {
                if (ack)
                {
                    _layer.Counters.AttemptFails++;
                    EnterClosed(TcpError.Refused);
                }
                return;
            }
            if (!seg.Has(TcpHeader.Syn))
            {
                return;
            }
            _irs = seg.Sequence;
            _rcvNxt = seg.Sequence + 1;
            _rcvAdvertisedEdge = _rcvNxt;
            TakePeerOptions(seg);
            if (_offeredShift >= 0 && seg.Options.WindowScale >= 0)
            {
                _sndShift = seg.Options.WindowScale;
                _rcvShift = _offeredShift;
            }
            else
            {
                // The peer did not scale: neither side does (RFC 7323 §2.2).
                _offeredShift = seg.Options.WindowScale >= 0 ? _offeredShift : -1;
            }
            _sndWnd = seg.Window;
            _maxSndWnd = _sndWnd;
            _sndWl1 = seg.Sequence;
            _sndWl2 = seg.Acknowledgment;
            if (ack)
            {
                _flags |= FlagSynAcked;
                _sndUna = seg.Acknowledgment;
                if (TcpSequence.Lt(_sndNxt, _sndUna)) { _sndNxt = _sndUna; }
                TakeRttSample(nowMs);
                if ((_flags & FlagRttValid) == 0 && _retransmissions > 0)
                {
                    // RFC 6298 §5.7: the SYN timed out and no sample exists: start data transfer with RTO 3 s.
                    _rtoMs = 3000;
                    ClampRto();
                }
                _retransmissions = 0;
                _rtoDeadlineMs = long.MaxValue;
                State = (_flags & FlagFinQueued) != 0 ? TcpState.FinWait1 : TcpState.Established;
                _flags |= FlagAckNow;
                Output(nowMs);
            }
            else
            {
                // Simultaneous open (§3.5 figure 8): answer with SYN,ACK from the same ISN.
                State = TcpState.SynReceived;
                _sndNxt = _iss;
                _flags &= ~FlagRttTiming;
                Output(nowMs);
            }
        }

        /// <summary>RFC 9293 §3.10.7.4 acceptance test (four cases by SEG.LEN and RCV.WND).</summary>
        private bool IsAcceptable(uint seq, int segLen, int window)
        {
            if (segLen == 0)
            {
                if (window == 0)
                {
                    return seq == _rcvNxt;
                }
                return TcpSequence.Le(_rcvNxt, seq) && TcpSequence.Lt(seq, _rcvNxt + (uint)window);
            }
            if (window == 0)
            {
                return false;
            }
            uint last = seq + (uint)segLen - 1;
            uint end = _rcvNxt + (uint)window;
            return (TcpSequence.Le(_rcvNxt, seq) && TcpSequence.Lt(seq, end))
                || (TcpSequence.Le(_rcvNxt, last) && TcpSequence.Lt(last, end));
        }

        /// <summary>The ACK field (§3.10.7.4 fifth step, RFC 5961 §5.2); false when the segment is to be dropped.</summary>
        private bool ProcessAck(TcpSegment seg, long nowMs)
        {
            uint ack = seg.Acknowledgment;
            // RFC 5961 §5.2: acceptable range is SND.UNA − MAX.SND.WND ≤ SEG.ACK ≤ SND.NXT (we use SND.MAX: go-back-N rewinds SND.NXT).
            if (TcpSequence.Gt(ack, _sndMax))
            {
                _flags |= FlagAckNow;
                Output(nowMs);
                return false;
            }
            if (TcpSequence.Lt(ack, _sndUna - (uint)_maxSndWnd))
            {
                _layer.SendChallengeAck(this, nowMs);
                return false;
            }
            int synBytes = 0;
            if ((_flags & FlagSynAcked) == 0 && TcpSequence.Gt(ack, _iss))
            {
                // Our SYN is acknowledged: from now on the TX ring's first byte is SND.UNA.
                _flags |= FlagSynAcked;
                synBytes = 1;
            }

            int flight = (int)(_sndMax - _sndUna);
            if (TcpSequence.Gt(ack, _sndUna))
            {
                int acked = (int)(ack - _sndUna);
                int dataAcked = acked - synBytes;
                if (dataAcked > _tx.Count)
                {
                    // The rest is our FIN.
                    dataAcked = _tx.Count;
                }
                _tx.Discard(dataAcked);
                _sndUna = ack;
                if (TcpSequence.Lt(_sndNxt, _sndUna)) { _sndNxt = _sndUna; }
                if ((_flags & FlagRttTiming) != 0 && TcpSequence.Ge(ack, _rttSeq))
                {
                    TakeRttSample(nowMs);
                }
                _retransmissions = 0;
                _persistIntervalMs = 0;
                OnNewAck(acked, ack, nowMs);
                _rtoDeadlineMs = _sndUna == _sndMax ? long.MaxValue : nowMs + _rtoMs;
                // RFC 8985 §7.2: an ACK of new data ends a probe's episode and schedules the next PTO.
                _flags &= ~FlagTlpSent;
                ArmTailLossProbe(nowMs);
            }
            else if (ack == _sndUna && seg.DataLength == 0 && !seg.Has(TcpHeader.Fin) && flight > 0
                && _sndWnd > 0 && _segWindow == _sndWnd)
            {
                // RFC 5681 §2: a duplicate ACK.
                _layer.Counters.DuplicateAcks++;
                OnDuplicateAck(nowMs);
            }

            UpdateSendWindow(seg.Sequence, ack);

            bool finAcked = FinAcked;
            if (State == TcpState.FinWait1 && finAcked)
            {
                State = TcpState.FinWait2;
                if (!AppOwned)
                {
                    _finWait2DeadlineMs = nowMs + _config.FinWait2TimeoutMs;
                }
            }
            else if (State == TcpState.Closing && finAcked)
            {
                EnterTimeWait(nowMs);
                return false;
            }
            else if (State == TcpState.LastAck && finAcked)
            {
                EnterClosed(TcpError.None);
                if (!AppOwned)
                {
                    Reset();
                }
                return false;
            }
            return true;
        }

        // RFC 9293 §3.10.7.4: the send window comes from the newest segment only (SND.WL1, SND.WL2).
        private void UpdateSendWindow(uint seq, uint ack)
        {
            if (TcpSequence.Lt(_sndWl1, seq) || (_sndWl1 == seq && TcpSequence.Le(_sndWl2, ack)))
            {
                _sndWnd = _segWindow;
                if (_sndWnd > _maxSndWnd) { _maxSndWnd = _sndWnd; }
                _sndWl1 = seq;
                _sndWl2 = ack;
                if (_sndWnd > 0)
                {
                    _persistDeadlineMs = long.MaxValue;
                }
            }
        }

        private bool FinAcked
        {
            get { return (_flags & FlagFinSent) != 0 && TcpSequence.Gt(_sndUna, _finSeq); }
        }

        private uint FinSequence
        {
            get { return ((_flags & FlagSynAcked) != 0 ? _sndUna : _sndUna + 1) + (uint)_tx.Count; }
        }

        private void OnNewAck(int acked, uint ack, long nowMs)
        {
            if ((_flags & FlagInRecovery) != 0)
            {
                if (TcpSequence.Ge(ack, _recover))
                {
                    // RFC 6582 §3.2 step 3: full acknowledgment, deflate the window.
                    int flight = (int)(_sndMax - _sndUna);
                    _cwnd = _ssthresh < flight + _sndMss ? _ssthresh : flight + _sndMss;
                    _flags &= ~FlagInRecovery;
                }
                else
                {
                    // RFC 6582 §3.2 step 4: partial acknowledgment, retransmit the next hole, partial deflation.
                    RetransmitFirst(nowMs);
                    _cwnd = _cwnd - acked + _sndMss;
                    if (_cwnd < _sndMss) { _cwnd = _sndMss; }
                }
            }
            else if (_cwnd < _ssthresh)
            {
                // RFC 5681 §3.1: slow start.
                _cwnd += acked < _sndMss ? acked : _sndMss;
            }
            else
            {
                // Congestion avoidance: about one MSS per RTT.
                int increment = _sndMss * _sndMss / _cwnd;
                _cwnd += increment > 0 ? increment : 1;
            }
            if (_cwnd > 0x3FFFFFFF) { _cwnd = 0x3FFFFFFF; }
            _dupAcks = 0;
        }

        private void OnDuplicateAck(long nowMs)
        {
            _dupAcks++;
            if ((_flags & FlagInRecovery) != 0)
            {
                // RFC 6582 §3.2 step 5: inflate by one segment per further duplicate.
                _cwnd += _sndMss;
                return;
            }
            // RFC 6582 §3.2 step 1: not again for losses from the window that already caused a recovery.
            if (_dupAcks >= 3 || !TcpSequence.Ge(_sndUna, _recover))
            {
                if (_dupAcks == 3 && TcpSequence.Ge(_sndUna, _recover))
                {
                    EnterFastRecovery(nowMs);
                }
                return;
            }
            if (_config.EarlyRetransmit && _dupAcks >= EarlyRetransmitThreshold())
            {
                _layer.Counters.EarlyRetransmits++;
                EnterFastRecovery(nowMs);
                return;
            }
            if (_config.LimitedTransmit)
            {
                SendLimitedTransmit(nowMs);
            }
        }

        /// <summary>RFC 5681 §3.2 / RFC 6582 §3.2 step 2: fast retransmit, enter fast recovery.</summary>
        private void EnterFastRecovery(long nowMs)
        {
            int flight = (int)(_sndMax - _sndUna);
            _ssthresh = flight / 2 > 2 * _sndMss ? flight / 2 : 2 * _sndMss;
            _recover = _sndMax;
            _flags |= FlagInRecovery;
            _tlpDeadlineMs = long.MaxValue;
            _layer.Counters.FastRetransmits++;
            RetransmitFirst(nowMs);
            _cwnd = _ssthresh + 3 * _sndMss;
        }

        /// <summary>
        /// RFC 5827 §3.1 (the byte-based variant: we keep no per-segment record): with less than four segments'
        /// worth outstanding and no new segment the windows would let go (so limited transmit cannot draw more
        /// duplicate ACKs), the threshold is ceil(outstanding / SMSS) − 1; otherwise 3, never above it.
        /// </summary>
        private int EarlyRetransmitThreshold()
        {
            int flight = (int)(_sndMax - _sndUna);
            if (flight >= 4 * _sndMss || CanSendNewSegment())
            {
                return 3;
            }
            int segments = (flight + _sndMss - 1) / _sndMss;
            // One segment outstanding draws no duplicate ACK at all; 0 would mean "retransmit on any ACK".
            return segments - 1 < 1 ? 3 : segments - 1;
        }

        /// <summary>True when previously unsent data is queued and the peer's window takes one more segment of it now.</summary>
        private bool CanSendNewSegment()
        {
            if (_sndNxt != _sndMax)
            {
                return false;
            }
            int inFlight = (int)(_sndMax - _sndUna);
            int unsent = _tx.Count - inFlight;
            if (unsent <= 0)
            {
                return false;
            }
            int length = unsent < _sndMss ? unsent : _sndMss;
            return _sndWnd - inFlight >= length;
        }

        /// <summary>
        /// RFC 3042 §2: on the first and second duplicate ACK, one segment of previously unsent data, if the peer's
        /// window allows it and the flight stays within cwnd + 2·SMSS; cwnd itself is not changed.
        /// </summary>
        private void SendLimitedTransmit(long nowMs)
        {
            if (!CanSendNewSegment())
            {
                return;
            }
            int inFlight = (int)(_sndMax - _sndUna);
            int unsent = _tx.Count - inFlight;
            int length = unsent < _sndMss ? unsent : _sndMss;
            if (inFlight + length > _cwnd + 2 * _sndMss)
            {
                return;
            }
            _layer.Counters.LimitedTransmits++;
            uint seq = _sndNxt;
            SendSegment(seq, length, false, nowMs);
            _sndNxt = seq + (uint)length;
            _sndMax = _sndNxt;
            ArmTailLossProbe(nowMs);
        }

        /// <summary>
        /// RFC 8985 §7.2: schedules the probe timeout while data is outstanding, outside recovery, before any RTO,
        /// with an RTT sample: PTO = 2·SRTT, plus the worst-case delayed ACK when one segment is in flight (its ACK
        /// may be held back), at least 10 ms, and only when it comes before the RTO (else the RTO does the job).
        /// </summary>
        private void ArmTailLossProbe(long nowMs)
        {
            _tlpDeadlineMs = long.MaxValue;
            if (!_config.TailLossProbe || (_flags & FlagTlpSent) != 0 || (_flags & FlagInRecovery) != 0 || (_flags & FlagRttValid) == 0 || (_flags & FlagSynAcked) == 0 || _retransmissions > 0
                || _sndMax == _sndUna || _rtoDeadlineMs == long.MaxValue)
            {
                return;
            }
            long ptoMs = 2L * _srttMs;
            if ((int)(_sndMax - _sndUna) <= _sndMss)
            {
                ptoMs += WorstCaseDelayedAckMs;
            }
            if (ptoMs < MinProbeTimeoutMs)
            {
                ptoMs = MinProbeTimeoutMs;
            }
            if (nowMs + ptoMs < _rtoDeadlineMs)
            {
                _tlpDeadlineMs = nowMs + ptoMs;
            }
        }

        /// <summary>RFC 8985 §7.2's WCDelAckT: the longest a peer may be expected to hold back an ACK.</summary>
        private const int WorstCaseDelayedAckMs = 200;

        /// <summary>The shortest probe timeout: on a LAN SRTT is ~0, and a probe then would race every ACK.</summary>
        private const int MinProbeTimeoutMs = 10;

        /// <summary>
        /// RFC 8985 §7.3: one probe: a new segment when the windows allow it, else the last segment sent (its FIN
        /// too) again. Either draws an ACK that tells what is missing (a duplicate ACK starts fast recovery, with
        /// early retransmit even for a flight of two); the RTO is then restarted from now.
        /// </summary>
        private void SendTailLossProbe(long nowMs)
        {
            _tlpDeadlineMs = long.MaxValue;
            if (_sndMax == _sndUna || (_flags & FlagInRecovery) != 0 || (_flags & FlagSynAcked) == 0)
            {
                return;
            }
            _flags |= FlagTlpSent;
            _layer.Counters.TailLossProbes++;
            if (CanSendNewSegment())
            {
                int inFlight = (int)(_sndMax - _sndUna);
                int unsent = _tx.Count - inFlight;
                int length = unsent < _sndMss ? unsent : _sndMss;
                uint seq = _sndNxt;
                SendSegment(seq, length, false, nowMs);
                _sndNxt = seq + (uint)length;
                _sndMax = _sndNxt;
            }
            else
            {
                bool fin = (_flags & FlagFinSent) != 0 && !FinAcked;
                int flightData = (int)(_sndMax - _sndUna) - (fin ? 1 : 0);
                int length = flightData < _sndMss ? flightData : _sndMss;
                // Karn: the timed segment may be the one sent again.
                _flags &= ~FlagRttTiming;
                _layer.Counters.Retransmitted++;
                SendSegment(_sndUna + (uint)(flightData - length), length, fin, nowMs);
            }
            _rtoDeadlineMs = nowMs + _rtoMs;
        }

        private void RetransmitFirst(long nowMs)
        {
            int length = _tx.Count < _sndMss ? _tx.Count : _sndMss;
            bool fin = length == _tx.Count && (_flags & FlagFinSent) != 0;
            if (length == 0 && !fin)
            {
                return;
            }
            _flags &= ~FlagRttTiming;
            // Every segment sent again counts (tcpRetransSegs, RFC 4022): fast retransmits and partial-ACK holes too.
            _layer.Counters.Retransmitted++;
            SendSegment(_sndUna, length, fin, nowMs);
            _rtoDeadlineMs = nowMs + _rtoMs;
        }

        private void TakeRttSample(long nowMs)
        {
            if ((_flags & FlagRttTiming) == 0)
            {
                return;
            }
            _flags &= ~FlagRttTiming;
            int r = (int)(nowMs - _rttStartMs);
            if (r < 0) { r = 0; }
            if ((_flags & FlagRttValid) == 0)
            {
                // RFC 6298 §2.2: the first measurement.
                _srttMs = r;
                _rttvarMs = r / 2;
                _flags |= FlagRttValid;
            }
            else
            {
                // RFC 6298 §2.3: beta 1/4, alpha 1/8.
                int delta = _srttMs - r;
                if (delta < 0) { delta = -delta; }
                _rttvarMs = (3 * _rttvarMs + delta) / 4;
                _srttMs = (7 * _srttMs + r) / 8;
            }
            int variance = 4 * _rttvarMs;
            // G (clock granularity) is 1 ms here.
            _rtoMs = _srttMs + (variance > 1 ? variance : 1);
            ClampRto();
        }

        private void ClampRto()
        {
            if (_rtoMs < _config.MinRtoMs) { _rtoMs = _config.MinRtoMs; }
            if (_rtoMs > _config.MaxRtoMs) { _rtoMs = _config.MaxRtoMs; }
        }

        private void ProcessText(TcpSegment seg, int window, long nowMs)
        {
            if (State != TcpState.Established && State != TcpState.FinWait1 && State != TcpState.FinWait2)
            {
                // CLOSE_WAIT, CLOSING, LAST_ACK: the peer already sent FIN; ignore text (§3.10.7.4 seventh).
                return;
            }
            uint seq = seg.Sequence;
            int offset = seg.DataOffset;
            int length = seg.DataLength;
            bool fin = seg.Has(TcpHeader.Fin);
            // Trim what we already have from the front.
            int already = (int)(_rcvNxt - seq);
            if (already > 0)
            {
                if (already > length)
                {
                    // All of it we have, its FIN included.
                    length = 0;
                    fin = false;
                }
                else
                {
                    offset += already;
                    length -= already;
                }
                seq = _rcvNxt;
            }
            // Trim what the window does not cover from the back (the FIN with it).
            int ahead = (int)(seq - _rcvNxt);
            if (ahead + length > window)
            {
                length = window - ahead;
                if (length < 0) { length = 0; }
                fin = false;
            }
            if (length > 0)
            {
                if (ahead > 0 || !_assembler.IsEmpty)
                {
                    if (ahead > 0)
                    {
                        _layer.Counters.OutOfOrder++;
                    }
                    // RFC 9293 §3.10.7.4 / RFC 5681 §4.2: out-of-order data draws an immediate ACK.
                    _flags |= FlagAckNow;
                }
                if (ahead + length <= _rx.Free && _assembler.Add(ahead, length))
                {
                    _rx.WriteAhead(ahead, seg.Buffer, offset, length);
                }
                else
                {
                    _layer.Counters.OutOfOrderDropped++;
                    fin = false;
                }
            }
            else if (seg.DataLength > 0 && !fin)
            {
                // A pure duplicate: ACK it at once so the peer stops (RFC 9293 §3.10.7.4).
                _flags |= FlagAckNow;
            }
            if (fin)
            {
                _flags |= FlagOooFin;
                _oooFinSeq = seq + (uint)length;
            }
            int ready = _assembler.TakeFront();
            if (ready > 0)
            {
                _rx.Commit(ready);
                TextTaken(ready, nowMs);
            }
            if ((_flags & FlagOooFin) != 0 && _oooFinSeq == _rcvNxt && _assembler.IsEmpty)
            {
                _flags &= ~FlagOooFin;
                _rcvNxt++;
                _flags |= FlagFinReceived;
                _flags |= FlagAckNow;
                if (State == TcpState.Established)
                {
                    State = TcpState.CloseWait;
                }
                else if (State == TcpState.FinWait1)
                {
                    // Our FIN not yet acknowledged (else we would be in FIN_WAIT_2): simultaneous close.
                    State = TcpState.Closing;
                }
                else if (State == TcpState.FinWait2)
                {
                    Output(nowMs);
                    EnterTimeWait(nowMs);
                }
            }
        }

        private void EnterTimeWait(long nowMs)
        {
            _layer.AddTimeWait(LocalPort, RemoteAddress, RemotePort, _sndMax, _rcvNxt, nowMs);
            EnterClosed(TcpError.None);
            if (!AppOwned)
            {
                Reset();
            }
        }

        private void EnterClosed(TcpError error)
        {
            if (State == TcpState.SynSent && error == TcpError.TimedOut)
            {
                _layer.Counters.AttemptFails++;
            }
            State = TcpState.Closed;
            Error = error;
            _tx.Clear();
            _assembler.Clear();
            _rtoDeadlineMs = long.MaxValue;
            _tlpDeadlineMs = long.MaxValue;
            _persistDeadlineMs = long.MaxValue;
            _delayedAckDeadlineMs = long.MaxValue;
            _finWait2DeadlineMs = long.MaxValue;
            _keepAliveDeadlineMs = long.MaxValue;
        }

        // ---------------------------------------------------------------- receive window

        /// <summary>The window the acceptance test uses: what we advertised, never less (we do not shrink it).</summary>
        private int ReceiveWindowNow()
        {
            int advertised = (int)(_rcvAdvertisedEdge - _rcvNxt);
            int free = _rx.Free;
            return advertised > free ? advertised : free;
        }

        private bool WindowOpenedEnough()
        {
            return (int)(_rcvNxt + (uint)_rx.Free - _rcvAdvertisedEdge) >= SwsThreshold();
        }

        // RFC 9293 §3.8.6.2.2: min(Fr × RCV.BUFF, Eff.snd.MSS), Fr = 1/2.
        private int SwsThreshold()
        {
            int half = _rx.Capacity / 2;
            return half < _layer.OurMss ? half : _layer.OurMss;
        }

        /// <summary>RFC 9293 §3.8.6.2.2 receiver SWS avoidance: move the right edge only by min(RCV.BUFF/2, MSS) or more.</summary>
        private int ReceiveWindowToAdvertise()
        {
            int free = _rx.Free;
            int current = (int)(_rcvAdvertisedEdge - _rcvNxt);
            if (current < 0) { current = 0; }
            if (WindowOpenedEnough() || free < current)
            {
                return free > current ? free : current;
            }
            return current;
        }

        // ---------------------------------------------------------------- output and timers

        /// <summary>The earliest timer of this connection.</summary>
        internal long NextDeadlineMs
        {
            get
            {
                long next = _rtoDeadlineMs;
                if (_tlpDeadlineMs < next) { next = _tlpDeadlineMs; }
                if (_persistDeadlineMs < next) { next = _persistDeadlineMs; }
                if (_delayedAckDeadlineMs < next) { next = _delayedAckDeadlineMs; }
                if (_finWait2DeadlineMs < next) { next = _finWait2DeadlineMs; }
                if (_keepAliveDeadlineMs < next) { next = _keepAliveDeadlineMs; }
                return next;
            }
        }

        /// <summary>Runs due timers, then sends what is ready.</summary>
        internal void Poll(long nowMs)
        {
            if (State == TcpState.Closed || State == TcpState.Listen)
            {
                return;
            }
            if (_rtoDeadlineMs <= nowMs)
            {
                OnRetransmissionTimeout(nowMs);
                if (State == TcpState.Closed) { return; }
            }
            if (_tlpDeadlineMs <= nowMs)
            {
                SendTailLossProbe(nowMs);
            }
            if (_persistDeadlineMs <= nowMs)
            {
                SendWindowProbe(nowMs);
            }
            if (_delayedAckDeadlineMs <= nowMs)
            {
                _flags |= FlagAckNow;
            }
            if (_finWait2DeadlineMs <= nowMs)
            {
                EnterClosed(TcpError.None);
                if (!AppOwned) { Reset(); }
                return;
            }
            if (_config.KeepAliveIdleMs > 0 && State == TcpState.Established)
            {
                PollKeepAlive(nowMs);
                if (State == TcpState.Closed) { return; }
            }
            // The common poll of an open connection: no ACK due, no FIN to queue, every byte of the ring already sent
            // (retransmissions rewind SND.NXT first). Output would find nothing to do; skip its arithmetic.
            if ((_flags & (FlagAckNow | FlagFinQueued)) == 0 && (_flags & FlagSynAcked) != 0 && _tx.Count == (int)(_sndNxt - _sndUna))
            {
                return;
            }
            Output(nowMs);
        }

        private void PollKeepAlive(long nowMs)
        {
            if (_keepAliveDeadlineMs == long.MaxValue || _keepAlivesSent == 0)
            {
                _keepAliveDeadlineMs = _lastReceiveMs + _config.KeepAliveIdleMs + (long)_keepAlivesSent * _config.KeepAliveIntervalMs;
            }
            if (nowMs < _keepAliveDeadlineMs || _sndMax != _sndUna)
            {
                return;
            }
            if (_keepAlivesSent >= _config.KeepAliveProbes)
            {
                _layer.Counters.TimedOut++;
                EnterClosed(TcpError.TimedOut);
                if (!AppOwned) { Reset(); }
                return;
            }
            // RFC 9293 §3.8.4: a keepalive is an ACK with SEG.SEQ = SND.NXT − 1, no data.
            _keepAlivesSent++;
            _layer.Counters.KeepAlives++;
            _layer.SendControl(this, _sndNxt - 1, TcpHeader.Ack, ReceiveWindowToAdvertise());
            _keepAliveDeadlineMs = nowMs + _config.KeepAliveIntervalMs;
        }

        private void OnRetransmissionTimeout(long nowMs)
        {
            _layer.Counters.Timeouts++;
            int limit = (_flags & FlagSynAcked) != 0 ? _config.MaxRetransmissions : _config.MaxSynRetransmissions;
            if (_retransmissions >= limit)
            {
                _layer.Counters.TimedOut++;
                EnterClosed(TcpError.TimedOut);
                if (!AppOwned) { Reset(); }
                return;
            }
            _retransmissions++;
            // RFC 6298 §5.5: back off; §5.7 keeps the backed-off value until new data is acknowledged.
            _rtoMs *= 2;
            ClampRto();
            // Karn: no RTT sample from a retransmitted segment.
            _flags &= ~FlagRttTiming;
            if ((_flags & FlagSynAcked) != 0)
            {
                // RFC 5681 §3.1 (4): one loss window, ssthresh from the flight size.
                int flight = (int)(_sndMax - _sndUna);
                _ssthresh = flight / 2 > 2 * _sndMss ? flight / 2 : 2 * _sndMss;
                _cwnd = _sndMss;
                _flags &= ~FlagInRecovery;
                _recover = _sndMax;
                _dupAcks = 0;
            }
            // Go back to the oldest unacknowledged byte (or our SYN).
            _sndNxt = _sndUna;
            _rtoDeadlineMs = long.MaxValue;
            _tlpDeadlineMs = long.MaxValue;
            long sentBefore = _layer.Counters.SegmentsOut;
            Output(nowMs);
            if ((_flags & FlagSynAcked) != 0 && _layer.Counters.SegmentsOut == sentBefore && (_tx.Count > 0 || (_flags & FlagFinSent) != 0))
            {
                // The window closed while data was in flight (and the update that reopens it may be lost): the
                // timeout still sends the head segment, whose ACK carries the current window (as Linux does).
                int length = _tx.Count < _sndMss ? _tx.Count : _sndMss;
                bool fin = length == _tx.Count && (_flags & FlagFinSent) != 0;
                _layer.Counters.Retransmitted++;
                SendSegment(_sndUna, length, fin, nowMs);
                _sndNxt = _sndUna + (uint)length + (fin ? 1u : 0u);
            }
            if (_rtoDeadlineMs == long.MaxValue && _sndMax != _sndUna)
            {
                _rtoDeadlineMs = nowMs + _rtoMs;
            }
        }

        private void SendWindowProbe(long nowMs)
        {
            _layer.Counters.WindowProbes++;
            // RFC 9293 §3.8.6.1: probe a zero window with one byte of new data; back off like the RTO.
            if (_tx.Count > (int)(_sndNxt - _sndUna))
            {
                SendSegment(_sndNxt, 1, false, nowMs);
                _sndNxt++;
                if (TcpSequence.Gt(_sndNxt, _sndMax)) { _sndMax = _sndNxt; }
                // A probe is not counted as a retransmission: it is "in flight" at most one byte, re-sent by this timer.
                _sndNxt = _sndUna;
            }
            _persistIntervalMs = _persistIntervalMs == 0 ? _rtoMs : _persistIntervalMs * 2;
            if (_persistIntervalMs > _config.MaxPersistMs) { _persistIntervalMs = _config.MaxPersistMs; }
            _persistDeadlineMs = nowMs + _persistIntervalMs;
        }

        /// <summary>Sends whatever the state, the windows, Nagle and pending ACKs allow.</summary>
        internal void Output(long nowMs)
        {
            if (State == TcpState.Closed || State == TcpState.Listen)
            {
                return;
            }
            bool sent = false;
            bool sentNew = false;
            if ((_flags & FlagSynAcked) == 0)
            {
                if (_sndNxt == _iss && (State == TcpState.SynSent || State == TcpState.SynReceived
                    || State == TcpState.FinWait1))
                {
                    bool retransmit = _sndMax != _iss;
                    if (retransmit) { _layer.Counters.Retransmitted++; }
                    byte flags = State == TcpState.SynSent ? TcpHeader.Syn : (byte)(TcpHeader.Syn | TcpHeader.Ack);
                    _layer.SendSyn(this, _iss, flags, _rcvNxt, ReceiveWindowToAdvertise());
                    _sndNxt = _iss + 1;
                    if (TcpSequence.Gt(_sndNxt, _sndMax)) { _sndMax = _sndNxt; }
                    if (!retransmit)
                    {
                        _flags |= FlagRttTiming;
                        _rttSeq = _sndNxt;
                        _rttStartMs = nowMs;
                    }
                    _rtoDeadlineMs = nowMs + _rtoMs;
                    sent = true;
                }
                if (!sent && (_flags & FlagAckNow) != 0 && State != TcpState.SynSent)
                {
                    SendAck();
                }
                _flags &= ~FlagAckNow;
                return;
            }

            while (true)
            {
                int inFlight = (int)(_sndNxt - _sndUna);
                int unsent = _tx.Count - inFlight;
                if (unsent < 0) { unsent = 0; }
                int window = _sndWnd < _cwnd ? _sndWnd : _cwnd;
                int usable = window - inFlight;
                if (usable < 0) { usable = 0; }
                int length = unsent < _sndMss ? unsent : _sndMss;
                if (length > usable) { length = usable; }
                bool fin = (_flags & FlagFinQueued) != 0 && length == unsent && !FinAcked && TcpSequence.Le(_sndNxt, FinSequence);
                if (length < unsent && length < _sndMss)
                {
                    // RFC 9293 §3.8.6.2.1 sender SWS avoidance: with data in flight, wait for a window of half the peer's maximum.
                    if (length < _maxSndWnd / 2 && inFlight > 0)
                    {
                        length = 0;
                    }
                }
                if (length > 0 && length < _sndMss && length == unsent && !NoDelay && inFlight > 0 && !fin)
                {
                    // RFC 896 Nagle: one small segment outstanding at a time.
                    length = 0;
                }
                if (length == 0 && !fin)
                {
                    break;
                }
                if (length == 0 && fin && unsent > 0)
                {
                    break;
                }
                uint seq = _sndNxt;
                if (TcpSequence.Lt(seq, _sndMax)) { _layer.Counters.Retransmitted++; }
                else { sentNew = true; }
                SendSegment(seq, length, fin, nowMs);
                sent = true;
                _sndNxt = seq + (uint)length + (fin ? 1u : 0u);
                if (TcpSequence.Ge(seq, _sndMax) && (_flags & FlagRttTiming) == 0)
                {
                    _flags |= FlagRttTiming;
                    _rttSeq = _sndNxt;
                    _rttStartMs = nowMs;
                }
                if (TcpSequence.Gt(_sndNxt, _sndMax)) { _sndMax = _sndNxt; }
                if (_rtoDeadlineMs == long.MaxValue)
                {
                    _rtoDeadlineMs = nowMs + _rtoMs;
                }
                if (fin)
                {
                    break;
                }
            }

            if (sentNew)
            {
                // RFC 8985 §7.2: each transmission of new data reschedules the probe timeout.
                ArmTailLossProbe(nowMs);
            }

            // Zero window with data waiting and nothing in flight: the persist timer takes over (RFC 9293 §3.8.6.1).
            if (_sndWnd == 0 && _tx.Count > (int)(_sndNxt - _sndUna) && _sndMax == _sndUna)
            {
                if (_persistDeadlineMs == long.MaxValue)
                {
                    _persistIntervalMs = _rtoMs;
                    _persistDeadlineMs = nowMs + _persistIntervalMs;
                }
                _rtoDeadlineMs = long.MaxValue;
            }

            if (!sent && (_flags & FlagAckNow) != 0)
            {
                SendAck();
            }
            _flags &= ~FlagAckNow;
        }

        internal void SendAck()
        {
            // SND.MAX, not SND.NXT: after a go-back-N rewind the peer's RCV.NXT may already be past SND.NXT, and
            // an ACK with an old sequence number would fail its acceptance test (an ACK war that stalls both sides).
            _layer.SendControl(this, _sndMax, TcpHeader.Ack, ReceiveWindowToAdvertise());
            AckSent();
        }

        private void SendSegment(uint seq, int length, bool fin, long nowMs)
        {
            byte flags = TcpHeader.Ack;
            int ringOffset = (int)(seq - _sndUna);
            if (length > 0 && ringOffset + length == _tx.Count)
            {
                flags |= TcpHeader.Psh;
            }
            if (fin)
            {
                flags |= TcpHeader.Fin;
                _flags |= FlagFinSent;
                _finSeq = seq + (uint)length;
            }
            _layer.SendData(this, seq, flags, ReceiveWindowToAdvertise(), _tx, ringOffset, length);
            AckSent();
        }

        /// <summary>Every segment we send carries the ACK: the pending-ACK state clears and the advertised edge moves.</summary>
        internal void AckSent()
        {
            _flags &= ~FlagAckNow;
            _unackedSegments = 0;
            _delayedAckDeadlineMs = long.MaxValue;
        }

        /// <summary>Records the window just advertised (the right edge never moves left).</summary>
        internal void Advertised(int window)
        {
            uint edge = _rcvNxt + (uint)window;
            if (TcpSequence.Gt(edge, _rcvAdvertisedEdge))
            {
                _rcvAdvertisedEdge = edge;
            }
        }

        /// <summary>True when Output would send something now (the layer's NextDeadlineMs reports "now").</summary>
        internal bool WantsOutput
        {
            get
            {
                if ((_flags & FlagAckNow) != 0)
                {
                    return true;
                }
                if ((_flags & FlagSynAcked) == 0 || !(State == TcpState.Established || State == TcpState.CloseWait || State == TcpState.FinWait1
                    || State == TcpState.LastAck || State == TcpState.Closing))
                {
                    return false;
                }
                int inFlight = (int)(_sndNxt - _sndUna);
                int unsent = _tx.Count - inFlight;
                if ((_flags & FlagFinQueued) != 0 && (_flags & FlagFinSent) == 0 && unsent <= 0)
                {
                    return true;
                }
                int window = _sndWnd < _cwnd ? _sndWnd : _cwnd;
                return unsent > 0 && window - inFlight >= (unsent < _sndMss ? unsent : _sndMss) && (NoDelay || inFlight == 0 || unsent >= _sndMss);
            }
        }

        internal bool Matches(ushort localPort, uint remoteAddress, ushort remotePort)
        {
            return State != TcpState.Closed && State != TcpState.Listen && LocalPort == localPort
                && RemoteAddress == remoteAddress && RemotePort == remotePort;
        }
    }
}
