using Firmware.Net.Transport;

namespace Firmware.Net.Diagnostics
{
    /// <summary>
    /// The TCP socket table as text, like <c>netstat -tan</c> plus the timers a person debugging wants:
    /// local, remote, state, RX queue (unread), TX queue (unacknowledged + unsent), SRTT and RTO. Allocates: for people.
    /// </summary>
    public static class TcpNetstat
    {
        /// <summary>The header line and one line per listener, connection and TIME_WAIT entry.</summary>
        public static string Format(TcpLayer tcp)
        {
            string local = Address(tcp.LocalAddress);
            string text = "Proto Local                 Remote                State        Recv-Q Send-Q SRTT  RTO";
            for (int i = 0; i < tcp.Config.Listeners; i++)
            {
                TcpListener l = tcp.GetListener(i);
                if (l.IsListening)
                {
                    text += "\n" + Line(local + ":" + l.LocalPort.ToString(), "*:*", "LISTEN", 0, 0, "-", "-");
                }
            }
            for (int i = 0; i < tcp.Capacity; i++)
            {
                TcpConnection c = tcp.GetConnection(i);
                if (c.State == TcpState.Closed)
                {
                    continue;
                }
                text += "\n" + Line(local + ":" + c.LocalPort.ToString(), Address(c.RemoteAddress) + ":" + c.RemotePort.ToString(),
                    StateName(c.State), c.BytesAvailable, c.SendQueueBytes, c.SrttMs.ToString(), c.RtoMs.ToString());
            }
            TcpTimeWaitTable tw = tcp.TimeWait;
            for (int i = 0; i < tw.Capacity; i++)
            {
                if (tw.IsUsed(i))
                {
                    text += "\n" + Line(local + ":" + tw.GetLocalPort(i).ToString(), Address(tw.GetRemoteAddress(i)) + ":" + tw.GetRemotePort(i).ToString(),
                        "TIME_WAIT", 0, 0, "-", "-");
                }
            }
            return text;
        }

        /// <summary>RFC 9293's name for a state (Enum.ToString gives a number on the device).</summary>
        public static string StateName(TcpState state)
        {
            switch (state)
            {
                case TcpState.Closed: return "CLOSED";
                case TcpState.Listen: return "LISTEN";
                case TcpState.SynSent: return "SYN_SENT";
                case TcpState.SynReceived: return "SYN_RECEIVED";
                case TcpState.Established: return "ESTABLISHED";
                case TcpState.FinWait1: return "FIN_WAIT_1";
                case TcpState.FinWait2: return "FIN_WAIT_2";
                case TcpState.CloseWait: return "CLOSE_WAIT";
                case TcpState.Closing: return "CLOSING";
                case TcpState.LastAck: return "LAST_ACK";
                case TcpState.TimeWait: return "TIME_WAIT";
                default: return "?";
            }
        }

        private static string Line(string local, string remote, string state, int rxQueue, int txQueue, string srtt, string rto)
        {
            return Pad("tcp", 6) + Pad(local, 22) + Pad(remote, 22) + Pad(state, 13) + Pad(rxQueue.ToString(), 7)
                + Pad(txQueue.ToString(), 7) + Pad(srtt, 6) + rto;
        }

        private static string Pad(string s, int width)
        {
            while (s.Length < width)
            {
                s += " ";
            }
            return s;
        }

        private static string Address(uint a)
        {
            return ((a >> 24) & 0xFF).ToString() + "." + ((a >> 16) & 0xFF).ToString() + "." + ((a >> 8) & 0xFF).ToString() + "." + (a & 0xFF).ToString();
        }
    }
}
