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
        public int MtuBytes = 1500;

        /// <summary>At most this many received frames are processed per Poll, so one poll has a bounded cost.</summary>
        public int MaxFramesPerPoll = 16;

        /// <summary>ARP cache entries (resolved and pending).</summary>
        public int ArpCacheEntries = 8;

        /// <summary>
        /// Bytes of the one frame parked per unresolved ARP entry until the reply (RFC 1122 §2.3.2.2: keep at least
        /// one). A larger frame is dropped and counted; 590 holds any IP packet of RFC 791's 576-byte minimum.
        /// </summary>
        public int ArpPendingFrameBytes = 590;

        /// <summary>
        /// Parking slots (each <see cref="ArpPendingFrameBytes"/>) shared by the unresolved entries: a frame for a
        /// new address finds none free while this many others wait, and is dropped and counted (its request still goes
        /// out). Default 8, one per entry; more than <see cref="ArpCacheEntries"/> are never allocated.
        /// </summary>
        public int ArpPendingFrames = 8;

        /// <summary>How long a resolved entry is trusted, in ms (Linux's reachable time is ~30 s; RFC 1122 §2.3.2.1 leaves it open).</summary>
        public int ArpEntryLifetimeMs = 60000;

        /// <summary>An entry in use this close to its expiry is refreshed with a new request, in ms.</summary>
        public int ArpRefreshBeforeExpiryMs = 10000;

        /// <summary>Interval between ARP requests for an unresolved address, in ms (RFC 1122 §2.3.2.1: at most one a second).</summary>
        public int ArpRetryIntervalMs = 1000;

        /// <summary>Requests sent for one address before giving up (the parked frame is dropped).</summary>
        public int ArpMaxRequests = 3;

        /// <summary>Concurrent datagrams being reassembled.</summary>
        public int ReassemblySlots = 2;

        /// <summary>Largest reassembled IPv4 payload, in bytes (a 4000-byte ping is 4008 bytes of ICMP).</summary>
        public int ReassemblyBufferBytes = 4200;

        /// <summary>Reassembly timeout, in ms (RFC 791's customary 15 s).</summary>
        public int ReassemblyTimeoutMs = 15000;

        /// <summary>TTL of every packet we send (RFC 1700's recommended default).</summary>
        public int TimeToLive = 64;

        /// <summary>ICMP errors are sent at most once per this interval, in ms (RFC 1122 §3.2.2 asks for a limit).</summary>
        public int IcmpErrorIntervalMs = 100;

        /// <summary>Entries in the UDP socket table.</summary>
        public int UdpSockets = 4;

        /// <summary>
        /// Bytes of each UDP socket's receive ring (datagram payloads); with <see cref="UdpSocketRingBytes"/>, the largest
        /// of those rings (the limit the too-large counter names).
        /// </summary>
        public int UdpReceiveBufferBytes = 1536;

        /// <summary>
        /// Each UDP socket's own receive ring in bytes, one entry a socket (as many entries as <see cref="UdpSockets"/>),
        /// so that each service's socket holds what that service reads (a 48-byte SNTP reply, a 576-byte DHCP message,
        /// a 512-byte DNS message) and no more; a service opens the free socket with the smallest ring that holds its
        /// largest datagram (<see cref="Firmware.Net.Transport.UdpLayer.Open(int)"/>). Null (the default): every socket
        /// has <see cref="UdpReceiveBufferBytes"/>.
        /// </summary>
        public int[] UdpSocketRingBytes;

        /// <summary>Datagrams each UDP socket can queue, whatever their size.</summary>
        public int UdpReceiveQueueDatagrams = 8;

        /// <summary>Transports other than UDP and ICMP that can attach (TCP).</summary>
        public int MaxAttachedTransports = 2;

        /// <summary>
        /// IPv4 multicast groups the interface can join at once (224.0.0.1, all systems, is always joined and not counted);
        /// 0: no multicast reception. Default 4 (mDNS takes one).
        /// </summary>
        public int MulticastGroups = 4;

        /// <summary>TTL of multicast datagrams we send (RFC 1112 §6.1: 1 unless asked; mDNS asks for 255). Default 1.</summary>
        public int MulticastTimeToLive = 1;

        /// <summary>
        /// IGMPv2 unsolicited reports after a join, in all (RFC 2236 §3: the first at once, repeated "once or twice"). Default 2.
        /// </summary>
        public int IgmpUnsolicitedReports = 2;

        /// <summary>Delay between those unsolicited reports, ms (RFC 2236 §8.10: Unsolicited Report Interval, 10 s). Default 10000.</summary>
        public int IgmpUnsolicitedReportIntervalMs = 10000;
    }
}
