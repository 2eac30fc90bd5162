using System.Globalization;

namespace Firmware.Simulator;

/// <summary>One port forward: the host's 127.0.0.1:<see cref="HostPort"/> to the device's TCP <see cref="DevicePort"/>.</summary>
public sealed class ForwardRule
{
    public ForwardRule(int hostPort, int devicePort)
    {
        HostPort = hostPort;
        DevicePort = devicePort;
    }

    public int HostPort { get; }

    public int DevicePort { get; }

    public override string ToString() =>
        "127.0.0.1:" + HostPort.ToString(CultureInfo.InvariantCulture) + " -> device:" + DevicePort.ToString(CultureInfo.InvariantCulture);
}
