namespace Firmware.Drivers
{
    /// <summary>
    /// What a chip driver counts: frames moved, frames dropped and why, and the recoveries it had to make.
    /// Plain fields so reading them costs nothing; only the owning driver writes them.
    /// </summary>
    public sealed class MacDriverCounters
    {
        /// <summary>Frames handed to the stack.</summary>
        public int FramesReceived;

        /// <summary>Frames the chip reported as sent.</summary>
        public int FramesSent;

        /// <summary>Good frames dropped because the caller's buffer was smaller than the frame.</summary>
        public int ReceiveTooLong;

        /// <summary>Frames the chip flagged as bad (CRC, length check, not received OK) and that were skipped.</summary>
        public int ReceiveBadStatus;

        /// <summary>Impossible lengths or pointers read from the chip (garbage on the bus or a confused chip).</summary>
        public int ReceiveGarbage;

        /// <summary>Times the receive side was reset (socket reopened or receive logic reset) to get out of a bad state.</summary>
        public int ReceiveRecoveries;

        /// <summary>Receive buffer overflows the chip reported (frames it had to drop).</summary>
        public int ReceiveOverflows;

        /// <summary>Frames refused by TrySend (bad length, link down, chip busy).</summary>
        public int SendRejected;

        /// <summary>Transmissions the chip aborted (collisions, errors, timeouts).</summary>
        public int SendErrors;

        /// <summary>Transmissions retried after a late collision.</summary>
        public int SendRetries;

        /// <summary>Times the transmit logic was reset (ENC28J60 errata) or a stuck send given up on.</summary>
        public int SendLogicResets;
    }
}
