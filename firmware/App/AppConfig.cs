using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Http;

namespace Firmware.App
{
    /// <summary>What the device app is told at boot: its addresses and the stack's sizes.</summary>
    public class AppConfig
    {
        /// <summary>IPv4 address, host byte order (10.0.0.2 = 0x0A000002).</summary>
        public uint Address = 0x0A000002;

        /// <summary>Subnet prefix length in bits.</summary>
        public int PrefixLength = 24;

        /// <summary>Default gateway, host byte order; 0 for none.</summary>
        public uint Gateway;

        /// <summary>Sizes of every buffer and table in the stack.</summary>
        public StackConfig Stack = new StackConfig();

        /// <summary>Run the UDP echo service (RFC 862).</summary>
        public bool UdpEchoEnabled = true;

        /// <summary>Its port.</summary>
        public int UdpEchoPort = 7;

        /// <summary>Run the UDP discard service (RFC 863).</summary>
        public bool UdpDiscardEnabled = true;

        /// <summary>Its port.</summary>
        public int UdpDiscardPort = 9;

        /// <summary>Datagrams each service handles per poll (bounds one poll's work).</summary>
        public int ServiceDatagramsPerPoll = 8;

        /// <summary>Attach TCP (protocol 6) to the stack; without it TCP segments are dropped and counted.</summary>
        public bool TcpEnabled = true;

        /// <summary>TCP's sizes and timers.</summary>
        public TcpConfig Tcp = new TcpConfig();

        /// <summary>TCP echo (RFC 862) on port 7; needs <see cref="TcpEnabled"/>.</summary>
        public bool TcpEchoEnabled = true;

        /// <summary>TCP discard (RFC 863) on port 9; needs <see cref="TcpEnabled"/>.</summary>
        public bool TcpDiscardEnabled = true;

        /// <summary>TCP chargen (RFC 864) on port 19; needs <see cref="TcpEnabled"/>.</summary>
        public bool TcpChargenEnabled = true;

        /// <summary>The web server: the status page, the JSON API, GPIO, the capture; needs <see cref="TcpEnabled"/>.</summary>
        public bool HttpEnabled = true;

        /// <summary>Its port, slots and buffers.</summary>
        public HttpServerConfig Http = new HttpServerConfig();

        /// <summary>
        /// Bytes of the ring that keeps the last frames for /capture.pcap; 0 = no capture (the default on a device,
        /// where every KB of heap counts; the simulator turns it on). At least 3048 (two full frames).
        /// </summary>
        public int CaptureBufferBytes;

        /// <summary>A name for people (the status page's title, /api/status).</summary>
        public string DeviceName = "device";
    }
}
