using System;

namespace Firmware.Net.Transport
{
    /// <summary>
    /// Every TCP tunable, with its default and unit. <see cref="TcpLayer"/> allocates all its connections, rings
    /// and tables from one of these at construction; nothing grows afterwards.
    /// </summary>
    public class TcpConfig
    {
        // One array, not a field each: the layer keeps its configuration for good, and on nanoCLR every field of an
        // object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[24];

        /// <summary>The general-purpose defaults (each property says its own).</summary>
        public TcpConfig()
        {
            Connections = 4;
            Listeners = 4;
            ReceiveBufferBytes = 4380;
            SendBufferBytes = 4380;
            OutOfOrderRanges = 4;
            TimeWaitEntries = 8;
            MslMs = 30000;
            InitialRtoMs = 1000;
            MinRtoMs = 200;
            MaxRtoMs = 60000;
            LimitedTransmit = true;
            EarlyRetransmit = true;
            TailLossProbe = true;
            MaxRetransmissions = 8;
            MaxSynRetransmissions = 5;
            DelayedAckMs = 200;
            FinWait2TimeoutMs = 60000;
            MaxPersistMs = 60000;
            KeepAliveIdleMs = 0;
            KeepAliveIntervalMs = 75000;
            KeepAliveProbes = 9;
            ChallengeAcksPerSecond = 10;
            ResetsPerSecond = 50;
            SynCookies = true;
        }

        /// <summary>
        /// The sizes a board uses (the device app's default), held to the heap an ESP32 can spare (README: heap budget).
        /// Three connections: two for the web server's slots and one for the DNS server's TCP or the app's own client
        /// (MQTT, say); three listeners. What a device receives is small (HTTP requests, DNS queries), so 1024 bytes
        /// in: a peer sends 1 KB segments (RFC 9293 §3.8.6.2.1 lets a sender fill half the largest window offered).
        /// What it sends is responses and streams, so 2920 bytes out: two full segments in flight, enough for
        /// duplicate ACKs and early retransmit (RFC 5827) to find a loss without the RTO. The general default (four
        /// connections, 4380 each way) costs about 24 KB more on the interpreter.
        /// </summary>
        public static TcpConfig DeviceProfile()
        {
            TcpConfig config = new TcpConfig();
            config.Connections = 3;
            config.Listeners = 3;
            config.ReceiveBufferBytes = 1024;
            config.SendBufferBytes = 2920;
            return config;
        }

        /// <summary>Connections in the table (listeners' children and active opens share it). Default 4.</summary>
        public int Connections { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>Listeners. Default 4.</summary>
        public int Listeners { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>
        /// Receive ring per connection; the window we advertise is its free space. Default 4380: three full Ethernet
        /// segments (3 × 1460), so a peer keeps two or three segments in flight while our app reads, and a lost one is
        /// found by duplicate ACKs (RFC 5827 early retransmit) rather than by the RTO. 2048 (the default before) held
        /// one full segment and a runt, which sender SWS avoidance holds back: one segment in flight, every loss an
        /// RTO. A size that is not a multiple of the MSS leaves a runt at the window's end (2 × 1460 + 1176 for 4096).
        /// </summary>
        public int ReceiveBufferBytes { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>
        /// Transmit ring per connection; unacknowledged data stays here, so it bounds what we keep in flight. Default
        /// 4380 (three full Ethernet segments; see <see cref="ReceiveBufferBytes"/>).
        /// </summary>
        public int SendBufferBytes { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>Out-of-order ranges (holes) tracked per connection. Default 4.</summary>
        public int OutOfOrderRanges { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>Compact TIME_WAIT entries. Default 8; when full the oldest goes (counted).</summary>
        public int TimeWaitEntries { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>Maximum segment lifetime; TIME_WAIT lasts twice this (RFC 9293 §3.4.2). Default 30 s (Linux-like 60 s TIME_WAIT).</summary>
        public int MslMs { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Initial retransmission timeout (RFC 6298 §2.1). Default 1 s.</summary>
        public int InitialRtoMs { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>
        /// Lower bound of the RTO. RFC 6298 §2.4 recommends 1 s; its §4 and RFC 8961 allow a smaller bound, and Linux
        /// uses 200 ms. Default 200: on the LANs a device lives on the RTT is a few milliseconds, so the bound, not the
        /// measured RTT, sets the timeout, and with windows of two or three segments a lost tail (no duplicate ACKs
        /// come) waits for it. A peer that delays its ACK longer than this (RFC 9293 §3.8.6.3 allows up to 500 ms)
        /// costs one spurious retransmission of one segment, which the RTT estimate then absorbs. 1000 is the RFC value.
        /// </summary>
        public int MinRtoMs { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Upper bound of the RTO (RFC 6298 §2.5: at least 60 s). Default 60 s.</summary>
        public int MaxRtoMs { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>
        /// RFC 3042 limited transmit: the first and second duplicate ACK each let one segment of new data go (within
        /// the peer's window, up to two segments over the congestion window), so a small window still draws the
        /// duplicate ACKs that fast retransmit needs. Default on.
        /// </summary>
        public bool LimitedTransmit { get { return _values[10] != 0; } set { _values[10] = value ? 1 : 0; } }

        /// <summary>
        /// RFC 5827 early retransmit: with fewer than four segments outstanding and no new data to send, fast
        /// retransmit after (outstanding segments − 1) duplicate ACKs instead of three. Default on.
        /// </summary>
        public bool EarlyRetransmit { get { return _values[11] != 0; } set { _values[11] = value ? 1 : 0; } }

        /// <summary>
        /// RFC 8985 §7 tail loss probe: when the last segments of a flight go unacknowledged for about two RTTs, send
        /// the last segment again (or one new one) before the RTO, so a lost tail is found by ACKs, not by the timer.
        /// Default on.
        /// </summary>
        public bool TailLossProbe { get { return _values[12] != 0; } set { _values[12] = value ? 1 : 0; } }

        /// <summary>Retransmissions of one segment before the connection is dropped (TimedOut). Default 8.</summary>
        public int MaxRetransmissions { get { return _values[13]; } set { _values[13] = value; } }

        /// <summary>SYN retransmissions before an active open fails (TimedOut). Default 5.</summary>
        public int MaxSynRetransmissions { get { return _values[14]; } set { _values[14] = value; } }

        /// <summary>Delayed ACK limit (RFC 9293 §3.8.6.3: under 0.5 s; RFC 1122 said 200 ms). Default 200.</summary>
        public int DelayedAckMs { get { return _values[15]; } set { _values[15] = value; } }

        /// <summary>How long an orphaned connection may sit in FIN_WAIT_2 (like Linux's tcp_fin_timeout). Default 60 s.</summary>
        public int FinWait2TimeoutMs { get { return _values[16]; } set { _values[16] = value; } }

        /// <summary>Largest persist (zero-window probe) interval. Default 60 s.</summary>
        public int MaxPersistMs { get { return _values[17]; } set { _values[17] = value; } }

        /// <summary>Idle time before keepalives start; 0 = keepalive off (RFC 9293 §3.8.4: off by default). Default 0.</summary>
        public int KeepAliveIdleMs { get { return _values[18]; } set { _values[18] = value; } }

        /// <summary>Interval between unanswered keepalives. Default 75 s.</summary>
        public int KeepAliveIntervalMs { get { return _values[19]; } set { _values[19] = value; } }

        /// <summary>Unanswered keepalives before the connection is dropped (TimedOut). Default 9.</summary>
        public int KeepAliveProbes { get { return _values[20]; } set { _values[20] = value; } }

        /// <summary>Challenge ACKs allowed per second (RFC 5961 §7). Default 10.</summary>
        public int ChallengeAcksPerSecond { get { return _values[21]; } set { _values[21] = value; } }

        /// <summary>RSTs sent to closed ports per second (a flood of stray segments cannot make us a reflector). Default 50.</summary>
        public int ResetsPerSecond { get { return _values[22]; } set { _values[22] = value; } }

        /// <summary>
        /// SYN cookies (RFC 4987 §3.6): when a listener's backlog (or the table) is full, a SYN is answered with a
        /// stateless cookie SYN-ACK and the connection is built from the returning ACK, so a SYN flood cannot crowd
        /// out real clients. Off: the oldest half-open connection is evicted for the new SYN instead. Default on.
        /// </summary>
        public bool SynCookies { get { return _values[23] != 0; } set { _values[23] = value ? 1 : 0; } }

        /// <summary>Checks the values; throws on a bad one (configuration is API misuse, not packet input).</summary>
        public void Validate()
        {
            if (Connections <= 0 || Listeners <= 0 || ReceiveBufferBytes < 64 || SendBufferBytes < 64 || OutOfOrderRanges <= 0
                || TimeWaitEntries <= 0 || MslMs < 0 || InitialRtoMs <= 0 || MinRtoMs <= 0 || MaxRtoMs < MinRtoMs
                || MaxRetransmissions <= 0 || MaxSynRetransmissions <= 0 || DelayedAckMs < 0 || FinWait2TimeoutMs <= 0
                || MaxPersistMs <= 0 || KeepAliveIdleMs < 0 || KeepAliveIntervalMs <= 0 || KeepAliveProbes <= 0
                || ChallengeAcksPerSecond < 0 || ResetsPerSecond < 0
                || ReceiveBufferBytes > 0x3FFFFFFF || SendBufferBytes > 0x3FFFFFFF)
            {
                throw new ArgumentException("TcpConfig");
            }
        }
    }
}
