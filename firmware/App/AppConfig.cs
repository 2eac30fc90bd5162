using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;
using Firmware.Services.Http;
using Firmware.Services.Sntp;

namespace Firmware.App
{
    /// <summary>
    /// What the device app is told at boot: how it gets its address, the stack's sizes, the services. A new AppConfig is
    /// the device profile: what a board on a LAN needs (stack, TCP, the web server, DHCP, the resolver, SNTP), sized to
    /// fit the managed heap of an ESP32 without PSRAM (README: heap budget). <see cref="TestProfile"/> adds the toy
    /// services and the general-purpose stack sizes the simulator and the tests use.
    /// </summary>
    public class AppConfig
    {
        // One array, not a field each: the services keep their configuration for good, and on nanoCLR every field
        // of an object is a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32); an element costs 4.
        private readonly int[] _values = new int[19];

        /// <summary>The defaults (each member says its own).</summary>
        public AppConfig()
        {
            DhcpEnabled = true;
            Address = 0x0A000002;
            PrefixLength = 24;
            DnsEnabled = true;
            DnsServerEnabled = true;
            MdnsEnabled = true;
            SntpEnabled = true;
            UdpEchoPort = 7;
            UdpDiscardPort = 9;
            ServiceDatagramsPerPoll = 8;
            TcpEnabled = true;
            HttpEnabled = true;
        }

        /// <summary>
        /// The simulator's and the tests' profile: the device profile plus echo, discard and chargen over TCP and UDP
        /// (RFC 862, 863, 864), and the stack sized as <see cref="StackConfig"/>'s general-purpose defaults with eight UDP
        /// sockets (the two services' and the device profile's six), five TCP listeners (echo, discard, chargen, HTTP, DNS): two reassembly slots of 4200 bytes (a 4000-byte ping),
        /// one parked frame per ARP entry, 1536-byte UDP rings; TCP's general defaults (4380-byte rings each way); the web
        /// server's general defaults (four slots).
        /// </summary>
        public static AppConfig TestProfile()
        {
            AppConfig config = new AppConfig();
            config.Stack = new StackConfig();
            config.Stack.UdpSockets = 8;
            config.Tcp = new TcpConfig();
            config.Tcp.Listeners = 5;
            config.Http = new HttpServerConfig();
            config.UdpEchoEnabled = true;
            config.UdpDiscardEnabled = true;
            config.TcpEchoEnabled = true;
            config.TcpDiscardEnabled = true;
            config.TcpChargenEnabled = true;
            return config;
        }

        /// <summary>
        /// Get the address by DHCP (the default: a device plugged into a LAN has no other way to know it). Off: the static
        /// <see cref="Address"/>, <see cref="PrefixLength"/> and <see cref="Gateway"/> are used.
        /// </summary>
        public bool DhcpEnabled { get { return _values[0] != 0; } set { _values[0] = value ? 1 : 0; } }

        /// <summary>
        /// The DHCP client's settings. Its fallback while no server answers is a link-local address (169.254/16, RFC 3927)
        /// by default; <see cref="DhcpFallback.Static"/> uses the static address below instead.
        /// </summary>
        public DhcpConfig Dhcp = new DhcpConfig();

        /// <summary>IPv4 address, host byte order (10.0.0.2 = 0x0A000002): the address without DHCP, or its static fallback.</summary>
        public uint Address { get { return (uint)_values[1]; } set { _values[1] = (int)value; } }

        /// <summary>Subnet prefix length in bits.</summary>
        public int PrefixLength { get { return _values[2]; } set { _values[2] = value; } }

        /// <summary>Default gateway, host byte order; 0 for none.</summary>
        public uint Gateway { get { return (uint)_values[3]; } set { _values[3] = (int)value; } }

        /// <summary>
        /// Sizes of every buffer and table in the stack: <see cref="StackConfig.DeviceProfile"/> with six UDP sockets,
        /// each with the ring its service reads (<see cref="StackConfig.UdpSocketRingBytes"/>): DHCP on port 68 (a 576-byte
        /// message), the DNS server and the mDNS responder (512-byte messages), SNTP (a 68-byte reply) and two resolver
        /// queries (512-byte answers); the last three are open only while they ask. A socket of one's own needs an entry.
        /// </summary>
        public StackConfig Stack = DeviceStack();

        private static StackConfig DeviceStack()
        {
            StackConfig stack = StackConfig.DeviceProfile();
            stack.UdpSockets = 6;
            stack.UdpSocketRingBytes = new int[] { 576, 512, 512, 68, 512, 512 };
            return stack;
        }

        /// <summary>Resolve names (DNS, <see cref="Firmware.Services.Dns.DnsResolver"/>): servers from DHCP, else <see cref="DnsServers"/>.</summary>
        public bool DnsEnabled { get { return _values[4] != 0; } set { _values[4] = value ? 1 : 0; } }

        /// <summary>The resolver's sizes (an 8-entry cache, 2 queries at once) and timers.</summary>
        public DnsResolverConfig Dns = new DnsResolverConfig();

        /// <summary>DNS servers (host order) when DHCP names none or is off.</summary>
        public uint[] DnsServers = new uint[0];

        /// <summary>
        /// Serve DNS on port 53 (UDP, and TCP when <see cref="TcpEnabled"/>): authoritative for <see cref="DnsServerZone"/>,
        /// where <see cref="DnsServerHostName"/> is the device's address (and the reverse name of that address points back).
        /// </summary>
        public bool DnsServerEnabled { get { return _values[5] != 0; } set { _values[5] = value ? 1 : 0; } }

        /// <summary>The DNS server's sizes, limits, TTLs and captive-portal mode (<see cref="DnsServerConfig.CaptivePortal"/>).</summary>
        /// <remarks>
        /// Sized to fit issue 9's heap budget with the mDNS responder (6 KB on the interpreter): the app's zone holds the host
        /// only (2 more records in 96 bytes; raise ZoneRecords/ZoneBytes for more), and the rate limiter tracks 6 sources.
        /// </remarks>
        public DnsServerConfig DnsServer = new DnsServerConfig { ZoneRecords = 2, ZoneBytes = 96, RateLimitSources = 6 };

        /// <summary>The zone the DNS server answers for (names outside it are REFUSED unless in captive-portal mode).</summary>
        public string DnsServerZone = "lan";

        /// <summary>The device's name in that zone (its first label); null: the DHCP host name (<see cref="DhcpConfig.HostName"/>).</summary>
        public string DnsServerHostName;

        /// <summary>
        /// Answer mDNS (RFC 6762) as "&lt;host name&gt;.local" and advertise the web server by DNS-SD (_http._tcp, RFC 6763),
        /// so http://device.local/ works and the device shows in a browse. The host name is <see cref="DnsServerHostName"/>
        /// or the DHCP host name. A W5500 or ENC28J60 must be told to pass multicast (their AcceptMulticast /
        /// AddMulticastAddress; the board's Program does it).
        /// </summary>
        public bool MdnsEnabled { get { return _values[6] != 0; } set { _values[6] = value ? 1 : 0; } }

        /// <summary>The responder's TTLs and buffers (its label and HTTP port are filled in from the app's).</summary>
        public MdnsConfig Mdns = new MdnsConfig();

        /// <summary>Keep wall time by SNTP (for the HTTP Date header and the capture's timestamps).</summary>
        public bool SntpEnabled { get { return _values[7] != 0; } set { _values[7] = value ? 1 : 0; } }

        /// <summary>The SNTP client's server (DHCP's option 42 first, then this address or name) and poll interval.</summary>
        public SntpConfig Sntp = new SntpConfig();

        /// <summary>Run the UDP echo service (RFC 862): a test service, off on a device (<see cref="TestProfile"/> turns it on; it needs a UDP socket).</summary>
        public bool UdpEchoEnabled { get { return _values[8] != 0; } set { _values[8] = value ? 1 : 0; } }

        /// <summary>Its port.</summary>
        public int UdpEchoPort { get { return _values[9]; } set { _values[9] = value; } }

        /// <summary>Run the UDP discard service (RFC 863): a test service, off on a device (<see cref="TestProfile"/> turns it on; it needs a UDP socket).</summary>
        public bool UdpDiscardEnabled { get { return _values[10] != 0; } set { _values[10] = value ? 1 : 0; } }

        /// <summary>Its port.</summary>
        public int UdpDiscardPort { get { return _values[11]; } set { _values[11] = value; } }

        /// <summary>Datagrams each service handles per poll (bounds one poll's work).</summary>
        public int ServiceDatagramsPerPoll { get { return _values[12]; } set { _values[12] = value; } }

        /// <summary>Attach TCP (protocol 6) to the stack; without it TCP segments are dropped and counted.</summary>
        public bool TcpEnabled { get { return _values[13] != 0; } set { _values[13] = value ? 1 : 0; } }

        /// <summary>
        /// TCP's sizes and timers: <see cref="TcpConfig.DeviceProfile"/> (2 KB in, 2920 B out per connection; four
        /// listeners: HTTP and DNS, and two for the user's own).
        /// </summary>
        public TcpConfig Tcp = TcpConfig.DeviceProfile();

        /// <summary>TCP echo (RFC 862) on port 7; needs <see cref="TcpEnabled"/>. A test service, off on a device (<see cref="TestProfile"/> turns it on).</summary>
        public bool TcpEchoEnabled { get { return _values[14] != 0; } set { _values[14] = value ? 1 : 0; } }

        /// <summary>TCP discard (RFC 863) on port 9; needs <see cref="TcpEnabled"/>. A test service, off on a device (<see cref="TestProfile"/> turns it on).</summary>
        public bool TcpDiscardEnabled { get { return _values[15] != 0; } set { _values[15] = value ? 1 : 0; } }

        /// <summary>TCP chargen (RFC 864) on port 19; needs <see cref="TcpEnabled"/>. A test service, off on a device (<see cref="TestProfile"/> turns it on).</summary>
        public bool TcpChargenEnabled { get { return _values[16] != 0; } set { _values[16] = value ? 1 : 0; } }

        /// <summary>The web server: the status page, the JSON API, GPIO, the capture; needs <see cref="TcpEnabled"/>.</summary>
        public bool HttpEnabled { get { return _values[17] != 0; } set { _values[17] = value ? 1 : 0; } }

        /// <summary>
        /// Its port, slots and buffers: two slots (a browser's page and its API calls; TCP's device profile has three
        /// connections, the DNS server's TCP takes the third), each with a 1 KB request buffer.
        /// </summary>
        public HttpServerConfig Http = new HttpServerConfig { Slots = 2 };

        /// <summary>
        /// Bytes of the ring that keeps the last frames for /capture.pcap; 0 = no capture (the default on a device,
        /// where every KB of heap counts; the simulator turns it on). At least 3048 (two full frames).
        /// </summary>
        public int CaptureBufferBytes { get { return _values[18]; } set { _values[18] = value; } }

        /// <summary>A name for people (the status page's title, /api/status).</summary>
        public string DeviceName = "device";
    }
}
