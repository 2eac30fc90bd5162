using Firmware.App;
using Firmware.Net;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// The device app with DHCP, its resolver and SNTP on, and a peer (10.0.0.1) that is its DHCP, DNS and NTP server
    /// (<see cref="ScriptedDhcpServer"/> and friends), on an in-memory cable in virtual time. <see cref="Step"/> jumps to
    /// the next deadline when no frame is on the cable, so minutes of lease time cost a few polls. Device-bound:
    /// deterministic for a seed, on .NET and on nanoCLR.
    /// </summary>
    public sealed class ClientsBed
    {
        /// <summary>The address the server leases, 10.0.0.50.</summary>
        public const uint LeasedAddress = 0x0A000032;

        /// <summary>The server's address, 10.0.0.1.</summary>
        public const uint ServerAddress = 0x0A000001;

        /// <summary>The server's clock at virtual time 0: 2024-05-01T12:00:00Z.</summary>
        public const long EpochUnixMs = 1714564800000;

        /// <summary>The device's end of the cable.</summary>
        public readonly MemoryMac DeviceMac;

        /// <summary>The server's end.</summary>
        public readonly MemoryMac PeerMac;

        /// <summary>The app under test.</summary>
        public readonly DeviceApp App;

        /// <summary>The server's stack.</summary>
        public readonly NetworkStack Peer;

        /// <summary>DHCP.</summary>
        public readonly ScriptedDhcpServer Dhcp;

        /// <summary>DNS: printer.lan = 10.0.0.7, ntp.lan = the server.</summary>
        public readonly ScriptedDnsServer Dns;

        /// <summary>NTP.</summary>
        public readonly ScriptedNtpServer Ntp;

        /// <summary>Virtual time, ms.</summary>
        public long NowMs;

        /// <summary>Builds both ends; the lease lasts <paramref name="leaseSeconds"/>.</summary>
        public ClientsBed(AppConfig config, uint seed, uint leaseSeconds)
        {
            DeviceMac = new MemoryMac(2, 64);
            PeerMac = new MemoryMac(1, 64);
            MemoryMac.Connect(DeviceMac, PeerMac);
            config.DhcpEnabled = true;
            App = new DeviceApp(config, DeviceMac, new SeededRandom(seed));
            Peer = new NetworkStack(new StackConfig(), PeerMac, new SeededRandom(seed + 1));
            Peer.SetAddress(ServerAddress, 24, 0, 0);
            Dhcp = new ScriptedDhcpServer(Peer, LeasedAddress, 24, leaseSeconds);
            Dns = new ScriptedDnsServer(Peer, new string[] { "printer.lan", "ntp.lan" }, new uint[] { 0x0A000007, ServerAddress }, 60);
            Ntp = new ScriptedNtpServer(Peer, EpochUnixMs);
        }

        /// <summary>Starts the app (DHCP begins).</summary>
        public void Start()
        {
            App.Start(NowMs);
        }

        /// <summary>
        /// One step: 1 ms while frames are on the cable, else straight to the next deadline (at most a second ahead);
        /// then polls the device and the server.
        /// </summary>
        public void Step()
        {
            long next = NowMs + 1;
            if (DeviceMac.Queued == 0 && PeerMac.Queued == 0)
            {
                long deadline = App.NextDeadlineMs;
                long peer = Peer.NextDeadlineMs;
                if (peer < deadline)
                {
                    deadline = peer;
                }
                if (deadline > next)
                {
                    next = deadline > NowMs + 1000 ? NowMs + 1000 : deadline;
                }
            }
            NowMs = next;
            App.Poll(NowMs);
            Peer.Poll(NowMs);
            Dhcp.Poll();
            Dns.Poll();
            Ntp.Poll(NowMs);
        }

        /// <summary>Steps until <paramref name="done"/> holds (true) or <paramref name="maxMs"/> of virtual time pass (false).</summary>
        public bool RunUntil(Condition done, long maxMs)
        {
            long end = NowMs + maxMs;
            while (!done())
            {
                if (NowMs >= end)
                {
                    return false;
                }
                Step();
            }
            return true;
        }
    }
}
