namespace Firmware.Net.Diagnostics
{
    /// <summary>TCP counters (in the spirit of MIB-II's tcp group, RFC 4022), plus the attack and resource ones.</summary>
    public class TcpCounters
    {
        /// <summary>
        /// Every counter, indexed by <see cref="TcpCounter"/>: one array rather than a field each, because the
        /// interpreter gives every field a heap block of its own (24 bytes on a 64-bit host, 12 on an ESP32) and an
        /// int element costs 4. The stack counts by <c>Values[TcpCounter.X]++</c>; readers use the properties.
        /// </summary>
        internal readonly int[] Values = new int[TcpCounter.Count];

        /// <summary>Connect calls that sent a SYN (tcpActiveOpens).</summary>
        public int ActiveOpens { get { return Values[TcpCounter.ActiveOpens]; } }
        /// <summary>SYNs accepted by a listener (tcpPassiveOpens).</summary>
        public int PassiveOpens { get { return Values[TcpCounter.PassiveOpens]; } }
        /// <summary>Connection attempts that failed: refused, timed out, reset before open (tcpAttemptFails).</summary>
        public int AttemptFails { get { return Values[TcpCounter.AttemptFails]; } }
        /// <summary>Open connections reset by the peer (tcpEstabResets).</summary>
        public int EstablishedResets { get { return Values[TcpCounter.EstablishedResets]; } }
        /// <summary>Segments received with a good checksum (tcpInSegs).</summary>
        public int SegmentsIn { get { return Values[TcpCounter.SegmentsIn]; } }
        /// <summary>Segments sent (tcpOutSegs).</summary>
        public int SegmentsOut { get { return Values[TcpCounter.SegmentsOut]; } }
        /// <summary>Segments sent again (tcpRetransSegs).</summary>
        public int Retransmitted { get { return Values[TcpCounter.Retransmitted]; } }
        /// <summary>Dropped: bad checksum.</summary>
        public int BadChecksum { get { return Values[TcpCounter.BadChecksum]; } }
        /// <summary>Dropped: header too short or data offset wrong.</summary>
        public int Malformed { get { return Values[TcpCounter.Malformed]; } }
        /// <summary>Dropped: an option's length was malformed.</summary>
        public int BadOptions { get { return Values[TcpCounter.BadOptions]; } }
        /// <summary>Segments stored out of order.</summary>
        public int OutOfOrder { get { return Values[TcpCounter.OutOfOrder]; } }
        /// <summary>Out-of-order segments dropped: no free range in the assembler.</summary>
        public int OutOfOrderDropped { get { return Values[TcpCounter.OutOfOrderDropped]; } }
        /// <summary>Segments outside the receive window (or duplicates) answered with an ACK and dropped.</summary>
        public int NotAcceptable { get { return Values[TcpCounter.NotAcceptable]; } }
        /// <summary>Duplicate ACKs received.</summary>
        public int DuplicateAcks { get { return Values[TcpCounter.DuplicateAcks]; } }
        /// <summary>Fast retransmits (RFC 5681 §3.2).</summary>
        public int FastRetransmits { get { return Values[TcpCounter.FastRetransmits]; } }
        /// <summary>Of the fast retransmits, those after fewer than three duplicate ACKs (RFC 5827 early retransmit).</summary>
        public int EarlyRetransmits { get { return Values[TcpCounter.EarlyRetransmits]; } }
        /// <summary>New segments sent on the first or second duplicate ACK (RFC 3042 limited transmit).</summary>
        public int LimitedTransmits { get { return Values[TcpCounter.LimitedTransmits]; } }
        /// <summary>Tail loss probes sent (RFC 8985 §7.3).</summary>
        public int TailLossProbes { get { return Values[TcpCounter.TailLossProbes]; } }
        /// <summary>Retransmission timeouts.</summary>
        public int Timeouts { get { return Values[TcpCounter.Timeouts]; } }
        /// <summary>Challenge ACKs sent (RFC 5961).</summary>
        public int ChallengeAcks { get { return Values[TcpCounter.ChallengeAcks]; } }
        /// <summary>Challenge ACKs suppressed by the rate limit.</summary>
        public int ChallengeAcksSuppressed { get { return Values[TcpCounter.ChallengeAcksSuppressed]; } }
        /// <summary>RSTs received and dropped because they were out of window (RFC 5961 §3.2).</summary>
        public int ResetsIgnored { get { return Values[TcpCounter.ResetsIgnored]; } }
        /// <summary>RSTs sent (tcpOutRsts).</summary>
        public int ResetsSent { get { return Values[TcpCounter.ResetsSent]; } }
        /// <summary>RSTs not sent because of the rate limit.</summary>
        public int ResetsSuppressed { get { return Values[TcpCounter.ResetsSuppressed]; } }
        /// <summary>Half-open connections evicted: for a new SYN when cookies are off, or for a peer that proved a cookie.</summary>
        public int BacklogDrops { get { return Values[TcpCounter.BacklogDrops]; } }
        /// <summary>SYNs dropped: no slot even after evicting a half-open one.</summary>
        public int SynDropped { get { return Values[TcpCounter.SynDropped]; } }
        /// <summary>SYN-ACKs sent with a SYN cookie instead of a half-open connection (RFC 4987 §3.6).</summary>
        public int SynCookiesSent { get { return Values[TcpCounter.SynCookiesSent]; } }
        /// <summary>Connections built from an ACK that returned a valid cookie.</summary>
        public int SynCookiesAccepted { get { return Values[TcpCounter.SynCookiesAccepted]; } }
        /// <summary>ACKs to a listener whose cookie was forged, altered or expired (answered with RST).</summary>
        public int SynCookiesRejected { get { return Values[TcpCounter.SynCookiesRejected]; } }
        /// <summary>ACKs with a valid cookie dropped because the backlog or the table had no room (the peer resends).</summary>
        public int SynCookieAcksDeferred { get { return Values[TcpCounter.SynCookieAcksDeferred]; } }
        /// <summary>Segments with SYN and FIN or SYN and RST: dropped unanswered.</summary>
        public int BadFlags { get { return Values[TcpCounter.BadFlags]; } }
        /// <summary>Orphans in FIN_WAIT_2 reset to give their slot to a new connection (the table was full).</summary>
        public int OrphansReclaimed { get { return Values[TcpCounter.OrphansReclaimed]; } }
        /// <summary>Connect found no free connection.</summary>
        public int TableFull { get { return Values[TcpCounter.TableFull]; } }
        /// <summary>TIME_WAIT entries reused by a new SYN (RFC 6191).</summary>
        public int TimeWaitReused { get { return Values[TcpCounter.TimeWaitReused]; } }
        /// <summary>TIME_WAIT entries evicted because the table was full.</summary>
        public int TimeWaitEvicted { get { return Values[TcpCounter.TimeWaitEvicted]; } }
        /// <summary>Connections dropped after too many retransmissions or keepalives.</summary>
        public int TimedOut { get { return Values[TcpCounter.TimedOut]; } }
        /// <summary>Zero-window probes sent.</summary>
        public int WindowProbes { get { return Values[TcpCounter.WindowProbes]; } }
        /// <summary>Keepalives sent.</summary>
        public int KeepAlives { get { return Values[TcpCounter.KeepAlives]; } }
        /// <summary>Segments the IPv4 layer would not send now (no ARP entry yet...): retransmission covers them.</summary>
        public int SendFailures { get { return Values[TcpCounter.SendFailures]; } }

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
