using Firmware.Net;

namespace Firmware.Services.Dhcp
{
    /// <summary>
    /// RFC 5227 §2.1.1 probing of one address before it is used (RFC 3927 §2.2.1 uses the same sequence): wait a random
    /// time up to PROBE_WAIT, send PROBE_NUM ARP probes PROBE_MIN..PROBE_MAX apart, then wait ANNOUNCE_WAIT. Any ARP
    /// packet from another station whose sender is the address, or another probe for it, is a conflict.
    /// </summary>
    public sealed class AddressProbe
    {
        /// <summary>Still probing.</summary>
        public const int Running = 0;
        /// <summary>Nobody answered: the address may be used.</summary>
        public const int Clear = 1;
        /// <summary>Someone else has (or wants) the address.</summary>
        public const int Conflict = 2;
        /// <summary>Not started, or stopped.</summary>
        public const int Idle = 3;

        private readonly NetworkStack _stack;
        private readonly IRandomSource _random;
        private readonly DhcpConfig _config;
        private uint _address;
        private int _probesSent;
        private long _nextMs;
        private bool _active;

        /// <summary>A prober over <paramref name="stack"/>'s ARP, timed by <paramref name="config"/>.</summary>
        public AddressProbe(NetworkStack stack, IRandomSource random, DhcpConfig config)
        {
            _stack = stack;
            _random = random;
            _config = config;
        }

        /// <summary>The address being probed (0 when idle).</summary>
        public uint Address { get { return _active ? _address : 0; } }

        /// <summary>When <see cref="Poll"/> next has work (absolute ms); long.MaxValue when idle.</summary>
        public long NextDeadlineMs { get { return _active ? _nextMs : long.MaxValue; } }

        /// <summary>Starts probing <paramref name="address"/> (PROBE_WAIT first).</summary>
        public void Start(uint address, long nowMs)
        {
            _address = address;
            _probesSent = 0;
            _active = true;
            _nextMs = nowMs + Random(0, _config.ProbeWaitMs);
            _stack.Arp.Watch(address);
        }

        /// <summary>Stops probing (the watch ends).</summary>
        public void Stop()
        {
            if (_active && _stack.Arp.Watched == _address)
            {
                _stack.Arp.Watch(0);
            }
            _active = false;
        }

        /// <summary>Sends what is due; returns <see cref="Running"/>, <see cref="Clear"/> or <see cref="Conflict"/> (the last two end the probe).</summary>
        public int Poll(long nowMs)
        {
            if (!_active)
            {
                return Idle;
            }
            if (_stack.Arp.Watched != _address || _stack.Arp.WatchConflicts > 0)
            {
                // A conflict, or someone else took the watch over (which only the owner of this prober can do): either way, not clear.
                Stop();
                return Conflict;
            }
            if (nowMs < _nextMs)
            {
                return Running;
            }
            if (_probesSent < _config.ProbeCount)
            {
                _stack.Arp.SendProbe(_address);
                _probesSent++;
                _nextMs = nowMs + (_probesSent < _config.ProbeCount ? Random(_config.ProbeMinMs, _config.ProbeMaxMs) : _config.AnnounceWaitMs);
                return Running;
            }
            Stop();
            return Clear;
        }

        private long Random(int minMs, int maxMs)
        {
            if (maxMs <= minMs)
            {
                return minMs;
            }
            return minMs + (long)(_random.NextUInt32() % (uint)(maxMs - minMs + 1));
        }
    }
}
