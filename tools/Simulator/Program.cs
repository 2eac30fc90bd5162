using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Firmware.App;
using Firmware.Hal;
using Firmware.HostNet;
using Firmware.Net.Diagnostics;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;

namespace Firmware.Simulator;

/// <summary>
/// Boots the device app on a simulated board: its MAC is a TAP interface (the Linux kernel is the peer) or a
/// port on a virtual switch shared with a <see cref="Gateway"/> that forwards host ports to the device. Runs in
/// real time until --seconds, Ctrl+C or SIGTERM, then prints counters and the socket table; the pcap is complete
/// on disk in every case.
/// </summary>
public static class Program
{
    /// <summary>
    /// Longest sleep between polls: TAP frames arrive whenever the kernel sends them, and a signal is noticed
    /// within this time. Host sockets with bytes waiting end the sleep at once (see <see cref="Gateway.Wait"/>).
    /// </summary>
    public const int MaxSleepMs = 2;

    /// <summary>Packet lines printed a second at most; the rest are counted (see <see cref="LineLimiter"/>).</summary>
    public const int PacketLinesPerSecond = 200;

    public static int Main(string[] args)
    {
        if (!SimulatorOptions.TryParse(args, out var options, out string error))
        {
            Console.Error.WriteLine("simulator: " + error);
            Console.Error.WriteLine(SimulatorOptions.Usage);
            return 2;
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(SimulatorOptions.Usage);
            return 0;
        }
        return Run(options);
    }

    private static int Run(SimulatorOptions options)
    {
        var clock = new MonotonicClock();
        using var stop = new ManualResetEventSlim(false);
        // Both signals end the loop instead of the process, so the summary is printed and the pcap closed.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });

        TapMac tap = null;
        PcapRecorder pcap = null;
        Gateway gateway = null;
        var forwards = new List<PortForward>();
        try
        {
            // The host ports first: a taken port is a bad option (exit 2), said before anything else is printed.
            foreach (var rule in options.Forwards)
            {
                if (!PortForward.TryOpen(rule, options.Address, out var forward, out string error))
                {
                    Console.Error.WriteLine("simulator: " + error);
                    return 2;
                }
                forwards.Add(forward);
            }
            UdpForward dnsForward = null;
            if (options.DnsPort != 0 && !UdpForward.TryOpen(options.DnsPort, out dnsForward, out string dnsError))
            {
                if (options.DnsPortGiven)
                {
                    Console.Error.WriteLine("simulator: " + dnsError);
                    return 2;
                }
                // The default port is mDNS's, which avahi-daemon may hold: run without the DNS forward rather than not at all.
                Console.Error.WriteLine("simulator: no DNS forward: " + dnsError);
            }
            DeviceApp app = null;
            // Lines are stamped with the uptime until the device's SNTP client has set its clock, then with its wall time.
            Func<string> stamp = () => app != null && app.Clock.IsSet ? WallStamp(app.Clock.UnixMs(clock.NowMs)) : Stamp(clock);
            Action<string> log = line => { if (!options.Quiet) Console.WriteLine(stamp() + line); };
            IEthernetMac mac;
            VirtualSwitchPort devicePort = null;
            if (options.TapInterface != null)
            {
                try
                {
                    tap = new TapMac(options.TapInterface, options.Mac);
                }
                catch (Exception e) when (e is IOException || e is PlatformNotSupportedException || e is DllNotFoundException)
                {
                    Console.Error.WriteLine("simulator: " + e.Message);
                    return 1;
                }
                mac = tap;
            }
            else
            {
                var network = new VirtualSwitch();
                devicePort = network.CreatePort(options.Mac);
                mac = devicePort;
                uint mask = uint.MaxValue << (32 - options.PrefixLength);
                uint gatewayAddress = (options.Address & mask) | 1;
                if (gatewayAddress == options.Address)
                {
                    gatewayAddress++;
                }
                gateway = new Gateway(network, GatewayMac, gatewayAddress, options.PrefixLength, options.Address, options.Mac, options.LeaseSeconds,
                    options.Seed + 1, forwards, options.PeerTraffic, log, waitForLease: options.Dhcp, dnsForward: dnsForward);
                dnsForward = null;  // the gateway owns it now
                forwards.Clear();  // the gateway owns them now
            }
            FaultInjector faults = null;
            if (options.InjectsFaults)
            {
                // Below the pcap: the capture shows what the stack sent and what it was handed after the faults.
                faults = new FaultInjector(mac, clock, options.Seed)
                {
                    DropProbability = options.DropProbability,
                    DuplicateProbability = options.DuplicateProbability,
                    ReorderProbability = options.ReorderProbability,
                    DelayProbability = options.DelayProbability,
                    CorruptProbability = options.CorruptProbability,
                };
                mac = faults;
            }
            if (options.PcapPath != null)
            {
                try
                {
                    pcap = new PcapRecorder(mac, clock, options.PcapPath, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // A file that cannot be written is a bad option like any other (exit 2), not a crash.
                    Console.Error.WriteLine("simulator: --pcap " + options.PcapPath + ": " + e.Message);
                    return 2;
                }
                mac = pcap;
            }
            LineLimiter packetLines = null;
            if (!options.Quiet)
            {
                packetLines = new LineLimiter(clock, PacketLinesPerSecond, line => Console.WriteLine(line));
                mac = new PacketTracer(mac, (direction, frame, offset, length) =>
                {
                    // Only the lines the limiter lets through are formatted (a flood's are counted, not built).
                    if (packetLines.Admit())
                    {
                        Console.WriteLine(stamp() + (direction == FrameDirection.Send ? "> " : "< ") + PacketFormatter.Format(frame, offset, length));
                    }
                });
            }

            // The board's profile plus the test services (echo, discard, chargen) and the general-purpose stack sizes.
            AppConfig config = AppConfig.TestProfile();
            config.Address = options.Address;
            config.PrefixLength = options.PrefixLength;
            config.Gateway = options.Gateway;
            config.CaptureBufferBytes = options.CaptureBytes;
            config.DeviceName = "simulated device";
            config.DhcpEnabled = options.Dhcp;
            config.Dhcp.HostName = "sim-device";
            if (options.TcpReceiveBufferBytes > 0)
            {
                config.Tcp.ReceiveBufferBytes = options.TcpReceiveBufferBytes;
            }
            if (options.TcpSendBufferBytes > 0)
            {
                config.Tcp.SendBufferBytes = options.TcpSendBufferBytes;
            }
            config.DnsServer.CaptivePortal = options.CaptivePortal;
            if (options.Dhcp && options.AddressGiven)
            {
                config.Dhcp.Fallback = DhcpFallback.Static;
            }
            string ntp = options.NtpServer ?? (tap != null ? config.Sntp.ServerName : "ntp." + Gateway.Zone);
            if (AddressText.TryParseIpv4(ntp, out uint ntpAddress))
            {
                config.Sntp.ServerAddress = ntpAddress;
            }
            else
            {
                config.Sntp.ServerName = ntp;
            }
            if (options.DnsServer != 0)
            {
                config.DnsServers = new[] { options.DnsServer };
            }
            app = new DeviceApp(config, mac, new SystemRandomSource(options.Seed), SimulatedPins.Create(log));
            // The device's events (lease, lookups, clock) print even with --quiet, which silences the packet lines only.
            var events = new DeviceEvents(app, line => Console.WriteLine(stamp() + line));
            ActiveSender sender = null;
            if (options.Connects)
            {
                if (app.Tcp == null)
                {
                    Console.Error.WriteLine("simulator: --connect needs TCP, and the app has none");
                    return 1;
                }
                byte[] data = null;
                if (options.SendFilePath != null)
                {
                    try
                    {
                        data = File.ReadAllBytes(options.SendFilePath);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        Console.Error.WriteLine("simulator: --send-file: " + e.Message);
                        return 1;
                    }
                }
                sender = new ActiveSender(app.Stack, app.Tcp, app.Resolver, options.ConnectHost, options.ConnectAddress, options.ConnectPort, data)
                {
                    Log = line => Console.WriteLine(stamp() + line),
                };
            }
            Console.WriteLine("simulator: " + (tap != null
                ? "attached to TAP interface " + tap.InterfaceName
                : "on a virtual switch with a gateway at " + AddressText.FormatIpv4(gateway.Address)
                    + (options.PeerTraffic ? " (peer traffic: ping + udp echo once a second)" : "")));
            Console.WriteLine(app.Describe());
            Console.WriteLine("  seed     " + options.Seed);
            if (faults != null)
            {
                Console.WriteLine("  faults   drop " + Format(options.DropProbability) + " duplicate " + Format(options.DuplicateProbability)
                    + " reorder " + Format(options.ReorderProbability) + " delay " + Format(options.DelayProbability)
                    + " corrupt " + Format(options.CorruptProbability));
            }
            if (options.PcapPath != null)
            {
                Console.WriteLine("  pcap     " + options.PcapPath);
            }
            if (gateway != null)
            {
                foreach (var forward in gateway.Forwards)
                {
                    Console.WriteLine("  forward  " + forward.Describe());
                }
                if (gateway.DnsForward != null)
                {
                    Console.WriteLine("  forward  " + gateway.DnsForward.Describe());
                }
                if (gateway.Forwards.Count == 0 && gateway.DnsForward == null)
                {
                    Console.WriteLine("  forward  none");
                }
            }
            Console.WriteLine(options.Seconds > 0
                ? "simulator: running for " + options.Seconds.ToString(CultureInfo.InvariantCulture) + " s"
                : "simulator: running until Ctrl+C (or SIGTERM); --seconds N stops by itself");
            if (tap != null)
            {
                Console.WriteLine("simulator: no forwards with --tap; from the TAP's side the page is at http://"
                    + (options.Dhcp ? "<the address DHCP gives, printed when bound>" : AddressText.FormatIpv4(options.Address)) + "/");
            }
            else if (options.HttpPort != 0)
            {
                Console.WriteLine("open http://127.0.0.1:" + options.HttpPort.ToString(CultureInfo.InvariantCulture) + "/");
            }
            if (gateway?.DnsForward != null && app.DnsServer != null)
            {
                Console.WriteLine("ask its DNS server: dig -p " + gateway.DnsForward.HostPort.ToString(CultureInfo.InvariantCulture) + " @127.0.0.1 "
                    + DnsName.ToDotted(app.DnsServer.Zone.Bytes, app.DnsServer.Zone.HostOffset));
            }

            long endMs = options.Seconds > 0 ? (long)(options.Seconds * 1000) : long.MaxValue;
            app.Start(clock.NowMs);
            while (!stop.IsSet)
            {
                long nowMs = clock.NowMs;
                if (nowMs >= endMs)
                {
                    break;
                }
                faults?.Pump();
                app.Poll(nowMs);
                events.Poll(nowMs);
                if (sender != null)
                {
                    sender.Poll(nowMs);
                    app.Poll(nowMs);  // sends what the sender queued without waiting a turn
                }
                long nextMs = app.NextDeadlineMs;
                if (gateway != null)
                {
                    gateway.Poll(nowMs);
                    nextMs = Math.Min(nextMs, gateway.NextDeadlineMs);
                    if (devicePort.QueuedFrames > 0 || gateway.Port.QueuedFrames > 0)
                    {
                        nextMs = 0;  // frames are waiting on the switch: poll again before sleeping
                    }
                }
                long waitMs = Math.Clamp(nextMs - clock.NowMs, 0, MaxSleepMs);
                if (waitMs > 0 && tap != null)
                {
                    // A frame from the kernel ends the sleep at once (a flood is read as fast as the app can take it).
                    tap.WaitReadable((int)waitMs);
                }
                else if (waitMs > 0 && (gateway == null || !gateway.Wait((int)waitMs)))
                {
                    stop.Wait((int)waitMs);
                }
            }

            // An orderly shutdown gives the lease back (DHCPRELEASE; ARP for the server may take a moment).
            app.Shutdown(clock.NowMs);
            long shutdownEndMs = clock.NowMs + 2000;
            while (!app.IsShutDown && clock.NowMs < shutdownEndMs)
            {
                faults?.Pump();
                app.Poll(clock.NowMs);
                gateway?.Poll(clock.NowMs);
                Thread.Sleep(1);
            }
            events.Poll(clock.NowMs);
            packetLines?.Flush();
            Console.WriteLine("simulator: stopped after " + (clock.NowMs / 1000.0).ToString("F1", CultureInfo.InvariantCulture) + " s");
            Console.WriteLine(app.Stack.DescribeCounters());
            if (app.Dhcp != null)
            {
                Console.WriteLine(app.Dhcp.Counters.Describe());
            }
            if (app.Resolver != null)
            {
                Console.WriteLine(app.Resolver.Counters.Describe());
            }
            if (app.Sntp != null)
            {
                Console.WriteLine(app.Sntp.Counters.Describe());
            }
            if (app.DnsServer != null)
            {
                Console.WriteLine(app.DnsServer.Counters.Describe());
            }
            if (app.Mdns != null)
            {
                Console.WriteLine(app.Mdns.Counters.Describe());
            }
            if (app.Tcp != null)
            {
                Console.WriteLine(app.Tcp.Counters.Describe());
                Console.WriteLine("tcp services: echoed " + (app.TcpEcho != null ? app.TcpEcho.BytesEchoed : 0)
                    + " bytes discarded " + (app.TcpDiscard != null ? app.TcpDiscard.BytesDiscarded : 0) + " bytes");
                Console.WriteLine(TcpNetstat.Format(app.Tcp));
            }
            if (app.Http != null)
            {
                Console.WriteLine(app.Http.Counters.Describe());
            }
            if (sender != null)
            {
                Console.WriteLine(sender.Describe());
            }
            Console.WriteLine(app.Stack.DescribeState());
            if (app.Dhcp != null)
            {
                Console.WriteLine(app.Dhcp.Describe(clock.NowMs));
            }
            if (app.Resolver != null)
            {
                Console.WriteLine(app.Resolver.Cache.Describe(clock.NowMs));
            }
            if (app.Sntp != null)
            {
                Console.WriteLine(app.Sntp.Describe(clock.NowMs));
            }
            if (gateway != null)
            {
                Console.WriteLine(gateway.Describe());
            }
            if (faults != null)
            {
                Console.WriteLine("faults: seen " + faults.FramesSeen + " dropped " + faults.FramesDropped + " duplicated " + faults.FramesDuplicated
                    + " reordered " + faults.FramesReordered + " delayed " + faults.FramesDelayed + " corrupted " + faults.FramesCorrupted);
            }
            if (pcap != null)
            {
                Console.WriteLine("pcap: " + pcap.FramesRecorded + " frames in " + options.PcapPath);
            }
            return 0;
        }
        finally
        {
            gateway?.Dispose();
            foreach (var forward in forwards)
            {
                forward.Dispose();
            }
            pcap?.Dispose();
            tap?.Dispose();
        }
    }

    /// <summary>The gateway's MAC on the virtual switch.</summary>
    private static readonly byte[] GatewayMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe };

    private static string Format(double probability) => probability.ToString("0.###", CultureInfo.InvariantCulture);

    private static string WallStamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z ";

    private static string Stamp(IClock clock) =>
        (clock.NowMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture).PadLeft(9) + " ";
}
