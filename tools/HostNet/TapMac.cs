using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Firmware.Hal;

namespace Firmware.HostNet;

/// <summary>
/// A MAC on an existing persistent TAP interface (created beforehand, e.g. <c>ip tuntap add dev tap0 mode tap</c>),
/// opened through /dev/net/tun with IFF_TAP | IFF_NO_PI so each read and write is exactly one Ethernet frame.
/// Reads are non-blocking (nothing waiting: 0); one system call reads or writes a frame. The station address is ours,
/// not the kernel's tap0 address: the kernel is the peer on the other end of the cable. Needs CAP_NET_ADMIN (or
/// ownership of the TAP).
/// </summary>
public sealed class TapMac : IEthernetMac, IDisposable
{
    /// <summary>The longest frame sent or received.</summary>
    public const int MaxFrameBytes = 65536;

    private readonly byte[] _macAddress;
    private readonly byte[] _receiveBuffer = new byte[MaxFrameBytes];
    // Frames are written straight from the caller's buffer but for one shorter than the minimum, padded here.
    private readonly byte[] _padded = new byte[VirtualSwitch.MinFrameBytes];
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

    public unsafe bool TrySend(byte[] frame, int offset, int length)
    {
        if (_fd < 0 || frame == null || offset < 0 || length < 14 || length > MaxFrameBytes || offset + length > frame.Length)
        {
            return false;
        }
        nint written;
        int wireLength = length;
        if (length >= VirtualSwitch.MinFrameBytes)
        {
            fixed (byte* start = &frame[offset])
            {
                written = LibC.write(_fd, start, length);
            }
        }
        else
        {
            // A real MAC pads short frames to the 60-byte minimum; so do we, so peers see what the wire would carry.
            wireLength = VirtualSwitch.MinFrameBytes;
            Array.Copy(frame, offset, _padded, 0, length);
            Array.Clear(_padded, length, wireLength - length);
            fixed (byte* start = _padded)
            {
                written = LibC.write(_fd, start, wireLength);
            }
        }
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

    /// <summary>
    /// Reads one waiting frame (one read(2)) and copies it to <paramref name="buffer"/>; 0 when none is waiting. The
    /// read goes to a buffer of our own that holds the longest frame: a TAP read into a shorter buffer truncates the
    /// frame silently, so a frame longer than <paramref name="capacity"/> could not be told from one that fits
    /// (read(2) into one buffer is also cheaper in the kernel than readv(2) into two, and the copy costs less still).
    /// </summary>
    public unsafe int TryReceive(byte[] buffer, int offset, int capacity)
    {
        if (_fd < 0)
        {
            return 0;
        }
        nint length;
        fixed (byte* start = _receiveBuffer)
        {
            // Non-blocking: nothing waiting is -1 (EAGAIN) at once, so no read here sleeps or is interrupted.
            length = LibC.read(_fd, start, _receiveBuffer.Length);
        }
        if (length <= 0)
        {
            return 0;
        }
        if (length > capacity || buffer == null || offset < 0 || offset + length > buffer.Length)
        {
            FramesDroppedTooLong++;
            return 0;
        }
        Buffer.BlockCopy(_receiveBuffer, 0, buffer, offset, (int)length);
        FramesReceived++;
        return (int)length;
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
