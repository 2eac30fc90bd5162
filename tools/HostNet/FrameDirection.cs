namespace Firmware.HostNet;

/// <summary>Which way a frame passes a middleware: sent by the stack above, or received from the MAC below.</summary>
public enum FrameDirection
{
    Send,
    Receive,
}
