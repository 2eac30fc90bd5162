namespace Firmware.Net.Diagnostics
{
    /// <summary>
    /// Formats a transport segment's part of a packet line: what follows "src.port &gt; dst.port: ", given the
    /// segment (<paramref name="length"/> bytes at <paramref name="offset"/>, transport header first).
    /// </summary>
    public delegate string TransportLineFormatter(byte[] b, int offset, int length);
}
