namespace Firmware.Net.Diagnostics
{
    /// <summary>TCP counters (in the spirit of MIB-II's tcp group, RFC 4022), plus the attack and resource ones.</summary>
    public class TcpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[39];

        /// <summary>Connect calls that sent a SYN (tcpActiveOpens).</summary>
        public int ActiveOpens { get { return _values[0]; } set { _values[0] = value; } }
        /// <summary>SYNs accepted by a listener (tcpPassiveOpens).</summary>
        public int PassiveOpens { get { return _values[1]; } set { _values[1] = value; } }
        /// <summary>Connection attempts that failed: refused, timed out, reset before open (tcpAttemptFails).</summary>
        public int AttemptFails { get { return _values[2]; } set { _values[2] = value; } }
        /// <summary>Open connections reset by the peer (tcpEstabResets).</summary>
        public int EstablishedResets { get { return _values[3]; } set { _values[3] = value; } }
        /// <summary>Segments received with a good checksum (tcpInSegs).</summary>
        public int SegmentsIn { get { return _values[4]; } set { _values[4] = value; } }
        /// <summary>Segments sent (tcpOutSegs).</summary>
        public int SegmentsOut { get { return _values[5]; } set { _values[5] = value; } }
        /// <summary>Segments sent again (tcpRetransSegs).</summary>
        public int Retransmitted { get { return _values[6]; } set { _values[6] = value; } }
        /// <summary>Dropped: bad checksum.</summary>
        public int BadChecksum { get { return _values[7]; } set { _values[7] = value; } }
        /// <summary>Dropped: header too short or data offset wrong.</summary>
        public int Malformed { get { return _values[8]; } set { _values[8] = value; } }
        /// <summary>Dropped: an option's length was malformed.</summary>
        public int BadOptions { get { return _values[9]; } set { _values[9] = value; } }
        /// <summary>Segments stored out of order.</summary>
        public int OutOfOrder { get { return _values[10]; } set { _values[10] = value; } }
        /// <summary>Out-of-order segments dropped: no free range in the assembler.</summary>
        public int OutOfOrderDropped { get { return _values[11]; } set { _values[11] = value; } }
        /// <summary>Segments outside the receive window (or duplicates) answered with an ACK and dropped.</summary>
        public int NotAcceptable { get { return _values[12]; } set { _values[12] = value; } }
        /// <summary>Duplicate ACKs received.</summary>
        public int DuplicateAcks { get { return _values[13]; } set { _values[13] = value; } }
        /// <summary>Fast retransmits (RFC 5681 §3.2).</summary>
        public int FastRetransmits { get { return _values[14]; } set { _values[14] = value; } }
        /// <summary>Of the fast retransmits, those after fewer than three duplicate ACKs (RFC 5827 early retransmit).</summary>
        public int EarlyRetransmits { get { return _values[15]; } set { _values[15] = value; } }
        /// <summary>New segments sent on the first or second duplicate ACK (RFC 3042 limited transmit).</summary>
        public int LimitedTransmits { get { return _values[16]; } set { _values[16] = value; } }
        /// <summary>Tail loss probes sent (RFC 8985 §7.3).</summary>
        public int TailLossProbes { get { return _values[17]; } set { _values[17] = value; } }
        /// <summary>Retransmission timeouts.</summary>
        public int Timeouts { get { return _values[18]; } set { _values[18] = value; } }
        /// <summary>Challenge ACKs sent (RFC 5961).</summary>
        public int ChallengeAcks { get { return _values[19]; } set { _values[19] = value; } }
        /// <summary>Challenge ACKs suppressed by the rate limit.</summary>
        public int ChallengeAcksSuppressed { get { return _values[20]; } set { _values[20] = value; } }
        /// <summary>RSTs received and dropped because they were out of window (RFC 5961 §3.2).</summary>
        public int ResetsIgnored { get { return _values[21]; } set { _values[21] = value; } }
        /// <summary>RSTs sent (tcpOutRsts).</summary>
        public int ResetsSent { get { return _values[22]; } set { _values[22] = value; } }
        /// <summary>RSTs not sent because of the rate limit.</summary>
        public int ResetsSuppressed { get { return _values[23]; } set { _values[23] = value; } }
        /// <summary>Half-open connections evicted: for a new SYN when cookies are off, or for a peer that proved a cookie.</summary>
        public int BacklogDrops { get { return _values[24]; } set { _values[24] = value; } }
        /// <summary>SYNs dropped: no slot even after evicting a half-open one.</summary>
        public int SynDropped { get { return _values[25]; } set { _values[25] = value; } }
        /// <summary>SYN-ACKs sent with a SYN cookie instead of a half-open connection (RFC 4987 §3.6).</summary>
        public int SynCookiesSent { get { return _values[26]; } set { _values[26] = value; } }
        /// <summary>Connections built from an ACK that returned a valid cookie.</summary>
        public int SynCookiesAccepted { get { return _values[27]; } set { _values[27] = value; } }
        /// <summary>ACKs to a listener whose cookie was forged, altered or expired (answered with RST).</summary>
        public int SynCookiesRejected { get { return _values[28]; } set { _values[28] = value; } }
        /// <summary>ACKs with a valid cookie dropped because the backlog or the table had no room (the peer resends).</summary>
        public int SynCookieAcksDeferred { get { return _values[29]; } set { _values[29] = value; } }
        /// <summary>Segments with SYN and FIN or SYN and RST: dropped unanswered.</summary>
        public int BadFlags { get { return _values[30]; } set { _values[30] = value; } }
        /// <summary>Orphans in FIN_WAIT_2 reset to give their slot to a new connection (the table was full).</summary>
        public int OrphansReclaimed { get { return _values[31]; } set { _values[31] = value; } }
        /// <summary>Connect found no free connection.</summary>
        public int TableFull { get { return _values[32]; } set { _values[32] = value; } }
        /// <summary>TIME_WAIT entries reused by a new SYN (RFC 6191).</summary>
        public int TimeWaitReused { get { return _values[33]; } set { _values[33] = value; } }
        /// <summary>TIME_WAIT entries evicted because the table was full.</summary>
        public int TimeWaitEvicted { get { return _values[34]; } set { _values[34] = value; } }
        /// <summary>Connections dropped after too many retransmissions or keepalives.</summary>
        public int TimedOut { get { return _values[35]; } set { _values[35] = value; } }
        /// <summary>Zero-window probes sent.</summary>
        public int WindowProbes { get { return _values[36]; } set { _values[36] = value; } }
        /// <summary>Keepalives sent.</summary>
        public int KeepAlives { get { return _values[37]; } set { _values[37] = value; } }
        /// <summary>Segments the IPv4 layer would not send now (no ARP entry yet...): retransmission covers them.</summary>
        public int SendFailures { get { return _values[38]; } set { _values[38] = value; } }

        /// <summary>Renders the counters, one line (allocates: for people).</summary>
        public string Describe()
        {
            return "tcp: active-opens " + ActiveOpens.ToString() + " passive-opens " + PassiveOpens.ToString()
                + " failed-attempts " + AttemptFails.ToString() + " resets " + EstablishedResets.ToString()
                + " in " + SegmentsIn.ToString() + " out " + SegmentsOut.ToString() + " retransmitted " + Retransmitted.ToString()
                + " bad-checksum " + BadChecksum.ToString() + " malformed " + Malformed.ToString() + " bad-options " + BadOptions.ToString()
                + " out-of-order " + OutOfOrder.ToString() + " ooo-dropped " + OutOfOrderDropped.ToString()
                + " not-acceptable " + NotAcceptable.ToString() + " dup-acks " + DuplicateAcks.ToString()
                + " fast-retransmits " + FastRetransmits.ToString() + " early-retransmits " + EarlyRetransmits.ToString()
                + " limited-transmits " + LimitedTransmits.ToString() + " tail-loss-probes " + TailLossProbes.ToString()
                + " timeouts " + Timeouts.ToString()
                + " challenge-acks " + ChallengeAcks.ToString() + " challenge-suppressed " + ChallengeAcksSuppressed.ToString()
                + " rst-ignored " + ResetsIgnored.ToString() + " rst-sent " + ResetsSent.ToString() + " rst-suppressed " + ResetsSuppressed.ToString()
                + " syn-cookies-sent " + SynCookiesSent.ToString() + " syn-cookies-accepted " + SynCookiesAccepted.ToString()
                + " syn-cookies-rejected " + SynCookiesRejected.ToString() + " syn-cookie-acks-deferred " + SynCookieAcksDeferred.ToString()
                + " bad-flags " + BadFlags.ToString()
                + " backlog-drops " + BacklogDrops.ToString() + " syn-dropped " + SynDropped.ToString() + " orphans-reclaimed " + OrphansReclaimed.ToString() + " table-full " + TableFull.ToString()
                + " time-wait-reused " + TimeWaitReused.ToString() + " time-wait-evicted " + TimeWaitEvicted.ToString()
                + " timed-out " + TimedOut.ToString() + " window-probes " + WindowProbes.ToString() + " keepalives " + KeepAlives.ToString()
                + " send-fail " + SendFailures.ToString();
        }
    }
}
