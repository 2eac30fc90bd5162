namespace Firmware.Net.Diagnostics
{
    /// <summary>Where each TCP counter sits in <see cref="TcpCounters.Values"/> (the properties there say what each counts).</summary>
    internal static class TcpCounter
    {
        public const int ActiveOpens = 0;
        public const int PassiveOpens = 1;
        public const int AttemptFails = 2;
        public const int EstablishedResets = 3;
        public const int SegmentsIn = 4;
        public const int SegmentsOut = 5;
        public const int Retransmitted = 6;
        public const int BadChecksum = 7;
        public const int Malformed = 8;
        public const int BadOptions = 9;
        public const int OutOfOrder = 10;
        public const int OutOfOrderDropped = 11;
        public const int NotAcceptable = 12;
        public const int DuplicateAcks = 13;
        public const int FastRetransmits = 14;
        public const int EarlyRetransmits = 15;
        public const int LimitedTransmits = 16;
        public const int TailLossProbes = 17;
        public const int Timeouts = 18;
        public const int ChallengeAcks = 19;
        public const int ChallengeAcksSuppressed = 20;
        public const int ResetsIgnored = 21;
        public const int ResetsSent = 22;
        public const int ResetsSuppressed = 23;
        public const int BacklogDrops = 24;
        public const int SynDropped = 25;
        public const int SynCookiesSent = 26;
        public const int SynCookiesAccepted = 27;
        public const int SynCookiesRejected = 28;
        public const int SynCookieAcksDeferred = 29;
        public const int BadFlags = 30;
        public const int OrphansReclaimed = 31;
        public const int TableFull = 32;
        public const int TimeWaitReused = 33;
        public const int TimeWaitEvicted = 34;
        public const int TimedOut = 35;
        public const int WindowProbes = 36;
        public const int KeepAlives = 37;
        public const int SendFailures = 38;

        /// <summary>How many there are.</summary>
        public const int Count = 39;
    }
}
