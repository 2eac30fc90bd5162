using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Firmware.HostNet;
using Firmware.Net.Link;

namespace Firmware.Simulator;

/// <summary>The simulator's command line, parsed without side effects (so tests can check it).</summary>
public sealed class SimulatorOptions
{
    /// <summary>The host port forwarded to the device's HTTP port (80) unless told otherwise.</summary>
    public const int DefaultHttpPort = 8080;

    /// <summary>The device's HTTP port.</summary>
    public const int DeviceHttpPort = 80;

    /// <summary>The host's UDP port forwarded to the device's DNS server (port 53) by default.</summary>
    public const int DefaultDnsPort = 5353;

    /// <summary>KB of the device's capture ring (/capture.pcap) unless told otherwise.</summary>
    public const int DefaultCaptureKb = 64;

    public const string Usage =
        "usage: Simulator [--tap IFNAME] [--dhcp] [--ip ADDR/PREFIX] [--gateway ADDR] [--mac MAC] [--pcap FILE] [--seconds N] [--quiet]\n" +
        "                 [--seed N] [--lease N] [--ntp SERVER] [--dns ADDR] [--http-port N] [--dns-port N] [--forward HOSTPORT:DEVICEPORT]...\n" +
        "                 [--no-forward] [--peer-traffic] [--captive-portal] [--capture-kb N] [--drop P] [--duplicate P] [--reorder P] [--delay P]\n" +
        "                 [--corrupt P] [--connect HOST:PORT [--send-file FILE]] [--tcp-rx-buffer BYTES] [--tcp-tx-buffer BYTES]\n" +
        "  --tap IFNAME       attach to an existing TAP interface (root; e.g. inside a network namespace); the kernel is\n" +
        "                     the peer and the device is reached at its own address (no forwards). Without it the device\n" +
        "                     sits on a virtual switch beside a gateway node that gives it its address by DHCP (10.0.0.2,\n" +
        "                     reserved for its MAC), answers DNS for the .sim names and NTP, and forwards host ports to it\n" +
        "  --dhcp             get the address by DHCP (the default without --tap; with --tap a server in the namespace,\n" +
        "                     e.g. dnsmasq, configures the device); --ip then is the fallback while no server answers\n" +
        "  --ip ADDR/PREFIX   the device's static address (default 10.0.0.2/24); without --dhcp it turns DHCP off\n" +
        "  --gateway ADDR     default gateway for a static address (default none)\n" +
        "  --lease N          the gateway's DHCP lease time in seconds (default 120: a renewal every minute)\n" +
        "  --ntp SERVER       the device's SNTP server, a name or an address (default ntp.sim on the switch, pool.ntp.org\n" +
        "                     with --tap), used when DHCP names none (option 42)\n" +
        "  --dns ADDR         a DNS server for the device when DHCP names none\n" +
        "  --mac MAC          the device's MAC (default 02:00:00:00:00:02)\n" +
        "  --pcap FILE        record every frame the device sends and receives\n" +
        "  --seconds N        stop after N seconds (default: run until Ctrl+C or SIGTERM)\n" +
        "  --quiet            no per-packet lines\n" +
        "  --seed N           the random source's seed (default 1; also seeds the faults)\n" +
        "  --http-port N      forward 127.0.0.1:N to the device's port 80 (default 8080; 0: no HTTP forward)\n" +
        "  --dns-port N       forward 127.0.0.1:N/udp to the device's DNS server, port 53 (default 5353; 0: none)\n" +
        "  --forward H:D      also forward 127.0.0.1:H to the device's TCP port D (repeatable), e.g. --forward 7007:7\n" +
        "  --no-forward       no forwards at all (not even the HTTP one)\n" +
        "  --peer-traffic     the gateway pings the device and uses its UDP echo once a second\n" +
        "  --captive-portal   the device's DNS server answers every A query with the device's address (TTL 10 s)\n" +
        "  --capture-kb N     the device keeps its last N KB of frames for http://.../capture.pcap (default 64; 0: off)\n" +
        "  --tcp-rx-buffer BYTES, --tcp-tx-buffer BYTES\n" +
        "                     each TCP connection's receive ring (the window it advertises; over 65535 it offers window\n" +
        "                     scaling) and send ring (what it keeps in flight), 1024 to 1048576 (default TcpConfig's: 4380)\n" +
        "  --drop P, --duplicate P, --reorder P, --delay P (10-100 ms), --corrupt P\n" +
        "                     fault probabilities (0 to 1) for every frame the device sends and receives\n" +
        "  --connect HOST:PORT  the device opens a TCP connection to HOST:PORT (an address, or a name its resolver looks\n" +
        "                     up; retried until it is accepted), sends --send-file FILE (or nothing) and closes; the outcome\n" +
        "                     is in the exit summary";

    public string TapInterface { get; private set; }

    public uint Address { get; private set; } = 0x0A000002;

    public int PrefixLength { get; private set; } = 24;

    public uint Gateway { get; private set; }

    public byte[] Mac { get; private set; } = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

    public string PcapPath { get; private set; }

    /// <summary>Run time in seconds; 0 means until a signal.</summary>
    public double Seconds { get; private set; }

    public bool Quiet { get; private set; }

    public int Seed { get; private set; } = 1;

    /// <summary>Bytes of the device's capture ring; 0 for none.</summary>
    public int CaptureBytes { get; private set; } = DefaultCaptureKb * 1024;

    public bool ShowHelp { get; private set; }

    public double DropProbability { get; private set; }

    /// <summary>Smallest --tcp-rx-buffer / --tcp-tx-buffer: the HTTP server writes a 1 KB response buffer into the send ring in one piece.</summary>
    public const int MinTcpBufferBytes = 1024;

    /// <summary>Largest --tcp-rx-buffer / --tcp-tx-buffer (1 MiB: far past a device, enough for host experiments).</summary>
    public const int MaxTcpBufferBytes = 1024 * 1024;

    /// <summary>Each TCP connection's receive ring (--tcp-rx-buffer); 0 keeps TcpConfig's default.</summary>
    public int TcpReceiveBufferBytes { get; private set; }

    /// <summary>Each TCP connection's send ring (--tcp-tx-buffer); 0 keeps TcpConfig's default.</summary>
    public int TcpSendBufferBytes { get; private set; }

    public double DuplicateProbability { get; private set; }

    public double ReorderProbability { get; private set; }

    public double DelayProbability { get; private set; }

    public double CorruptProbability { get; private set; }

    /// <summary>The address (host order) the device connects out to with --connect; 0 when not asked or given by name.</summary>
    public uint ConnectAddress { get; private set; }

    /// <summary>The name --connect gave instead of an address (looked up by the device's resolver); null otherwise.</summary>
    public string ConnectHost { get; private set; }

    /// <summary>True when --connect was given (by address or by name).</summary>
    public bool Connects => ConnectAddress != 0 || ConnectHost != null;

    /// <summary>True when --ip was given (with --dhcp it is the static fallback).</summary>
    public bool AddressGiven { get; private set; }

    /// <summary>The device gets its address by DHCP (without --tap unless --ip; with --tap when --dhcp).</summary>
    public bool Dhcp { get; private set; }

    /// <summary>The gateway's DHCP lease time, s.</summary>
    public int LeaseSeconds { get; private set; } = DefaultLeaseSeconds;

    /// <summary>The gateway's lease time unless --lease says otherwise.</summary>
    public const int DefaultLeaseSeconds = 120;

    /// <summary>The SNTP server (--ntp): a name, or null for the default.</summary>
    public string NtpServer { get; private set; }

    /// <summary>A DNS server for the device (--dns), 0 for none.</summary>
    public uint DnsServer { get; private set; }

    public ushort ConnectPort { get; private set; }

    /// <summary>The file the device sends over the --connect connection; null sends nothing.</summary>
    public string SendFilePath { get; private set; }

    /// <summary>The host port forwarded to the device's port 80; 0 when there is no HTTP forward.</summary>
    public int HttpPort { get; private set; } = DefaultHttpPort;

    /// <summary>The host UDP port forwarded to the device's port 53; 0 when there is none (--tap, --no-forward, --dns-port 0).</summary>
    public int DnsPort { get; private set; } = DefaultDnsPort;

    /// <summary>True when --dns-port was given (a taken port is then an error; the default one only a warning).</summary>
    public bool DnsPortGiven { get; private set; }

    /// <summary>
    /// Every forward the gateway sets up, the HTTP one first; empty with --tap (the kernel reaches the device
    /// directly) and with --no-forward.
    /// </summary>
    public IReadOnlyList<ForwardRule> Forwards => _forwards;

    /// <summary>The device's DNS server runs as a captive portal (every A query gets the device's address).</summary>
    public bool CaptivePortal { get; private set; }

    /// <summary>The gateway pings the device and sends a datagram to its UDP echo once a second.</summary>
    public bool PeerTraffic { get; private set; }

    private readonly List<ForwardRule> _forwards = new();

    /// <summary>True when any fault is asked for, so the device's MAC gets a FaultInjector.</summary>
    public bool InjectsFaults =>
        DropProbability > 0 || DuplicateProbability > 0 || ReorderProbability > 0 || DelayProbability > 0 || CorruptProbability > 0;

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string[] args, out SimulatorOptions options, out string error)
    {
        options = new SimulatorOptions();
        error = null;
        var explicitForwards = new List<ForwardRule>();
        bool httpPortGiven = false;
        bool noForward = false;
        bool dhcpGiven = false;
        bool ipGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--quiet" || name == "-q")
            {
                options.Quiet = true;
                continue;
            }
            if (name == "--help" || name == "-h")
            {
                options.ShowHelp = true;
                continue;
            }
            if (name == "--no-forward")
            {
                noForward = true;
                continue;
            }
            if (name == "--captive-portal")
            {
                options.CaptivePortal = true;
                continue;
            }
            if (name == "--peer-traffic")
            {
                options.PeerTraffic = true;
                continue;
            }
            if (name == "--dhcp")
            {
                dhcpGiven = true;
                continue;
            }
            if (name != "--tap" && name != "--ip" && name != "--gateway" && name != "--mac" && name != "--pcap"
                && name != "--seconds" && name != "--seed" && name != "--drop" && name != "--duplicate" && name != "--reorder"
                && name != "--delay" && name != "--corrupt" && name != "--connect" && name != "--send-file"
                && name != "--http-port" && name != "--forward" && name != "--capture-kb" && name != "--lease" && name != "--ntp"
                && name != "--dns" && name != "--dns-port" && name != "--tcp-rx-buffer" && name != "--tcp-tx-buffer")
            {
                error = "unknown option '" + name + "'";
                return false;
            }
            if (i + 1 >= args.Length)
            {
                error = name + " needs a value";
                return false;
            }
            string value = args[++i];
            if (name == "--drop" || name == "--duplicate" || name == "--reorder" || name == "--delay" || name == "--corrupt")
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double probability)
                    || !(probability >= 0 && probability <= 1))
                {
                    error = name + ": expected a probability from 0 to 1, got '" + value + "'";
                    return false;
                }
                switch (name)
                {
                    case "--drop": options.DropProbability = probability; break;
                    case "--duplicate": options.DuplicateProbability = probability; break;
                    case "--reorder": options.ReorderProbability = probability; break;
                    case "--delay": options.DelayProbability = probability; break;
                    default: options.CorruptProbability = probability; break;
                }
                continue;
            }
            if (name == "--tcp-rx-buffer" || name == "--tcp-tx-buffer")
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int bytes)
                    || bytes < MinTcpBufferBytes || bytes > MaxTcpBufferBytes)
                {
                    error = name + ": expected bytes from " + MinTcpBufferBytes + " to " + MaxTcpBufferBytes + ", got '" + value + "'";
                    return false;
                }
                if (name == "--tcp-rx-buffer")
                {
                    options.TcpReceiveBufferBytes = bytes;
                }
                else
                {
                    options.TcpSendBufferBytes = bytes;
                }
                continue;
            }
            switch (name)
            {
                case "--tap":
                    if (value.Length == 0 || value.Length > 15)
                    {
                        error = "--tap: an interface name is 1 to 15 characters";
                        return false;
                    }
                    options.TapInterface = value;
                    break;
                case "--ip":
                    if (!TryParseCidr(value, out uint address, out int prefix))
                    {
                        error = "--ip: expected ADDR/PREFIX such as 10.0.0.2/24, got '" + value + "'";
                        return false;
                    }
                    // The stack refuses what no host may be (and says why): the same check, before anything runs.
                    string problem = NetInterface.CheckConfiguration(address, prefix, 0);
                    if (problem != null)
                    {
                        error = "--ip " + value + ": " + problem;
                        return false;
                    }
                    options.Address = address;
                    options.PrefixLength = prefix;
                    ipGiven = true;
                    break;
                case "--lease":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int lease) || lease < 10 || lease > 86400 * 365)
                    {
                        error = "--lease: expected seconds from 10 to a year, got '" + value + "'";
                        return false;
                    }
                    options.LeaseSeconds = lease;
                    break;
                case "--ntp":
                    if (value.Length == 0 || value.Length > 200)
                    {
                        error = "--ntp: expected a server name or address, got '" + value + "'";
                        return false;
                    }
                    options.NtpServer = value;
                    break;
                case "--dns":
                    if (!AddressText.TryParseIpv4(value, out uint dns) || dns == 0)
                    {
                        error = "--dns: expected an IPv4 address, got '" + value + "'";
                        return false;
                    }
                    options.DnsServer = dns;
                    break;
                case "--gateway":
                    if (!AddressText.TryParseIpv4(value, out uint gateway))
                    {
                        error = "--gateway: expected an IPv4 address, got '" + value + "'";
                        return false;
                    }
                    options.Gateway = gateway;
                    break;
                case "--mac":
                    if (!AddressText.TryParseMac(value, out byte[] mac) || (mac[0] & 1) != 0)
                    {
                        error = "--mac: expected a unicast MAC such as 02:00:00:00:00:02, got '" + value + "'";
                        return false;
                    }
                    options.Mac = mac;
                    break;
                case "--pcap":
                    if (value.Length == 0)
                    {
                        error = "--pcap: needs a file name";
                        return false;
                    }
                    string folder = Path.GetDirectoryName(Path.GetFullPath(value));
                    if (!Directory.Exists(folder))
                    {
                        error = "--pcap: the folder " + folder + " does not exist";
                        return false;
                    }
                    if (Directory.Exists(value))
                    {
                        error = "--pcap: " + value + " is a folder; give a file name";
                        return false;
                    }
                    options.PcapPath = value;
                    break;
                case "--seconds":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                        || !(seconds > 0) || seconds > 365 * 24 * 3600)
                    {
                        error = "--seconds: expected a positive number, got '" + value + "'";
                        return false;
                    }
                    options.Seconds = seconds;
                    break;
                case "--connect":
                {
                    int colon = value.LastIndexOf(':');
                    string host = colon > 0 ? value.Substring(0, colon) : "";
                    bool isAddress = AddressText.TryParseIpv4(host, out uint connectAddress);
                    if (colon < 0 || (isAddress && connectAddress == 0) || (!isAddress && !IsHostName(host))
                        || !ushort.TryParse(value.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort connectPort)
                        || connectPort == 0)
                    {
                        error = "--connect: expected HOST:PORT such as 10.0.0.1:5000 or server.lan:5000, got '" + value + "'";
                        return false;
                    }
                    options.ConnectAddress = isAddress ? connectAddress : 0;
                    options.ConnectHost = isAddress ? null : host;
                    options.ConnectPort = connectPort;
                    break;
                }
                case "--send-file":
                    if (value.Length == 0)
                    {
                        error = "--send-file: needs a file name";
                        return false;
                    }
                    options.SendFilePath = value;
                    break;
                case "--http-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int httpPort) || httpPort > 65535)
                    {
                        error = "--http-port: expected a port from 1 to 65535 (or 0 for no HTTP forward), got '" + value + "'";
                        return false;
                    }
                    options.HttpPort = httpPort;
                    httpPortGiven = true;
                    break;
                case "--dns-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int dnsPort) || dnsPort > 65535)
                    {
                        error = "--dns-port: expected a port from 1 to 65535 (or 0 for no DNS forward), got '" + value + "'";
                        return false;
                    }
                    options.DnsPort = dnsPort;
                    options.DnsPortGiven = true;
                    break;
                case "--capture-kb":
                    // Below 3 KB the ring could not hold two full frames; above 4 MB it is no longer a device's size.
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int captureKb) || (captureKb != 0 && captureKb < 3) || captureKb > 4096)
                    {
                        error = "--capture-kb: expected 0 (off) or 3 to 4096, got '" + value + "'";
                        return false;
                    }
                    options.CaptureBytes = captureKb * 1024;
                    break;
                case "--forward":
                {
                    int colon = value.IndexOf(':');
                    if (colon < 0
                        || !int.TryParse(value.Substring(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int hostPort)
                        || !int.TryParse(value.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int devicePort)
                        || hostPort < 1 || hostPort > 65535 || devicePort < 1 || devicePort > 65535)
                    {
                        error = "--forward: expected HOSTPORT:DEVICEPORT with ports from 1 to 65535 such as 7007:7, got '" + value + "'";
                        return false;
                    }
                    explicitForwards.Add(new ForwardRule(hostPort, devicePort));
                    break;
                }
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
                    {
                        error = "--seed: expected an integer, got '" + value + "'";
                        return false;
                    }
                    options.Seed = seed;
                    break;
            }
        }
        if (options.Gateway != 0)
        {
            string problem = NetInterface.CheckConfiguration(options.Address, options.PrefixLength, options.Gateway);
            if (problem != null)
            {
                error = "--gateway " + AddressText.FormatIpv4(options.Gateway) + ": " + problem;
                return false;
            }
        }
        // Without --tap the gateway's DHCP server configures the device unless --ip says where it is; with --tap, --dhcp asks for it.
        options.Dhcp = dhcpGiven || (options.TapInterface == null && !ipGiven);
        options.AddressGiven = ipGiven;
        if (options.SendFilePath != null && !options.Connects)
        {
            error = "--send-file needs --connect ADDR:PORT";
            return false;
        }
        return options.TryCombineForwards(explicitForwards, httpPortGiven, noForward, out error);
    }

    /// <summary>Builds <see cref="Forwards"/> from the forward options once everything is parsed, or says why they clash.</summary>
    private bool TryCombineForwards(List<ForwardRule> explicitForwards, bool httpPortGiven, bool noForward, out string error)
    {
        error = null;
        if (TapInterface != null)
        {
            // On a TAP the kernel is the peer and reaches the device at its own address: there is no gateway.
            if (explicitForwards.Count > 0 || httpPortGiven || PeerTraffic)
            {
                error = (explicitForwards.Count > 0 ? "--forward" : httpPortGiven ? "--http-port" : "--peer-traffic")
                    + ": not with --tap (there is no gateway; reach the device at its own address)";
                return false;
            }
            if (DnsPortGiven && DnsPort != 0)
            {
                error = "--dns-port: not with --tap (there is no gateway; ask the device at its own address)";
                return false;
            }
            HttpPort = 0;
            DnsPort = 0;
            return true;
        }
        if (noForward)
        {
            if (explicitForwards.Count > 0 || (httpPortGiven && HttpPort != 0) || (DnsPortGiven && DnsPort != 0))
            {
                error = "--no-forward: contradicts " + (explicitForwards.Count > 0 ? "--forward" : httpPortGiven && HttpPort != 0 ? "--http-port" : "--dns-port");
                return false;
            }
            HttpPort = 0;
            DnsPort = 0;
            return true;
        }
        if (HttpPort != 0)
        {
            _forwards.Add(new ForwardRule(HttpPort, DeviceHttpPort));
        }
        foreach (var rule in explicitForwards)
        {
            foreach (var earlier in _forwards)
            {
                if (earlier.HostPort == rule.HostPort)
                {
                    error = "--forward: host port " + rule.HostPort.ToString(CultureInfo.InvariantCulture) + " is forwarded twice"
                        + (rule.HostPort == HttpPort ? " (the HTTP forward has it: move that with --http-port N, or 0 for none)" : "");
                    return false;
                }
            }
            _forwards.Add(rule);
        }
        return true;
    }

    // Letters, digits, hyphens and dots, as DNS host names are (RFC 1123 §2.1), at most 253 characters.
    private static bool IsHostName(string text)
    {
        if (text.Length == 0 || text.Length > 253 || text.StartsWith('.') || text.Contains(".."))
        {
            return false;
        }
        bool letter = false;
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.'))
            {
                return false;
            }
            letter |= char.IsAsciiLetter(c) || c == '-';
        }
        return letter;  // all digits and dots: a malformed address, not a name
    }

    private static bool TryParseCidr(string text, out uint address, out int prefixLength)
    {
        address = 0;
        prefixLength = 0;
        int slash = text.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }
        return AddressText.TryParseIpv4(text.Substring(0, slash), out address)
            && int.TryParse(text.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength)
            && prefixLength >= 0 && prefixLength <= 32;
    }
}
