namespace Firmware.Net
{
    /// <summary>
    /// Wall-clock time for a device that only has a monotonic millisecond counter: an offset, set by whoever knows the
    /// time (the SNTP client), that turns "ms since boot" into Unix time. Until it is set, readers get -1 and leave the
    /// time out (an HTTP Date, a pcap timestamp) rather than make one up.
    /// </summary>
    public sealed class WallClock
    {
        private long _offsetMs;
        private bool _set;
        private long _lastStepMs;
        private int _sets;

        /// <summary>True once the time has been set.</summary>
        public bool IsSet { get { return _set; } }

        /// <summary>Times the clock was set.</summary>
        public int Sets { get { return _sets; } }

        /// <summary>How far the last setting moved the clock, ms (0 for the first).</summary>
        public long LastStepMs { get { return _lastStepMs; } }

        /// <summary>Unix time in ms at the monotonic <paramref name="nowMs"/>; -1 while unset.</summary>
        public long UnixMs(long nowMs)
        {
            return _set ? _offsetMs + nowMs : -1;
        }

        /// <summary>Unix time in whole seconds at <paramref name="nowMs"/>; -1 while unset.</summary>
        public long UnixSeconds(long nowMs)
        {
            if (!_set)
            {
                return -1;
            }
            long ms = _offsetMs + nowMs;
            return ms >= 0 ? ms / 1000 : -1;
        }

        /// <summary>Sets the clock: at the monotonic <paramref name="nowMs"/> it is <paramref name="unixMs"/>.</summary>
        public void Set(long unixMs, long nowMs)
        {
            long offset = unixMs - nowMs;
            _lastStepMs = _set ? offset - _offsetMs : 0;
            _offsetMs = offset;
            _set = true;
            _sets++;
        }
    }
}
