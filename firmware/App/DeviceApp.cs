using Firmware.App.Web;
using Firmware.Hal;
using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Services.Basic;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;
using Firmware.Services.Http;
using Firmware.Services.Sntp;

namespace Firmware.App
{
    /// <summary>
    /// The application the ESP32 runs, composed the same way on the board and in the host simulator:
    /// a MAC, the stack, and the services on top. The caller owns the loop and calls <see cref="Poll"/>.
    /// </summary>
    public class DeviceApp
    {
        private readonly AppConfig _config;
        private readonly IEthernetMac _mac;
        private readonly IRandomSource _random;
        private readonly NetworkStack _stack;
        private readonly UdpEchoService _udpEcho;
        private readonly UdpDiscardService _udpDiscard;
        private readonly TcpLayer _tcp;
        private readonly TcpEchoService _tcpEcho;
        private readonly TcpDiscardService _tcpDiscard;
        private readonly TcpChargenService _tcpChargen;
        private readonly CaptureRing _capture;
        private readonly HttpServer _http;
        private readonly DeviceWeb _web;
        private readonly WallClock _clock = new WallClock();
        private readonly DhcpClient _dhcp;
        private readonly DnsResolver _resolver;
        private readonly SntpClient _sntp;
        private readonly DnsServer _dnsServer;
        private readonly MdnsResponder _mdns;
        private readonly uint[] _dnsServers = new uint[DnsResolver.MaxServers];
        private int _dhcpVersion = -1;
        private long _startMs;
        private long _nowMs;

        /// <summary>Builds the stack and the services, with no GPIO pins to offer.</summary>
        public DeviceApp(AppConfig config, IEthernetMac mac, IRandomSource random) : this(config, mac, random, new GpioTable(0))
        {
        }

        /// <summary>Builds the stack and the services (all allocation happens here); <paramref name="pins"/> are served at /api/gpio.</summary>
        public DeviceApp(AppConfig config, IEthernetMac mac, IRandomSource random, GpioTable pins)
        {
            _config = config;
            _mac = mac;
            _random = random;
            if (config.CaptureBufferBytes > 0)
            {
                // Right above the MAC: the capture holds every frame the stack exchanged, as the wire saw it.
                _capture = new CaptureRing(mac, config.CaptureBufferBytes);
                mac = _capture;
            }
            _stack = new NetworkStack(config.Stack, mac, random);
            if (_capture != null)
            {
                _capture.Clock = _clock;
            }
            // Every UDP service (the clients, the DNS server, the mDNS responder) runs inside its own Poll, one at a time, and
            // keeps nothing in its message buffers between calls: one buffer receives for all of them (the largest message
            // any reads), and one more holds the DNS server's and the responder's answers; the web server, which composes
            // its responses only inside its own Poll too, writes them in that same second buffer.
            int receiveBytes = 0;
            if (config.DhcpEnabled || config.DnsEnabled || config.SntpEnabled)
            {
                receiveBytes = Larger(config.DhcpEnabled ? config.Dhcp.MaxMessageBytes : 0, config.DnsEnabled ? config.Dns.MessageBytes : 0);
                receiveBytes = Larger(receiveBytes, 68);
            }
            int dnsBytes = Larger(config.DnsServerEnabled ? config.DnsServer.MessageBytes : 0, config.MdnsEnabled ? config.Mdns.MessageBytes : 0);
            byte[] messages = null;
            if (receiveBytes > 0 || dnsBytes > 0)
            {
                messages = new byte[Larger(receiveBytes, dnsBytes)];
            }
            bool web = config.TcpEnabled && config.HttpEnabled;
            int answerBytes = web ? Larger(dnsBytes, config.Http.ResponseBufferBytes) : dnsBytes;
            byte[] answers = answerBytes > 0 ? new byte[answerBytes] : null;
            // Likewise one message reader and one writer for the DNS services (the resolver, the DNS server, mDNS).
            DnsReader dnsReader = config.DnsEnabled || config.DnsServerEnabled || config.MdnsEnabled ? new DnsReader() : null;
            DnsWriter dnsWriter = config.DnsServerEnabled || config.MdnsEnabled ? new DnsWriter(8) : null;
            if (config.DhcpEnabled)
            {
                DhcpConfig dhcp = config.Dhcp;
                if (dhcp.Fallback == DhcpFallback.Static && dhcp.FallbackAddress == 0)
                {
                    // The static address is the fallback unless the DHCP settings name another.
                    dhcp.FallbackAddress = config.Address;
                    dhcp.FallbackPrefixLength = config.PrefixLength;
                    dhcp.FallbackGateway = config.Gateway;
                }
                _dhcp = new DhcpClient(_stack, dhcp, random, messages);
            }
            if (config.DnsEnabled)
            {
                _resolver = new DnsResolver(_stack, config.Dns, random, messages, dnsReader);
            }
            if (config.SntpEnabled)
            {
                _sntp = new SntpClient(_stack, config.Sntp, _clock, _resolver, random, messages);
            }
            if (config.TcpEnabled)
            {
                _tcp = new TcpLayer(config.Tcp, _stack.Output, random);
                _stack.AttachTransport(6, _tcp);
                if (config.TcpEchoEnabled)
                {
                    _tcpEcho = new TcpEchoService(_tcp);
                }
                if (config.TcpDiscardEnabled)
                {
                    _tcpDiscard = new TcpDiscardService(_tcp);
                }
                if (config.TcpChargenEnabled)
                {
                    _tcpChargen = new TcpChargenService(_tcp);
                }
                if (web)
                {
                    _http = new HttpServer(_tcp, config.Http, answers);
                    _http.Clock = _clock;
                    _web = new DeviceWeb(this, _http, pins);
                }
            }
            if (config.DnsServerEnabled)
            {
                _dnsServer = new DnsServer(_stack, _tcp, config.DnsServer, BuildZone(config), messages, answers, dnsReader, dnsWriter);
            }
            if (config.MdnsEnabled)
            {
                MdnsConfig mdns = config.Mdns;
                mdns.HostLabel = config.DnsServerHostName != null ? config.DnsServerHostName : config.Dhcp.HostName;
                mdns.HttpPort = _http != null ? config.Http.Port : 0;
                _mdns = new MdnsResponder(_stack, mdns, random, messages, answers, dnsReader, dnsWriter);
                DnsLineFormatter.Install();
            }
            if (config.UdpEchoEnabled)
            {
                _udpEcho = new UdpEchoService(_stack, config.UdpEchoPort, config.ServiceDatagramsPerPoll);
            }
            if (config.UdpDiscardEnabled)
            {
                _udpDiscard = new UdpDiscardService(_stack, config.UdpDiscardPort, config.ServiceDatagramsPerPoll);
            }
        }

        // "1536", or each socket's ring ("576/512/512/68/512/512").
        private static string UdpRings(StackConfig s)
        {
            if (s.UdpSocketRingBytes == null)
            {
                return s.UdpReceiveBufferBytes.ToString();
            }
            string text = "";
            for (int i = 0; i < s.UdpSocketRingBytes.Length; i++)
            {
                text += (i == 0 ? "" : "/") + s.UdpSocketRingBytes[i].ToString();
            }
            return text;
        }

        private static int Larger(int a, int b)
        {
            return a > b ? a : b;
        }

        // The zone: the host's name (its A is the device's address, whatever DHCP gives) and nothing else yet.
        private static DnsZone BuildZone(AppConfig config)
        {
            DnsServerConfig c = config.DnsServer;
            DnsZone zone = new DnsZone(config.DnsServerZone, c.ZoneRecords, c.ZoneBytes);
            string host = config.DnsServerHostName != null ? config.DnsServerHostName : config.Dhcp.HostName;
            if (host == null || !zone.SetHost(host + "." + config.DnsServerZone))
            {
                throw new System.ArgumentException("AppConfig.DnsServerHostName: not a DNS label");
            }
            // The packet log names DNS datagrams (for people; nothing on the packet path calls it).
            DnsLineFormatter.Install();
            return zone;
        }

        /// <summary>The configuration.</summary>
        public AppConfig Config { get { return _config; } }

        /// <summary>The stack (counters, sockets, echo requests).</summary>
        public NetworkStack Stack { get { return _stack; } }

        /// <summary>TCP (listen/connect here), null when disabled.</summary>
        public TcpLayer Tcp { get { return _tcp; } }

        /// <summary>The TCP echo service, null when disabled.</summary>
        public TcpEchoService TcpEcho { get { return _tcpEcho; } }

        /// <summary>The TCP discard service, null when disabled.</summary>
        public TcpDiscardService TcpDiscard { get { return _tcpDiscard; } }

        /// <summary>The TCP chargen service, null when disabled.</summary>
        public TcpChargenService TcpChargen { get { return _tcpChargen; } }

        /// <summary>The web server, null when disabled.</summary>
        public HttpServer Http { get { return _http; } }

        /// <summary>What the web server serves (the API's state), null when disabled.</summary>
        public DeviceWeb Web { get { return _web; } }

        /// <summary>The ring of recent frames behind /capture.pcap, null when off (<see cref="AppConfig.CaptureBufferBytes"/>).</summary>
        public CaptureRing Capture { get { return _capture; } }

        /// <summary>The time of the last Poll (monotonic ms).</summary>
        public long NowMs { get { return _nowMs; } }

        /// <summary>Milliseconds since <see cref="Start"/>, as of the last Poll.</summary>
        public long UptimeMs { get { return _nowMs - _startMs; } }

        /// <summary>The UDP echo service, null when disabled.</summary>
        public UdpEchoService UdpEcho { get { return _udpEcho; } }

        /// <summary>The UDP discard service, null when disabled.</summary>
        public UdpDiscardService UdpDiscard { get { return _udpDiscard; } }

        /// <summary>The DHCP client, null when DHCP is off.</summary>
        public DhcpClient Dhcp { get { return _dhcp; } }

        /// <summary>The resolver, null when off.</summary>
        public DnsResolver Resolver { get { return _resolver; } }

        /// <summary>The authoritative DNS server, null when off.</summary>
        public DnsServer DnsServer { get { return _dnsServer; } }

        /// <summary>The mDNS/DNS-SD responder, null when off.</summary>
        public MdnsResponder Mdns { get { return _mdns; } }

        /// <summary>The SNTP client, null when off.</summary>
        public SntpClient Sntp { get { return _sntp; } }

        /// <summary>The device's wall clock (set by SNTP; unset until then).</summary>
        public WallClock Clock { get { return _clock; } }

        /// <summary>
        /// Starts: with DHCP, the client begins asking (the address comes later); without, the static address is set (and
        /// announced with a gratuitous ARP). SNTP starts once there is an address.
        /// </summary>
        public void Start(long nowMs)
        {
            _startMs = nowMs;
            _nowMs = nowMs;
            if (_dhcp != null)
            {
                _dhcp.Start(nowMs);
            }
            else
            {
                _stack.SetAddress(_config.Address, _config.PrefixLength, _config.Gateway, nowMs);
            }
            ApplyServers(nowMs);
            if (_sntp != null)
            {
                _sntp.Start(nowMs);
            }
            if (_mdns != null)
            {
                // It waits for an address before probing its name.
                _mdns.Start(nowMs);
            }
        }

        /// <summary>
        /// An orderly shutdown: the DHCP lease is released (DHCPRELEASE). Keep polling until <see cref="IsShutDown"/>
        /// (at most about a second: the release may wait for ARP).
        /// </summary>
        public void Shutdown(long nowMs)
        {
            if (_mdns != null)
            {
                // RFC 6762 §10.1: goodbye (TTL 0) while the address is still ours.
                _mdns.Stop(nowMs);
            }
            if (_dhcp != null)
            {
                _dhcp.Release(nowMs);
            }
        }

        /// <summary>True once <see cref="Shutdown"/> has finished.</summary>
        public bool IsShutDown { get { return _dhcp == null || _dhcp.IsReleased; } }

        // The resolver's servers and SNTP's come from the lease when it names them, else from the configuration.
        private void ApplyServers(long nowMs)
        {
            int count = 0;
            if (_dhcp != null)
            {
                _dhcpVersion = _dhcp.ConfigurationVersion;
                for (int i = 0; i < _dhcp.DnsServerCount && count < _dnsServers.Length; i++)
                {
                    _dnsServers[count++] = _dhcp.GetDnsServer(i);
                }
            }
            for (int i = 0; count == 0 && i < _config.DnsServers.Length && i < _dnsServers.Length; i++)
            {
                _dnsServers[i] = _config.DnsServers[i];
            }
            if (count == 0)
            {
                count = _config.DnsServers.Length < _dnsServers.Length ? _config.DnsServers.Length : _dnsServers.Length;
            }
            if (_resolver != null)
            {
                _resolver.SetServers(_dnsServers, count);
            }
            if (_sntp != null)
            {
                _sntp.SetServer(_dhcp != null && _dhcp.NtpServerCount > 0 ? _dhcp.GetNtpServer(0) : 0, nowMs);
            }
        }

        /// <summary>Runs everything that is due at <paramref name="nowMs"/> (milliseconds since boot).</summary>
        public void Poll(long nowMs)
        {
            _nowMs = nowMs;
            if (_capture != null)
            {
                _capture.NowMs = nowMs;
            }
            _stack.Poll(nowMs);
            if (_dhcp != null)
            {
                _dhcp.Poll(nowMs);
                if (_dhcp.ConfigurationVersion != _dhcpVersion)
                {
                    ApplyServers(nowMs);
                }
            }
            if (_resolver != null)
            {
                _resolver.Poll(nowMs);
            }
            if (_sntp != null)
            {
                _sntp.Poll(nowMs);
            }
            if (_dnsServer != null)
            {
                _dnsServer.Poll(nowMs);
            }
            if (_mdns != null)
            {
                _mdns.Poll(nowMs);
            }
            if (_udpEcho != null)
            {
                _udpEcho.Poll();
            }
            if (_udpDiscard != null)
            {
                _udpDiscard.Poll();
            }
            if (_tcpEcho != null)
            {
                _tcpEcho.Poll(nowMs);
            }
            if (_tcpDiscard != null)
            {
                _tcpDiscard.Poll(nowMs);
            }
            if (_tcpChargen != null)
            {
                _tcpChargen.Poll(nowMs);
            }
            if (_http != null)
            {
                _http.Poll(nowMs);
            }
            if (_tcp != null)
            {
                // What the services queued goes out in this poll rather than the next.
                _tcp.Poll(nowMs);
            }
        }

        /// <summary>When the app must be polled next (absolute ms).</summary>
        public long NextDeadlineMs
        {
            get
            {
                if ((_udpEcho != null && _udpEcho.Socket.QueuedDatagrams > 0) || (_udpDiscard != null && _udpDiscard.Socket.QueuedDatagrams > 0))
                {
                    return 0;
                }
                long next = _stack.NextDeadlineMs;
                if (_http != null && _http.NextDeadlineMs < next)
                {
                    next = _http.NextDeadlineMs;
                }
                if (_dhcp != null && _dhcp.NextDeadlineMs < next)
                {
                    next = _dhcp.NextDeadlineMs;
                }
                if (_resolver != null && _resolver.NextDeadlineMs < next)
                {
                    next = _resolver.NextDeadlineMs;
                }
                if (_sntp != null && _sntp.NextDeadlineMs < next)
                {
                    next = _sntp.NextDeadlineMs;
                }
                if (_dnsServer != null && _dnsServer.NextDeadlineMs < next)
                {
                    next = _dnsServer.NextDeadlineMs;
                }
                if (_mdns != null && _mdns.NextDeadlineMs < next)
                {
                    next = _mdns.NextDeadlineMs;
                }
                return next;
            }
        }

        /// <summary>The configuration as text (allocates: for people).</summary>
        public string Describe()
        {
            StackConfig s = _config.Stack;
            string address = _dhcp != null
                ? "by DHCP (host name " + (_config.Dhcp.HostName ?? "none") + "; while no server answers: "
                    + (_config.Dhcp.Fallback == DhcpFallback.LinkLocal ? "link-local 169.254/16"
                    : _config.Dhcp.Fallback == DhcpFallback.Static ? "static " + PacketFormatter.FormatIp(_config.Dhcp.FallbackAddress) + "/" + _config.Dhcp.FallbackPrefixLength.ToString()
                    : "none") + ")"
                : PacketFormatter.FormatIp(_config.Address) + "/" + _config.PrefixLength.ToString()
                    + "\n  gateway  " + (_config.Gateway == 0 ? "none" : PacketFormatter.FormatIp(_config.Gateway));
            return "device app\n  mac      " + PacketFormatter.FormatMac(_mac.MacAddress, 0)
                + "\n  address  " + address
                + "\n  dns      " + (_resolver != null ? _config.Dns.CacheEntries.ToString() + "-entry cache, " + _config.Dns.MaxQueries.ToString()
                    + " queries at once, servers from DHCP" + (_config.DnsServers.Length > 0 ? " or configured" : "") : "off")
                + "\n  dns-srv  " + (_dnsServer != null ? "port " + _config.DnsServer.Port.ToString() + (_dnsServer.Listener != null ? " udp+tcp" : " udp")
                    + ", zone " + _config.DnsServerZone + ", host " + DnsName.ToDotted(_dnsServer.Zone.Bytes, _dnsServer.Zone.HostOffset)
                    + (_config.DnsServer.CaptivePortal ? ", captive portal" : "") : "off")
                + "\n  mdns     " + (_mdns != null ? _mdns.HostName + " on 224.0.0.251:5353" + (_config.Mdns.HttpPort != 0 ? ", _http._tcp port " + _config.Mdns.HttpPort.ToString() : "") : "off")
                + "\n  sntp     " + (_sntp != null ? "server from DHCP option 42, else " + (_config.Sntp.ServerAddress != 0
                    ? PacketFormatter.FormatIp(_config.Sntp.ServerAddress) : (_config.Sntp.ServerName ?? "none"))
                    + "; poll " + _config.Sntp.MinPollSeconds.ToString() + "-" + _config.Sntp.MaxPollSeconds.ToString() + " s" : "off")
                + "\n  mtu      " + s.MtuBytes.ToString()
                + "\n  arp      " + s.ArpCacheEntries.ToString() + " entries, " + (s.ArpPendingFrames < s.ArpCacheEntries ? s.ArpPendingFrames : s.ArpCacheEntries).ToString() + " x "
                    + s.ArpPendingFrameBytes.ToString() + " B parking"
                + "\n  reasm    " + s.ReassemblySlots.ToString() + " x " + s.ReassemblyBufferBytes.ToString() + " B, " + s.ReassemblyTimeoutMs.ToString()
                + " ms (a fragmented datagram over " + s.ReassemblyBufferBytes.ToString() + " B is dropped: ip reasm-too-large)"
                + "\n  udp      " + s.UdpSockets.ToString() + " sockets x " + UdpRings(s)
                + " B (a datagram over its socket's ring is dropped: udp too-large)"
                + "\n  tcp      " + (_tcp != null ? _config.Tcp.Connections.ToString() + " connections x " + _config.Tcp.ReceiveBufferBytes.ToString() + "/" + _config.Tcp.SendBufferBytes.ToString() + " B" : "off")
                + "\n  services" + (_udpEcho != null ? " udp-echo/" + _config.UdpEchoPort.ToString() : "")
                + (_udpDiscard != null ? " udp-discard/" + _config.UdpDiscardPort.ToString() : "")
                + (_tcpEcho != null ? " tcp-echo/7" : "")
                + (_tcpDiscard != null ? " tcp-discard/9" : "")
                + (_tcpChargen != null ? " tcp-chargen/19" : "")
                + (_http != null ? " http/" + _config.Http.Port.ToString() + " (" + _config.Http.Slots.ToString() + " slots)" : "")
                + (_capture != null ? "\n  capture  " + _capture.CapacityBytes.ToString() + " B ring at /capture.pcap" : "");
        }
    }
}
