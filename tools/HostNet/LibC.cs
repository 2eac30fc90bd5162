using System;
using System.Runtime.InteropServices;

namespace Firmware.HostNet;

/// <summary>The few libc calls the TAP device needs (Linux x86-64/arm64 values).</summary>
internal static class LibC
{
    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>_IOW('T', 202, int): attach this file descriptor to a TUN/TAP interface (linux/if_tun.h).</summary>
    public const ulong TUNSETIFF = 0x400454ca;
    public const short IFF_TAP = 0x0002;
    public const short IFF_NO_PI = 0x1000;

    /// <summary>struct ifreq: a 16-byte name then a 24-byte union whose first member is short ifr_flags.</summary>
    public const int IfReqBytes = 40;
    public const int IfNameBytes = 16;

    [DllImport("libc", SetLastError = true)]
    public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int ioctl(int fd, ulong request, byte[] argument);

    // The frame path's two calls take pointers and no SetLastError: the JIT then inlines the call (no marshalling
    // stub, no errno saved). Neither caller needs to know why a call failed.
    [DllImport("libc")]
    public static extern unsafe nint read(int fd, byte* buffer, nint count);

    [DllImport("libc")]
    public static extern unsafe nint write(int fd, byte* buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    public const short POLLIN = 0x1;

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern int poll(ref PollFd fds, nuint count, int timeoutMs);

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno) + " (errno " + errno + ")";
}
