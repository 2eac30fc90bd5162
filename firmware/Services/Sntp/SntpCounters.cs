namespace Firmware.Services.Sntp
{
    /// <summary>What the SNTP client sent, took and refused.</summary>
    public class SntpCounters
    {
        // One array, not a field each: on nanoCLR every field of an object is a heap block of its own.
        private readonly int[] _values = new int[12];

        /// <summary>Requests sent.</summary>
        public int RequestsOut { get { return _values[0]; } set { _values[0] = value; } }
        /// <summary>Replies taken (the clock was set from them).</summary>
        public int Synchronizations { get { return _values[1]; } set { _values[1] = value; } }
        /// <summary>Requests that timed out.</summary>
        public int Timeouts { get { return _values[2]; } set { _values[2] = value; } }
        /// <summary>Rounds that ended without a good reply.</summary>
        public int FailedRounds { get { return _values[3]; } set { _values[3] = value; } }
        /// <summary>Dropped: shorter than an NTP header.</summary>
        public int Malformed { get { return _values[4]; } set { _values[4] = value; } }
        /// <summary>Dropped: not from the server asked, port 123.</summary>
        public int WrongSource { get { return _values[5]; } set { _values[5] = value; } }
        /// <summary>Dropped: not mode 4 (server), or a version we do not speak.</summary>
        public int WrongMode { get { return _values[6]; } set { _values[6] = value; } }
        /// <summary>Dropped: the originate timestamp is not our request's (RFC 4330 §5: a stale or forged reply).</summary>
        public int WrongOriginate { get { return _values[7]; } set { _values[7] = value; } }
        /// <summary>Dropped: the server is not synchronized (LI = 3, stratum above 15, no transmit time, a root distance too large).</summary>
        public int Unsynchronized { get { return _values[8]; } set { _values[8] = value; } }
        /// <summary>Kiss-o'-death (stratum 0) replies: the client backs off (RFC 4330 §8).</summary>
        public int KissOfDeath { get { return _values[9]; } set { _values[9] = value; } }
        /// <summary>Lookups of the server's name that failed.</summary>
        public int ResolveFailures { get { return _values[10]; } set { _values[10] = value; } }
        /// <summary>Rounds that could not get a UDP socket.</summary>
        public int NoSocket { get { return _values[11]; } set { _values[11] = value; } }

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
