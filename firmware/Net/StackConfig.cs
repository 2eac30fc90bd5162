namespace Firmware.Net
{
    /// <summary>
    /// Every tunable of the stack with its unit and default, in one place (lwIP's opt.h, as a class).
    /// The stack allocates from these once, in its constructor, and never again. The defaults are general-purpose
    /// (the simulator's and the tests'): about 24 KB of buffers, two frame buffers (3 KB), two reassembly buffers
    /// (8.5 KB), ARP parking (5 KB), four UDP sockets' receive rings (6 KB). <see cref="DeviceProfile"/> is what a
    /// board uses: about 6 KB.
    /// </summary>
    public class StackConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[22];

        /// <summary>The defaults (each member says its own).</summary>
        public StackConfig()
        {
            MtuBytes = 1500;
            MaxFramesPerPoll = 16;
            ArpCacheEntries = 8;
            ArpPendingFrameBytes = 590;
            ArpPendingFrames = 8;
            ArpEntryLifetimeMs = 60000;
            ArpRefreshBeforeExpiryMs = 10000;
            ArpRetryIntervalMs = 1000;
            ArpMaxRequests = 3;
            ReassemblySlots = 2;
            ReassemblyBufferBytes = 4200;
            ReassemblyTimeoutMs = 15000;
            TimeToLive = 64;
            IcmpErrorIntervalMs = 100;
            UdpSockets = 4;
            UdpReceiveBufferBytes = 1536;
            UdpReceiveQueueDatagrams = 8;
            MaxAttachedTransports = 2;
            MulticastGroups = 4;
            MulticastTimeToLive = 1;
            IgmpUnsolicitedReports = 2;
            IgmpUnsolicitedReportIntervalMs = 10000;
        }

        /// <summary>
        /// The sizes a board uses (the device app's default): four UDP sockets with 576-byte rings (the largest message
        /// the clients read is a 576-byte DHCP message, DNS answers are 512 bytes; the device app lists each socket's ring
        /// in <see cref="UdpSocketRingBytes"/>); one reassembly slot of 576 bytes (RFC 1122 §3.3.2's minimum, which holds
        /// a fragmented 512-byte DNS message; larger fragmented datagrams are dropped and counted); one ARP parking slot
        /// shared by the eight entries (RFC 1122 §2.3.2.2: at least one). About 6 KB of buffers.
        /// </summary>
        public static StackConfig DeviceProfile()
        {
            StackConfig config = new StackConfig();
            config.UdpReceiveBufferBytes = 576;
            config.ReassemblySlots = 1;
            config.ReassemblyBufferBytes = 576;
            config.ArpPendingFrames = 1;
            return config;
        }

        /// <summary>IP MTU in bytes (Ethernet: 1500).</summary>
        public int MtuBytes { get { return _values[0]; } set { _values[0] = value; } }

        /// <summary>At most this many received frames are processed per Poll, so one poll has a bounded cost.</summary>
        public int MaxFramesPerPoll { get { return _values[1]; } set { _values[1] = value; } }

        /// <summary>ARP cache entries (resolved and pending).</summary>
        public int ArpCacheEntries { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>
        /// Bytes of the one frame parked per unresolved ARP entry until the reply (RFC 1122 §2.3.2.2: keep at least
        /// one). A larger frame is dropped and counted; 590 holds any IP packet of RFC 791's 576-byte minimum.
        /// </summary>
        public int ArpPendingFrameBytes { get { return _values[3]; } set { _values[3] = value; } }

        /// <summary>
        /// Parking slots (each <see cref="ArpPendingFrameBytes"/>) shared by the unresolved entries: a frame for a
        /// new address finds none free while this many others wait, and is dropped and counted (its request still goes
        /// out). Default 8, one per entry; more than <see cref="ArpCacheEntries"/> are never allocated.
        /// </summary>
        public int ArpPendingFrames { get { return _values[4]; } set { _values[4] = value; } }

        /// <summary>How long a resolved entry is trusted, in ms (Linux's reachable time is ~30 s; RFC 1122 §2.3.2.1 leaves it open).</summary>
        public int ArpEntryLifetimeMs { get { return _values[5]; } set { _values[5] = value; } }

        /// <summary>An entry in use this close to its expiry is refreshed with a new request, in ms.</summary>
        public int ArpRefreshBeforeExpiryMs { get { return _values[6]; } set { _values[6] = value; } }

        /// <summary>Interval between ARP requests for an unresolved address, in ms (RFC 1122 §2.3.2.1: at most one a second).</summary>
        public int ArpRetryIntervalMs { get { return _values[7]; } set { _values[7] = value; } }

        /// <summary>Requests sent for one address before giving up (the parked frame is dropped).</summary>
        public int ArpMaxRequests { get { return _values[8]; } set { _values[8] = value; } }

        /// <summary>Concurrent datagrams being reassembled.</summary>
        public int ReassemblySlots { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Largest reassembled IPv4 payload, in bytes (a 4000-byte ping is 4008 bytes of ICMP).</summary>
        public int ReassemblyBufferBytes { get { return _values[10]; } set { _values[10] = value; } }

        /// <summary>Reassembly timeout, in ms (RFC 791's customary 15 s).</summary>
        public int ReassemblyTimeoutMs { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>TTL of every packet we send (RFC 1700's recommended default).</summary>
        public int TimeToLive { get { return _values[12]; } set { _values[12] = value; } }

        /// <summary>ICMP errors are sent at most once per this interval, in ms (RFC 1122 §3.2.2 asks for a limit).</summary>
        public int IcmpErrorIntervalMs { get { return _values[13]; } set { _values[13] = value; } }

        /// <summary>Entries in the UDP socket table.</summary>
        public int UdpSockets { get { return _values[14]; } set { _values[14] = value; } }

        /// <summary>
        /// Bytes of each UDP socket's receive ring (datagram payloads); with <see cref="UdpSocketRingBytes"/>, the largest
        /// of those rings (the limit the too-large counter names).
        /// </summary>
        public int UdpReceiveBufferBytes { get { return _values[15]; } set { _values[15] = value; } }

        /// <summary>
        /// Each UDP socket's own receive ring in bytes, one entry a socket (as many entries as <see cref="UdpSockets"/>),
        /// so that each service's socket holds what that service reads (a 48-byte SNTP reply, a 576-byte DHCP message,
        /// a 512-byte DNS message) and no more; a service opens the free socket with the smallest ring that holds its
        /// largest datagram (<see cref="Firmware.Net.Transport.UdpLayer.Open(int)"/>). Null (the default): every socket
        /// has <see cref="UdpReceiveBufferBytes"/>.
        /// </summary>
        public int[] UdpSocketRingBytes;

        /// <summary>Datagrams each UDP socket can queue, whatever their size.</summary>
        public int UdpReceiveQueueDatagrams { get { return _values[16]; } set { _values[16] = value; } }

        /// <summary>Transports other than UDP and ICMP that can attach (TCP).</summary>
        public int MaxAttachedTransports { get { return _values[17]; } set { _values[17] = value; } }

        /// <summary>
        /// IPv4 multicast groups the interface can join at once (224.0.0.1, all systems, is always joined and not counted);
        /// 0: no multicast reception. Default 4 (mDNS takes one).
        /// </summary>
        public int MulticastGroups { get { return _values[18]; } set { _values[18] = value; } }

        /// <summary>TTL of multicast datagrams we send (RFC 1112 §6.1: 1 unless asked; mDNS asks for 255). Default 1.</summary>
        public int MulticastTimeToLive { get { return _values[19]; } set { _values[19] = value; } }

        /// <summary>
        /// IGMPv2 unsolicited reports after a join, in all (RFC 2236 §3: the first at once, repeated "once or twice"). Default 2.
        /// </summary>
        public int IgmpUnsolicitedReports { get { return _values[20]; } set { _values[20] = value; } }

        /// <summary>Delay between those unsolicited reports, ms (RFC 2236 §8.10: Unsolicited Report Interval, 10 s). Default 10000.</summary>
        public int IgmpUnsolicitedReportIntervalMs { get { return _values[21]; } set { _values[21] = value; } }
    }
}
