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
        /// <summary>
        /// The simulator's and the tests' profile: the device profile plus echo, discard and chargen over TCP and UDP
        /// (RFC 862, 863, 864), and the stack sized as <see cref="StackConfig"/>'s general-purpose defaults with six UDP
        /// sockets (the two services' and the clients' four): two reassembly slots of 4200 bytes (a 4000-byte ping),
        /// one parked frame per ARP entry, 1536-byte UDP rings; TCP's general defaults (4380-byte rings each way).
        /// </summary>
        public static AppConfig TestProfile()
        {
            AppConfig config = new AppConfig();
            config.Stack = new StackConfig();
            config.Stack.UdpSockets = 6;
            config.Tcp = new TcpConfig();
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
        public bool DhcpEnabled = true;

        /// <summary>
        /// The DHCP client's settings. Its fallback while no server answers is a link-local address (169.254/16, RFC 3927)
        /// by default; <see cref="DhcpFallback.Static"/> uses the static address below instead.
        /// </summary>
        public DhcpConfig Dhcp = new DhcpConfig();

        /// <summary>IPv4 address, host byte order (10.0.0.2 = 0x0A000002): the address without DHCP, or its static fallback.</summary>
        public uint Address = 0x0A000002;

        /// <summary>Subnet prefix length in bits.</summary>
        public int PrefixLength = 24;

        /// <summary>Default gateway, host byte order; 0 for none.</summary>
        public uint Gateway;

        /// <summary>
        /// Sizes of every buffer and table in the stack: <see cref="StackConfig.DeviceProfile"/>, four UDP sockets
        /// (DHCP on port 68, SNTP and two resolver queries, each open only while it asks).
        /// </summary>
        public StackConfig Stack = StackConfig.DeviceProfile();

        /// <summary>Resolve names (DNS, <see cref="Firmware.Services.Dns.DnsResolver"/>): servers from DHCP, else <see cref="DnsServers"/>.</summary>
        public bool DnsEnabled = true;

        /// <summary>The resolver's sizes (an 8-entry cache, 2 queries at once) and timers.</summary>
        public DnsResolverConfig Dns = new DnsResolverConfig();

        /// <summary>DNS servers (host order) when DHCP names none or is off.</summary>
        public uint[] DnsServers = new uint[0];

        /// <summary>Keep wall time by SNTP (for the HTTP Date header and the capture's timestamps).</summary>
        public bool SntpEnabled = true;

        /// <summary>The SNTP client's server (DHCP's option 42 first, then this address or name) and poll interval.</summary>
        public SntpConfig Sntp = new SntpConfig();

        /// <summary>Run the UDP echo service (RFC 862): a test service, off on a device (<see cref="TestProfile"/> turns it on; it needs a UDP socket).</summary>
        public bool UdpEchoEnabled;

        /// <summary>Its port.</summary>
        public int UdpEchoPort = 7;

        /// <summary>Run the UDP discard service (RFC 863): a test service, off on a device (<see cref="TestProfile"/> turns it on; it needs a UDP socket).</summary>
        public bool UdpDiscardEnabled;

        /// <summary>Its port.</summary>
        public int UdpDiscardPort = 9;

        /// <summary>Datagrams each service handles per poll (bounds one poll's work).</summary>
        public int ServiceDatagramsPerPoll = 8;

        /// <summary>Attach TCP (protocol 6) to the stack; without it TCP segments are dropped and counted.</summary>
        public bool TcpEnabled = true;

        /// <summary>TCP's sizes and timers: <see cref="TcpConfig.DeviceProfile"/> (2 KB in, 2920 B out per connection).</summary>
        public TcpConfig Tcp = TcpConfig.DeviceProfile();

        /// <summary>TCP echo (RFC 862) on port 7; needs <see cref="TcpEnabled"/>. A test service, off on a device (<see cref="TestProfile"/> turns it on).</summary>
        public bool TcpEchoEnabled;

        /// <summary>TCP discard (RFC 863) on port 9; needs <see cref="TcpEnabled"/>. A test service, off on a device (<see cref="TestProfile"/> turns it on).</summary>
        public bool TcpDiscardEnabled;

        /// <summary>TCP chargen (RFC 864) on port 19; needs <see cref="TcpEnabled"/>. A test service, off on a device (<see cref="TestProfile"/> turns it on).</summary>
        public bool TcpChargenEnabled;

        /// <summary>The web server: the status page, the JSON API, GPIO, the capture; needs <see cref="TcpEnabled"/>.</summary>
        public bool HttpEnabled = true;

        /// <summary>Its port, slots and buffers.</summary>
        public HttpServerConfig Http = new HttpServerConfig();

        /// <summary>
        /// Bytes of the ring that keeps the last frames for /capture.pcap; 0 = no capture (the default on a device,
        /// where every KB of heap counts; the simulator turns it on). At least 3048 (two full frames).
        /// </summary>
        public int CaptureBufferBytes;

        /// <summary>A name for people (the status page's title, /api/status).</summary>
        public string DeviceName = "device";
    }
}
