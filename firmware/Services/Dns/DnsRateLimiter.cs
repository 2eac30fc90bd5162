namespace Firmware.Services.Dns
{
    /// <summary>
    /// A token bucket per source address over a small fixed table: each source may send a burst, then a sustained
    /// rate. A source not in the table takes the entry seen least recently, so the table never grows; a flood from
    /// many spoofed sources therefore gets a fresh burst per source — the limit bounds what one address can make us
    /// send, and the amplification limit bounds what each answer is worth.
    /// </summary>
    public sealed class DnsRateLimiter
    {
        // Credit is kept in thousandths of a query, so a refill of rate × ms needs no division.
        private const int CreditPerQuery = 1000;

        private readonly uint[] _sources;
        private readonly int[] _credit;
        private readonly long[] _lastMs;
        private readonly int _perSecond;
        private readonly int _maxCredit;
        private int _used;

        /// <summary>A table of <paramref name="sources"/> entries; <paramref name="perSecond"/> 0 lets everything through.</summary>
        public DnsRateLimiter(int sources, int perSecond, int burst)
        {
            if (sources < 1 || perSecond < 0 || burst < 0)
            {
                throw new System.ArgumentOutOfRangeException("sources");
            }
            _sources = new uint[sources];
            _credit = new int[sources];
            _lastMs = new long[sources];
            _perSecond = perSecond;
            long max = (long)(burst < 1 ? 1 : burst) * CreditPerQuery;
            _maxCredit = max > int.MaxValue ? int.MaxValue : (int)max;
        }

        /// <summary>Sources tracked now.</summary>
        public int Tracked { get { return _used; } }

        /// <summary>True when a query from <paramref name="source"/> at <paramref name="nowMs"/> may be answered (and charges it).</summary>
        public bool Allow(uint source, long nowMs)
        {
            if (_perSecond == 0)
            {
                return true;
            }
            int entry = -1;
            for (int i = 0; i < _used; i++)
            {
                if (_sources[i] == source)
                {
                    entry = i;
                    break;
                }
            }
            if (entry < 0)
            {
                entry = _used < _sources.Length ? _used++ : LeastRecent();
                _sources[entry] = source;
                _credit[entry] = _maxCredit;
                _lastMs[entry] = nowMs;
            }
            long elapsed = nowMs - _lastMs[entry];
            if (elapsed > 0)
            {
                long credit = _credit[entry] + elapsed * _perSecond;
                _credit[entry] = credit > _maxCredit ? _maxCredit : (int)credit;
            }
            _lastMs[entry] = nowMs;
            if (_credit[entry] < CreditPerQuery)
            {
                return false;
            }
            _credit[entry] -= CreditPerQuery;
            return true;
        }

        private int LeastRecent()
        {
            int oldest = 0;
            for (int i = 1; i < _used; i++)
            {
                if (_lastMs[i] < _lastMs[oldest])
                {
                    oldest = i;
                }
            }
            return oldest;
        }
    }
}
