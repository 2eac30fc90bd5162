namespace Firmware.Services.Sntp
{
    /// <summary>What the SNTP client sent, took and refused.</summary>
    public class SntpCounters
    {
        /// <summary>Requests sent.</summary>
        public int RequestsOut;
        /// <summary>Replies taken (the clock was set from them).</summary>
        public int Synchronizations;
        /// <summary>Requests that timed out.</summary>
        public int Timeouts;
        /// <summary>Rounds that ended without a good reply.</summary>
        public int FailedRounds;
        /// <summary>Dropped: shorter than an NTP header.</summary>
        public int Malformed;
        /// <summary>Dropped: not from the server asked, port 123.</summary>
        public int WrongSource;
        /// <summary>Dropped: not mode 4 (server), or a version we do not speak.</summary>
        public int WrongMode;
        /// <summary>Dropped: the originate timestamp is not our request's (RFC 4330 §5: a stale or forged reply).</summary>
        public int WrongOriginate;
        /// <summary>Dropped: the server is not synchronized (LI = 3, stratum above 15, no transmit time, a root distance too large).</summary>
        public int Unsynchronized;
        /// <summary>Kiss-o'-death (stratum 0) replies: the client backs off (RFC 4330 §8).</summary>
        public int KissOfDeath;
        /// <summary>Lookups of the server's name that failed.</summary>
        public int ResolveFailures;
        /// <summary>Rounds that could not get a UDP socket.</summary>
        public int NoSocket;

        /// <summary>Renders the counters, one line.</summary>
        public string Describe()
        {
            return "sntp: requests " + RequestsOut.ToString() + " syncs " + Synchronizations.ToString() + " timeouts " + Timeouts.ToString()
                + " failed-rounds " + FailedRounds.ToString() + " malformed " + Malformed.ToString() + " wrong-source " + WrongSource.ToString()
                + " wrong-mode " + WrongMode.ToString() + " wrong-originate " + WrongOriginate.ToString() + " unsynchronized "
                + Unsynchronized.ToString() + " kiss-o-death " + KissOfDeath.ToString() + " resolve-failures " + ResolveFailures.ToString()
                + " no-socket " + NoSocket.ToString();
        }
    }
}
