using System.Text;

namespace Firmware.Simulator;

/// <summary>
/// TCP's part of a packet line, tcpdump-style ("Flags [S.], seq 2000, ack 101, win 8192, options [mss 1460], length 0"),
/// plugged into PacketFormatter.TcpFormatter by the simulator when the stack has not plugged its own. Never throws:
/// a segment too short for what it claims says so.
/// </summary>
public static class TcpLineFormatter
{
    public static string Format(byte[] b, int offset, int length)
    {
        if (b == null || offset < 0 || length < 20 || offset + length > b.Length)
        {
            return "TCP [truncated]";
        }
        uint seq = ReadUInt32(b, offset + 4);
        uint ack = ReadUInt32(b, offset + 8);
        int headerBytes = (b[offset + 12] >> 4) * 4;
        int flags = b[offset + 13];
        int window = b[offset + 14] << 8 | b[offset + 15];
        if (headerBytes < 20 || headerBytes > length)
        {
            return "Flags [" + Flags(flags) + "], bad data offset " + headerBytes + ", length " + length;
        }
        var line = new StringBuilder();
        line.Append("Flags [").Append(Flags(flags)).Append("], seq ").Append(seq);
        if ((flags & 0x10) != 0)
        {
            line.Append(", ack ").Append(ack);
        }
        line.Append(", win ").Append(window);
        if (headerBytes > 20)
        {
            line.Append(", options [").Append(Options(b, offset + 20, headerBytes - 20)).Append(']');
        }
        line.Append(", length ").Append(length - headerBytes);
        return line.ToString();
    }

    // tcpdump's letters: S SYN, F FIN, R RST, P PSH, U URG, E ECE, W CWR, and "." for ACK.
    private static string Flags(int flags)
    {
        var text = new StringBuilder();
        if ((flags & 0x02) != 0) text.Append('S');
        if ((flags & 0x01) != 0) text.Append('F');
        if ((flags & 0x04) != 0) text.Append('R');
        if ((flags & 0x08) != 0) text.Append('P');
        if ((flags & 0x20) != 0) text.Append('U');
        if ((flags & 0x40) != 0) text.Append('E');
        if ((flags & 0x80) != 0) text.Append('W');
        if ((flags & 0x10) != 0) text.Append('.');
        return text.Length == 0 ? "none" : text.ToString();
    }

    // RFC 9293 §3.1 option kinds: 0 end, 1 nop, 2 MSS; RFC 7323: 3 window scale, 8 timestamps; RFC 2018: 4 SACK permitted, 5 SACK.
    private static string Options(byte[] b, int at, int length)
    {
        var text = new StringBuilder();
        int end = at + length;
        while (at < end)
        {
            int kind = b[at];
            if (text.Length > 0) text.Append(',');
            if (kind == 0) { text.Append("eol"); break; }
            if (kind == 1) { text.Append("nop"); at++; continue; }
            if (at + 1 >= end || b[at + 1] < 2 || at + b[at + 1] > end) { text.Append("bad opt"); break; }
            int size = b[at + 1];
            if (kind == 2 && size == 4) text.Append("mss ").Append(b[at + 2] << 8 | b[at + 3]);
            else if (kind == 3 && size == 3) text.Append("wscale ").Append(b[at + 2]);
            else if (kind == 4 && size == 2) text.Append("sackOK");
            else if (kind == 5) text.Append("sack ").Append((size - 2) / 8);
            else if (kind == 8 && size == 10) text.Append("TS val ").Append(ReadUInt32(b, at + 2)).Append(" ecr ").Append(ReadUInt32(b, at + 6));
            else text.Append("opt-").Append(kind).Append(':').Append(size);
            at += size;
        }
        return text.ToString();
    }

    private static uint ReadUInt32(byte[] b, int o) => (uint)(b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3]);
}
