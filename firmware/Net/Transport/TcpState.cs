namespace Firmware.Net.Transport
{
    /// <summary>The connection states of RFC 9293 §3.3.2.</summary>
    public enum TcpState
    {
        /// <summary>No connection (also: a free table slot).</summary>
        Closed = 0,
        /// <summary>Waiting for a SYN (listeners only).</summary>
        Listen = 1,
        /// <summary>Our SYN sent, waiting for the peer's.</summary>
        SynSent = 2,
        /// <summary>SYN received and answered, waiting for the ACK of ours.</summary>
        SynReceived = 3,
        /// <summary>Open: data flows both ways.</summary>
        Established = 4,
        /// <summary>Our FIN sent, not yet acknowledged.</summary>
        FinWait1 = 5,
        /// <summary>Our FIN acknowledged, waiting for the peer's.</summary>
        FinWait2 = 6,
        /// <summary>The peer's FIN received; we may still send.</summary>
        CloseWait = 7,
        /// <summary>Both FINs crossed, ours not yet acknowledged.</summary>
        Closing = 8,
        /// <summary>The peer closed first; our FIN sent, waiting for its ACK.</summary>
        LastAck = 9,
        /// <summary>Both sides closed; waiting 2×MSL (kept in the compact TIME_WAIT table).</summary>
        TimeWait = 10
    }
}
