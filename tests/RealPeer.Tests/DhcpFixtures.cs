using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Firmware.RealPeer.Tests;

/// <summary>
/// The namespace with dnsmasq on tap0 as DHCP server (10.0.0.50–60, 2-minute leases, its shortest) and DNS server for
/// the .lan names of a hosts file (server.lan = 10.0.0.1), and the simulator started with --dhcp (no static address).
/// dnsmasq can be restarted with another range (<see cref="RestartDnsmasq"/>).
/// </summary>
public class DnsmasqInNamespace : SimulatorInNamespace
{
    public const string ServerName = "server.lan";

    private Process _dnsmasq;

    public DnsmasqInNamespace()
        : this(null)
    {
    }

    protected DnsmasqInNamespace(Func<DnsmasqInNamespace, string[]> extra)
        : base(net => ((DnsmasqInNamespace)net).Prepare(extra), staticAddress: false)
    {
    }

    public string DnsmasqLogPath => Path.Combine(TemporaryDirectory, "dnsmasq.log");

    public string LeaseFilePath => Path.Combine(TemporaryDirectory, "dnsmasq.leases");

    /// <summary>dnsmasq's log so far.</summary>
    public string DnsmasqLog => File.Exists(DnsmasqLogPath) ? ReadShared(DnsmasqLogPath) : "";

    private string[] Prepare(Func<DnsmasqInNamespace, string[]> extra)
    {
        if (RealPeerEnvironment.FindOnPath("dnsmasq") == null)
        {
            throw new InvalidOperationException("dnsmasq is not installed (.ci/run installs dnsmasq-base)");
        }
        File.WriteAllText(Path.Combine(TemporaryDirectory, "hosts"), "10.0.0.1 " + ServerName + "\n");
        StartDnsmasq("10.0.0.50", "10.0.0.60", authoritative: false);
        var arguments = new[] { "--dhcp", "--seconds", "400" };
        return extra == null ? arguments : Concat(arguments, extra(this));
    }

    /// <summary>Stops dnsmasq, forgets its leases, and starts it again over another range (authoritative: it NAKs what is not its own).</summary>
    public void RestartDnsmasq(string first, string last)
    {
        StopPeer(_dnsmasq);
        File.Delete(LeaseFilePath);
        StartDnsmasq(first, last, authoritative: true);
    }

    private void StartDnsmasq(string first, string last, bool authoritative)
    {
        var arguments = new System.Collections.Generic.List<string>
        {
            "dnsmasq", "--no-daemon", "--interface=" + Tap, "--bind-interfaces", "--except-interface=lo",
            "--dhcp-range=" + first + "," + last + ",255.255.255.0,2m", "--dhcp-option=option:router," + KernelAddress,
            "--no-hosts", "--addn-hosts=" + Path.Combine(TemporaryDirectory, "hosts"), "--no-resolv", "--local=/lan/", "--domain=lan",
            "--dhcp-leasefile=" + LeaseFilePath, "--log-dhcp", "--log-queries", "--log-facility=-",
            "--pid-file=" + Path.Combine(TemporaryDirectory, "dnsmasq.pid"),
        };
        if (authoritative)
        {
            arguments.Add("--dhcp-authoritative");
        }
        _dnsmasq = StartPeer(DnsmasqLogPath, arguments.ToArray());
        // Until it says it is up, clients would meet a closed port.
        var stopwatch = Stopwatch.StartNew();
        while (!DnsmasqLog.Contains("DHCP, sockets bound exclusively to interface") && stopwatch.ElapsedMilliseconds < 10000)
        {
            if (_dnsmasq.HasExited)
            {
                throw new InvalidOperationException("dnsmasq exited " + _dnsmasq.ExitCode + ":\n" + DnsmasqLog);
            }
            Thread.Sleep(50);
        }
    }

    internal static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string[] Concat(string[] a, string[] b)
    {
        var all = new string[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        return all;
    }
}

/// <summary>dnsmasq, plus the device told to connect to server.lan:5000 (looked up through dnsmasq) and send a file.</summary>
public sealed class DnsmasqConnectInNamespace : DnsmasqInNamespace
{
    public const int ListenPort = 5000;
    public const int FileBytes = 64 * 1024;

    public DnsmasqConnectInNamespace()
        : base(net =>
        {
            var data = new byte[FileBytes];
            new Random(20261202).NextBytes(data);
            string path = Path.Combine(net.TemporaryDirectory, "sent.bin");
            File.WriteAllBytes(path, data);
            return new[] { "--connect", ServerName + ":" + ListenPort, "--send-file", path };
        })
    {
    }

    public string SentFilePath => Path.Combine(TemporaryDirectory, "sent.bin");
}

/// <summary>chronyd serving NTP on 10.0.0.1 (local stratum 8, never touching the system clock: -x), the device static at 10.0.0.2 with --ntp 10.0.0.1.</summary>
public sealed class ChronyInNamespace : SimulatorInNamespace
{
    public ChronyInNamespace()
        : base(Prepare)
    {
    }

    public string ChronyLogPath => Path.Combine(TemporaryDirectory, "chrony.log");

    private static string[] Prepare(SimulatorInNamespace net)
    {
        if (RealPeerEnvironment.FindOnPath("chronyd") == null)
        {
            throw new InvalidOperationException("chronyd is not installed (.ci/run installs chrony)");
        }
        var self = (ChronyInNamespace)net;
        string conf = Path.Combine(net.TemporaryDirectory, "chrony.conf");
        File.WriteAllText(conf, "local stratum 8\nallow 10.0.0.0/24\nbindaddress " + KernelAddress + "\ncmdport 0\n"
            + "pidfile " + Path.Combine(net.TemporaryDirectory, "chronyd.pid") + "\ndriftfile " + Path.Combine(net.TemporaryDirectory, "drift") + "\n");
        var chronyd = net.StartPeer(self.ChronyLogPath, "chronyd", "-x", "-d", "-u", "root", "-f", conf);
        var stopwatch = Stopwatch.StartNew();
        while (!ReadShared(self.ChronyLogPath).Contains("Disabled control of system clock") && stopwatch.ElapsedMilliseconds < 10000)
        {
            if (chronyd.HasExited)
            {
                throw new InvalidOperationException("chronyd exited " + chronyd.ExitCode + ":\n" + ReadShared(self.ChronyLogPath));
            }
            Thread.Sleep(50);
        }
        return new[] { "--ntp", KernelAddress };
    }

    private static string ReadShared(string path) => File.Exists(path) ? DnsmasqInNamespace.ReadShared(path) : "";
}
