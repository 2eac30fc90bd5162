using System;
using System.Globalization;
using Firmware.App;
using Firmware.HostNet;

namespace Firmware.Simulator;

/// <summary>
/// Prints what the device's clients did, one line an event: each change of the DHCP client's configuration (a lease,
/// a renewal, a fallback, a release), each lookup the resolver finished, and each time SNTP set the clock.
/// </summary>
public sealed class DeviceEvents
{
    private readonly DeviceApp _app;
    private readonly Action<string> _log;
    private int _dhcpVersion = -1;
    private string _dhcpState;
    private int _renewals;
    private int _lookups;
    private int _syncs;

    public DeviceEvents(DeviceApp app, Action<string> log)
    {
        _app = app;
        _log = log;
    }

    public void Poll(long nowMs)
    {
        var dhcp = _app.Dhcp;
        if (dhcp != null)
        {
            string state = Services.Dhcp.DhcpClient.StateName(dhcp.State);
            if (dhcp.ConfigurationVersion != _dhcpVersion || dhcp.Counters.Renewals != _renewals || (state != _dhcpState && state is "released" or "init"))
            {
                _log("device: " + (dhcp.Counters.Renewals != _renewals ? "lease renewed: " : "") + dhcp.Describe(nowMs));
            }
            _dhcpVersion = dhcp.ConfigurationVersion;
            _dhcpState = state;
            _renewals = dhcp.Counters.Renewals;
        }
        var resolver = _app.Resolver;
        if (resolver != null)
        {
            var c = resolver.Counters;
            int done = c.Resolved + c.NotFound + c.Failed;
            if (done != _lookups)
            {
                _lookups = done;
                _log("device: " + resolver.Cache.Describe(nowMs));
            }
        }
        var sntp = _app.Sntp;
        if (sntp != null && sntp.Counters.Synchronizations != _syncs)
        {
            _syncs = sntp.Counters.Synchronizations;
            _log("device: clock set to " + DateTimeOffset.FromUnixTimeMilliseconds(_app.Clock.UnixMs(nowMs)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)
                + "Z by " + AddressText.FormatIpv4(sntp.ServerAddress) + " (stratum " + sntp.LastStratum + ", delay " + sntp.LastDelayMs
                + " ms, step " + _app.Clock.LastStepMs + " ms; next in " + (sntp.NextRoundMs - nowMs) / 1000 + " s)");
        }
    }
}
