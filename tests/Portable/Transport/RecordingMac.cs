using Firmware.Hal;

namespace Firmware.Tests.Transport
{
    /// <summary>A MAC for unit tests: remembers the last frame sent and how many, receives nothing.</summary>
    public class RecordingMac : IEthernetMac
    {
        private readonly byte[] _mac = new byte[] { 2, 0, 0, 0, 0, 2 };

        /// <summary>The last frame sent (copied).</summary>
        public readonly byte[] LastFrame = new byte[1514];

        /// <summary>Its length.</summary>
        public int LastLength;

        /// <summary>Frames sent.</summary>
        public int Sent;

        public byte[] MacAddress { get { return _mac; } }

        public bool IsLinkUp { get { return true; } }

        public bool TrySend(byte[] frame, int offset, int length)
        {
            System.Array.Copy(frame, offset, LastFrame, 0, length);
            LastLength = length;
            Sent++;
            return true;
        }

        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            return 0;
        }
    }
}
