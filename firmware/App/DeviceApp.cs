using Firmware.Hal;
using Firmware.Net;

namespace Firmware.App
{
    /// <summary>
    /// The application the ESP32 runs, composed the same way on the board and in the host simulator:
    /// a MAC, the stack, and the services on top. The caller owns the loop and calls <see cref="Poll"/>.
    /// </summary>
    public class DeviceApp
    {
        private readonly AppConfig _config;
        private readonly IEthernetMac _mac;
        private readonly IRandomSource _random;

        public DeviceApp(AppConfig config, IEthernetMac mac, IRandomSource random)
        {
            _config = config;
            _mac = mac;
            _random = random;
        }

        public AppConfig Config { get { return _config; } }

        /// <summary>Runs everything that is due at <paramref name="nowMs"/> (milliseconds since boot).</summary>
        public void Poll(long nowMs)
        {
        }
    }
}
