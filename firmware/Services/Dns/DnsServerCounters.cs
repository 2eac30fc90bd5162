namespace Firmware.Services.Dns
{
    /// <summary>What the DNS server was asked, what it answered (a counter per RCODE) and what it dropped.</summary>
    public class DnsServerCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[19];

        /// <summary>Queries received over UDP (dropped ones included).</summary>
        public int QueriesUdp { get { return _values[0]; } set { _values[0] = value; } }
        /// <summary>Queries received over TCP.</summary>
        public int QueriesTcp { get { return _values[1]; } set { _values[1] = value; } }
        /// <summary>Answers with RCODE NOERROR (with data or without: NODATA).</summary>
        public int NoError { get { return _values[2]; } set { _values[2] = value; } }
        /// <summary>Answers with FORMERR: a malformed query.</summary>
        public int FormErr { get { return _values[3]; } set { _values[3] = value; } }
        /// <summary>Answers with NXDOMAIN: a name inside the zone that does not exist.</summary>
        public int NxDomain { get { return _values[4]; } set { _values[4] = value; } }
        /// <summary>Answers with NOTIMP: an opcode other than QUERY.</summary>
        public int NotImp { get { return _values[5]; } set { _values[5] = value; } }
        /// <summary>Answers with REFUSED: a name outside the zone, or a class other than IN.</summary>
        public int Refused { get { return _values[6]; } set { _values[6] = value; } }
        /// <summary>Answers with BADVERS: an EDNS version other than 0 (RFC 6891 §6.1.3).</summary>
        public int BadVers { get { return _values[7]; } set { _values[7] = value; } }
        /// <summary>Answers cut to the question with TC: larger than the client takes or than the amplification limit allows.</summary>
        public int Truncated { get { return _values[8]; } set { _values[8] = value; } }
        /// <summary>Of those, cut by the amplification limit (<see cref="DnsServerConfig.AmplificationFactor"/>).</summary>
        public int AmplificationLimited { get { return _values[9]; } set { _values[9] = value; } }
        /// <summary>Queries dropped by the per-source rate limit.</summary>
        public int RateLimited { get { return _values[10]; } set { _values[10] = value; } }
        /// <summary>Dropped: shorter than a header, or a response (QR set: never answer an answer).</summary>
        public int Malformed { get { return _values[11]; } set { _values[11] = value; } }
        /// <summary>Dropped: longer than the query buffer (<see cref="DnsServerConfig.MessageBytes"/>).</summary>
        public int TooLarge { get { return _values[12]; } set { _values[12] = value; } }
        /// <summary>Answers the stack could not send at once: waiting for ARP (they go when it answers), no route, or a full TCP send ring.</summary>
        public int SendFailures { get { return _values[13]; } set { _values[13] = value; } }
        /// <summary>A queries answered with the device's address by the captive portal.</summary>
        public int CaptiveAnswers { get { return _values[14]; } set { _values[14] = value; } }
        /// <summary>TCP connections accepted.</summary>
        public int TcpConnections { get { return _values[15]; } set { _values[15] = value; } }
        /// <summary>TCP connections closed for idling (RFC 7766 §6.2.3).</summary>
        public int TcpIdleClosed { get { return _values[16]; } set { _values[16] = value; } }
        /// <summary>Queries dropped for a source port of 0 (RFC 768 allows it, but nothing can be answered there).</summary>
        public int BadSourcePort { get { return _values[17]; } set { _values[17] = value; } }
        /// <summary>Queries dropped because they came from an address we must not answer (broadcast, multicast, our own).</summary>
        public int BadSource { get { return _values[18]; } set { _values[18] = value; } }

        /// <summary>All answers sent (every RCODE).</summary>
        public int Answers { get { return NoError + FormErr + NxDomain + NotImp + Refused + BadVers; } }

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "dns-server: udp " + QueriesUdp.ToString() + " tcp " + QueriesTcp.ToString() + " noerror " + NoError.ToString()
                + " formerr " + FormErr.ToString() + " nxdomain " + NxDomain.ToString() + " notimp " + NotImp.ToString()
                + " refused " + Refused.ToString() + " badvers " + BadVers.ToString() + " truncated " + Truncated.ToString()
                + " amplification-limited " + AmplificationLimited.ToString() + " rate-limited " + RateLimited.ToString()
                + " malformed " + Malformed.ToString() + " too-large " + TooLarge.ToString() + " send-failures " + SendFailures.ToString()
                + " captive " + CaptiveAnswers.ToString() + " tcp-connections " + TcpConnections.ToString()
                + " tcp-idle-closed " + TcpIdleClosed.ToString() + " bad-source-port " + BadSourcePort.ToString()
                + " bad-source " + BadSource.ToString();
        }
    }
}
