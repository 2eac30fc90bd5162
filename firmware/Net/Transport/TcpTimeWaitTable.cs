namespace Firmware.Net.Transport
{
    /// <summary>
    /// The compact TIME_WAIT state (RFC 9293 §3.6.1): per closed connection only the 4-tuple, the next sequence
    /// numbers and the deadline, so the connection's rings go back to the pool at once. Full table: the entry
    /// closest to expiry goes (counted by the caller), which is the oldest.
    /// </summary>
    public class TcpTimeWaitTable
    {
        private readonly bool[] _used;
        private readonly ushort[] _localPort;
        private readonly uint[] _remoteAddress;
        private readonly ushort[] _remotePort;
        private readonly uint[] _sendNext;
        private readonly uint[] _receiveNext;
        private readonly long[] _deadlineMs;

        /// <summary>Allocates <paramref name="entries"/> entries.</summary>
        public TcpTimeWaitTable(int entries)
        {
            _used = new bool[entries];
            _localPort = new ushort[entries];
            _remoteAddress = new uint[entries];
            _remotePort = new ushort[entries];
            _sendNext = new uint[entries];
            _receiveNext = new uint[entries];
            _deadlineMs = new long[entries];
        }

        /// <summary>Entries in the table.</summary>
        public int Capacity { get { return _used.Length; } }

        /// <summary>Entries in use.</summary>
        public int Count
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _used.Length; i++) { if (_used[i]) { n++; } }
                return n;
            }
        }

        /// <summary>True when entry <paramref name="index"/> is in use.</summary>
        public bool IsUsed(int index) { return _used[index]; }
        /// <summary>Local port of an entry.</summary>
        public ushort GetLocalPort(int index) { return _localPort[index]; }
        /// <summary>Remote address of an entry.</summary>
        public uint GetRemoteAddress(int index) { return _remoteAddress[index]; }
        /// <summary>Remote port of an entry.</summary>
        public ushort GetRemotePort(int index) { return _remotePort[index]; }
        /// <summary>Our next sequence number (after our FIN).</summary>
        public uint GetSendNext(int index) { return _sendNext[index]; }
        /// <summary>The peer's next sequence number (after its FIN).</summary>
        public uint GetReceiveNext(int index) { return _receiveNext[index]; }
        /// <summary>When the entry expires.</summary>
        public long GetDeadlineMs(int index) { return _deadlineMs[index]; }

        /// <summary>Restarts the 2×MSL wait of an entry (a retransmitted FIN arrived).</summary>
        public void Restart(int index, long deadlineMs) { _deadlineMs[index] = deadlineMs; }

        /// <summary>Frees an entry.</summary>
        public void Remove(int index) { _used[index] = false; }

        /// <summary>The entry for this 4-tuple, or −1.</summary>
        public int Find(ushort localPort, uint remoteAddress, ushort remotePort)
        {
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _localPort[i] == localPort && _remoteAddress[i] == remoteAddress && _remotePort[i] == remotePort)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True when some entry uses <paramref name="localPort"/> (ephemeral port choice avoids it).</summary>
        public bool UsesLocalPort(ushort localPort)
        {
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _localPort[i] == localPort) { return true; }
            }
            return false;
        }

        /// <summary>Adds an entry; returns true when an older entry had to be evicted for it.</summary>
        public bool Add(ushort localPort, uint remoteAddress, ushort remotePort, uint sendNext, uint receiveNext, long deadlineMs)
        {
            int slot = -1;
            bool evicted = false;
            for (int i = 0; i < _used.Length; i++)
            {
                if (!_used[i]) { slot = i; break; }
            }
            if (slot < 0)
            {
                slot = 0;
                for (int i = 1; i < _used.Length; i++)
                {
                    if (_deadlineMs[i] < _deadlineMs[slot]) { slot = i; }
                }
                evicted = true;
            }
            _used[slot] = true;
            _localPort[slot] = localPort;
            _remoteAddress[slot] = remoteAddress;
            _remotePort[slot] = remotePort;
            _sendNext[slot] = sendNext;
            _receiveNext[slot] = receiveNext;
            _deadlineMs[slot] = deadlineMs;
            return evicted;
        }

        /// <summary>Frees every entry whose deadline has passed.</summary>
        public void Expire(long nowMs)
        {
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _deadlineMs[i] <= nowMs) { _used[i] = false; }
            }
        }

        /// <summary>The earliest deadline, long.MaxValue when empty.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = long.MaxValue;
                for (int i = 0; i < _used.Length; i++)
                {
                    if (_used[i] && _deadlineMs[i] < next) { next = _deadlineMs[i]; }
                }
                return next;
            }
        }
    }
}
