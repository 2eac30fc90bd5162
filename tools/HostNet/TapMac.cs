using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Firmware.Hal;

namespace Firmware.HostNet;

/// <summary>
/// A MAC on an existing persistent TAP interface (created beforehand, e.g. <c>ip tuntap add dev tap0 mode tap</c>),
/// opened through /dev/net/tun with IFF_TAP | IFF_NO_PI so each read and write is exactly one Ethernet frame.
/// Reads are non-blocking (nothing waiting: 0). The station address is ours, not the kernel's tap0 address:
/// the kernel is the peer on the other end of the cable. Needs CAP_NET_ADMIN (or ownership of the TAP).
/// </summary>
public sealed class TapMac : IEthernetMac, IDisposable
{
    private readonly byte[] _macAddress;
    private readonly byte[] _receiveBuffer = new byte[65536];
    private readonly byte[] _sendBuffer = new byte[65536];
    private int _fd;

    /// <exception cref="IOException">The device cannot be opened or attached (message says why).</exception>
    public TapMac(string interfaceName, byte[] macAddress)
    {
        if (string.IsNullOrEmpty(interfaceName) || Encoding.ASCII.GetByteCount(interfaceName) >= LibC.IfNameBytes)
        {
            throw new ArgumentException("an interface name is 1 to 15 ASCII characters", nameof(interfaceName));
        }
        if (macAddress == null || macAddress.Length != 6)
        {
            throw new ArgumentException("a MAC address is 6 bytes", nameof(macAddress));
        }
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("TAP devices need Linux");
        }
        _macAddress = (byte[])macAddress.Clone();
        InterfaceName = interfaceName;

        // TUNSETIFF on a name that does not exist would create a new TAP in whatever namespace we run in; we only
        // ever attach to one the caller made on purpose (sysfs shows tun_flags for TUN/TAP devices of this namespace).
        if (!File.Exists("/sys/class/net/" + interfaceName + "/tun_flags"))
        {
            throw new IOException("no TAP interface named '" + interfaceName + "' in this network namespace; create it first, e.g. "
                + "ip netns add NS && ip -n NS tuntap add dev " + interfaceName + " mode tap, and run inside: ip netns exec NS ...");
        }

        _fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (_fd < 0)
        {
            throw new IOException("cannot open /dev/net/tun: " + LibC.Describe(Marshal.GetLastPInvokeError()));
        }
        var ifreq = new byte[LibC.IfReqBytes];
        Encoding.ASCII.GetBytes(interfaceName, 0, interfaceName.Length, ifreq, 0);
        short flags = LibC.IFF_TAP | LibC.IFF_NO_PI;
        ifreq[LibC.IfNameBytes] = (byte)flags;
        ifreq[LibC.IfNameBytes + 1] = (byte)(flags >> 8);
        if (LibC.ioctl(_fd, LibC.TUNSETIFF, ifreq) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.close(_fd);
            _fd = -1;
            throw new IOException("cannot attach to TAP interface '" + interfaceName + "' (TUNSETIFF): " + LibC.Describe(errno)
                + "; does it exist in this network namespace as a tap device, and are we root?");
        }
    }

    public string InterfaceName { get; }

    public byte[] MacAddress => _macAddress;

    /// <summary>The cable is plugged in while the device is open; the kernel side's state is its own business.</summary>
    public bool IsLinkUp => _fd >= 0;

    public long FramesSent { get; private set; }
    public long FramesReceived { get; private set; }
    public long FramesDroppedTooLong { get; private set; }
    public long SendErrors { get; private set; }

    public bool TrySend(byte[] frame, int offset, int length)
    {
        if (_fd < 0 || frame == null || offset < 0 || length < 14 || length > _sendBuffer.Length || offset + length > frame.Length)
        {
            return false;
        }
        // A real MAC pads short frames to the 60-byte minimum; so do we, so peers see what the wire would carry.
        int wireLength = Math.Max(length, VirtualSwitch.MinFrameBytes);
        Array.Copy(frame, offset, _sendBuffer, 0, length);
        Array.Clear(_sendBuffer, length, wireLength - length);
        nint written = LibC.write(_fd, _sendBuffer, wireLength);
        if (written != wireLength)
        {
            SendErrors++;
            return false;
        }
        FramesSent++;
        return true;
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for a frame to arrive (poll(2) on the device); true when one is
    /// waiting. Lets a loop sleep between frames without adding its sleep to every frame's latency.
    /// </summary>
    public bool WaitReadable(int timeoutMs)
    {
        if (_fd < 0)
        {
            return false;
        }
        var request = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
        return LibC.poll(ref request, 1, timeoutMs) > 0 && (request.ReturnedEvents & LibC.POLLIN) != 0;
    }

    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        if (_fd < 0)
        {
            return 0;
        }
        // Bounded: at most a few interrupted reads, then report nothing this time.
        for (int attempt = 0; attempt < 4; attempt++)
        {
            nint length = LibC.read(_fd, _receiveBuffer, _receiveBuffer.Length);
            if (length < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }
                return 0;  // EAGAIN: nothing waiting; anything else: treat as no frame rather than throw
            }
            if (length == 0)
            {
                return 0;
            }
            if (length > capacity || buffer == null || offset < 0 || offset + length > buffer.Length)
            {
                FramesDroppedTooLong++;
                return 0;
            }
            Array.Copy(_receiveBuffer, 0, buffer, offset, (int)length);
            FramesReceived++;
            return (int)length;
        }
        return 0;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            LibC.close(_fd);
            _fd = -1;
        }
    }
}
