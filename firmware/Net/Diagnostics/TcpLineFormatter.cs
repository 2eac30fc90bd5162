using Firmware.Net.Wire;

namespace Firmware.Net.Diagnostics
{
    /// <summary>
    /// A TCP segment as one tcpdump-style line:
    /// <c>10.0.0.2.80 &gt; 10.0.0.1.40000: Flags [S.], seq 2000, ack 101, win 2048, options [mss 1460], length 0</c>.
    /// Allocates: it is for people.
    /// </summary>
    public static class TcpLineFormatter
    {
        /// <summary>The whole line for the segment (<paramref name="length"/> bytes at <paramref name="offset"/>).</summary>
        public static string Format(uint source, uint destination, byte[] buffer, int offset, int length)
        {
            if (TcpHeader.CheckLength(buffer, offset, length) < 0)
            {
                return Address(source) + " > " + Address(destination) + ": tcp [truncated]";
            }
            return Address(source) + "." + TcpHeader.GetSourcePort(buffer, offset).ToString() + " > "
                + Address(destination) + "." + TcpHeader.GetDestinationPort(buffer, offset).ToString() + ": "
                + FormatSegment(buffer, offset, length);
        }

        /// <summary>
        /// What follows "src.port &gt; dst.port: " (PacketFormatter puts the addresses and ports in front).
        /// </summary>
        public static string FormatSegment(byte[] b, int offset, int length)
        {
            int headerLength = TcpHeader.CheckLength(b, offset, length);
            if (headerLength < 0)
            {
                return "tcp [truncated]";
            }
            byte flags = TcpHeader.GetFlags(b, offset);
            string text = "Flags [" + FlagText(flags) + "], seq " + TcpHeader.GetSequence(b, offset).ToString();
            if ((flags & TcpHeader.Ack) != 0)
            {
                text += ", ack " + TcpHeader.GetAcknowledgment(b, offset).ToString();
            }
            text += ", win " + TcpHeader.GetWindow(b, offset).ToString();
            if (headerLength > TcpHeader.MinLength)
            {
                text += ", options [" + OptionsText(b, offset + TcpHeader.MinLength, headerLength - TcpHeader.MinLength) + "]";
            }
            return text + ", length " + (length - headerLength).ToString();
        }

        private static string FlagText(byte flags)
        {
            // tcpdump's letters: S F P R U, "." for ACK, "none" when nothing is set.
            string s = "";
            if ((flags & TcpHeader.Syn) != 0) { s += "S"; }
            if ((flags & TcpHeader.Fin) != 0) { s += "F"; }
            if ((flags & TcpHeader.Psh) != 0) { s += "P"; }
            if ((flags & TcpHeader.Rst) != 0) { s += "R"; }
            if ((flags & TcpHeader.Urg) != 0) { s += "U"; }
            if ((flags & TcpHeader.Ack) != 0) { s += "."; }
            return s.Length == 0 ? "none" : s;
        }

        private static string OptionsText(byte[] b, int offset, int length)
        {
            TcpOptions o = new TcpOptions();
            if (!o.Parse(b, offset, length))
            {
                return "bad opts";
            }
            string s = "";
            int end = offset + length;
            int i = offset;
            while (i < end)
            {
                byte kind = b[i];
                if (kind == TcpOptions.KindEnd)
                {
                    s = Join(s, "eol");
                    break;
                }
                if (kind == TcpOptions.KindNop)
                {
                    s = Join(s, "nop");
                    i++;
                    continue;
                }
                int optionLength = b[i + 1];
                if (kind == TcpOptions.KindMss) { s = Join(s, "mss " + o.Mss.ToString()); }
                else if (kind == TcpOptions.KindWindowScale) { s = Join(s, "wscale " + o.WindowScale.ToString()); }
                else if (kind == TcpOptions.KindSackPermitted) { s = Join(s, "sackOK"); }
                else if (kind == TcpOptions.KindTimestamps) { s = Join(s, "TS val " + o.TimestampValue.ToString() + " ecr " + o.TimestampEcho.ToString()); }
                else { s = Join(s, "opt-" + kind.ToString()); }
                i += optionLength;
            }
            return s;
        }

        private static string Join(string a, string b)
        {
            return a.Length == 0 ? b : a + "," + b;
        }

        private static string Address(uint a)
        {
            return ((a >> 24) & 0xFF).ToString() + "." + ((a >> 16) & 0xFF).ToString() + "." + ((a >> 8) & 0xFF).ToString() + "." + (a & 0xFF).ToString();
        }
    }
}
