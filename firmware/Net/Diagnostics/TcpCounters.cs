namespace Firmware.Net.Diagnostics
{
    /// <summary>TCP counters (in the spirit of MIB-II's tcp group, RFC 4022), plus the attack and resource ones.</summary>
    public class TcpCounters
    {
        /// <summary>Connect calls that sent a SYN (tcpActiveOpens).</summary>
        public int ActiveOpens;
        /// <summary>SYNs accepted by a listener (tcpPassiveOpens).</summary>
        public int PassiveOpens;
        /// <summary>Connection attempts that failed: refused, timed out, reset before open (tcpAttemptFails).</summary>
        public int AttemptFails;
        /// <summary>Open connections reset by the peer (tcpEstabResets).</summary>
        public int EstablishedResets;
        /// <summary>Segments received with a good checksum (tcpInSegs).</summary>
        public int SegmentsIn;
        /// <summary>Segments sent (tcpOutSegs).</summary>
        public int SegmentsOut;
        /// <summary>Segments sent again (tcpRetransSegs).</summary>
        public int Retransmitted;
        /// <summary>Dropped: bad checksum.</summary>
        public int BadChecksum;
        /// <summary>Dropped: header too short or data offset wrong.</summary>
        public int Malformed;
        /// <summary>Dropped: an option's length was malformed.</summary>
        public int BadOptions;
        /// <summary>Segments stored out of order.</summary>
        public int OutOfOrder;
        /// <summary>Out-of-order segments dropped: no free range in the assembler.</summary>
        public int OutOfOrderDropped;
        /// <summary>Segments outside the receive window (or duplicates) answered with an ACK and dropped.</summary>
        public int NotAcceptable;
        /// <summary>Duplicate ACKs received.</summary>
        public int DuplicateAcks;
        /// <summary>Fast retransmits (RFC 5681 §3.2).</summary>
        public int FastRetransmits;
        /// <summary>Of the fast retransmits, those after fewer than three duplicate ACKs (RFC 5827 early retransmit).</summary>
        public int EarlyRetransmits;
        /// <summary>New segments sent on the first or second duplicate ACK (RFC 3042 limited transmit).</summary>
        public int LimitedTransmits;
        /// <summary>Tail loss probes sent (RFC 8985 §7.3).</summary>
        public int TailLossProbes;
        /// <summary>Retransmission timeouts.</summary>
        public int Timeouts;
        /// <summary>Challenge ACKs sent (RFC 5961).</summary>
        public int ChallengeAcks;
        /// <summary>Challenge ACKs suppressed by the rate limit.</summary>
        public int ChallengeAcksSuppressed;
        /// <summary>RSTs received and dropped because they were out of window (RFC 5961 §3.2).</summary>
        public int ResetsIgnored;
        /// <summary>RSTs sent (tcpOutRsts).</summary>
        public int ResetsSent;
        /// <summary>RSTs not sent because of the rate limit.</summary>
        public int ResetsSuppressed;
        /// <summary>Half-open connections evicted: for a new SYN when cookies are off, or for a peer that proved a cookie.</summary>
        public int BacklogDrops;
        /// <summary>SYNs dropped: no slot even after evicting a half-open one.</summary>
        public int SynDropped;
        /// <summary>SYN-ACKs sent with a SYN cookie instead of a half-open connection (RFC 4987 §3.6).</summary>
        public int SynCookiesSent;
        /// <summary>Connections built from an ACK that returned a valid cookie.</summary>
        public int SynCookiesAccepted;
        /// <summary>ACKs to a listener whose cookie was forged, altered or expired (answered with RST).</summary>
        public int SynCookiesRejected;
        /// <summary>ACKs with a valid cookie dropped because the backlog or the table had no room (the peer resends).</summary>
        public int SynCookieAcksDeferred;
        /// <summary>Segments with SYN and FIN or SYN and RST: dropped unanswered.</summary>
        public int BadFlags;
        /// <summary>Orphans in FIN_WAIT_2 reset to give their slot to a new connection (the table was full).</summary>
        public int OrphansReclaimed;
        /// <summary>Connect found no free connection.</summary>
        public int TableFull;
        /// <summary>TIME_WAIT entries reused by a new SYN (RFC 6191).</summary>
        public int TimeWaitReused;
        /// <summary>TIME_WAIT entries evicted because the table was full.</summary>
        public int TimeWaitEvicted;
        /// <summary>Connections dropped after too many retransmissions or keepalives.</summary>
        public int TimedOut;
        /// <summary>Zero-window probes sent.</summary>
        public int WindowProbes;
        /// <summary>Keepalives sent.</summary>
        public int KeepAlives;
        /// <summary>Segments the IPv4 layer would not send now (no ARP entry yet...): retransmission covers them.</summary>
        public int SendFailures;

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
