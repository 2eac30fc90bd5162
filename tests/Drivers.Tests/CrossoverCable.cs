using Firmware.Hal;

namespace Firmware.Drivers.Tests
{
    /// <summary>
    /// A station wired straight to an emulated chip's cable (no switch), under its own MAC address: the path with no
    /// allocating parts in between, for measuring the steady state end to end.
    /// </summary>
    internal sealed class CrossoverCable : IEthernetMac
    {
        private readonly IEthernetMac _chipCable;
        private readonly byte[] _mac;

        public CrossoverCable(IEthernetMac chipCable, byte[] mac)
        {
            _chipCable = chipCable;
            _mac = mac;
        }

        public byte[] MacAddress => _mac;

        public bool IsLinkUp => _chipCable.IsLinkUp;

        public bool TrySend(byte[] frame, int offset, int length) => _chipCable.TrySend(frame, offset, length);

        public int TryReceive(byte[] buffer, int offset, int capacity) => _chipCable.TryReceive(buffer, offset, capacity);
    }
}
