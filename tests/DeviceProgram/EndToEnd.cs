using System;
using Firmware.App;
using Firmware.DeviceHarness;
using Firmware.Net;
using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Services.Dhcp;
using Firmware.Services.Dns;

namespace Firmware.DeviceProgram
{
    /// <summary>
    /// The scenario: the device app with its default services, a peer on a cable, and each protocol in turn (ARP and ping,
    /// UDP echo, TCP echo with close, HTTP), then the clients on a second cable (a DHCP lease and its renewals, a DNS
    /// lookup, an SNTP synchronization, the release). Every step
    /// prints one line a person can read and a check that must hold; the figures are virtual time and counters, so the
    /// output is the same on every runtime that runs the code correctly.
    /// </summary>
    public sealed class EndToEnd
    {
        /// <summary>Bytes pushed through the device's TCP echo service.</summary>
        public const int TcpBytes = 100 * 1024;

        private const int UdpBytes = 200;
        private const ushort EchoPort = 7;

        private readonly TestBed _bed;
        private readonly byte[] _chunk = new byte[1460];
        private readonly byte[] _received = new byte[1460];
        private bool _passed = true;

        public EndToEnd(uint seed)
        {
            _bed = new TestBed(AppConfig.TestProfile(), seed);
        }

        /// <summary>Runs every step; true when all checks held.</summary>
        public bool Run()
        {
            _bed.Start();
            Ping();
            Udp();
            TcpEcho();
            Http();
            Counters();
            Clients();
            return _passed;
        }

        private void Ping()
        {
            NetworkStack peer = _bed.Peer;
            long start = _bed.NowMs;
            // The first request waits for ARP: the stack parks it and sends it with the reply.
            peer.SendEchoRequest(TestBed.DeviceAddress, 0x1234, 1, 56);
            bool answered = _bed.RunUntil(EchoAnswered, 5000);
            Check(answered && peer.Icmp.LastEchoReplySequence == 1 && peer.Icmp.LastEchoReplyPayloadBytes == 56, "ping answered");
            Line("ping: reply from " + PacketFormatter.FormatIp(peer.Icmp.LastEchoReplySource) + " seq " + peer.Icmp.LastEchoReplySequence.ToString()
                + " " + peer.Icmp.LastEchoReplyPayloadBytes.ToString() + " bytes after " + (_bed.NowMs - start).ToString() + " ms");
            Line("arp: peer " + _bed.Peer.ArpCounters.Describe());
            Line("arp: device " + _bed.App.Stack.ArpCounters.Describe());
        }

        private bool EchoAnswered()
        {
            return _bed.Peer.Icmp.EchoRepliesReceived > 0;
        }

        private void Udp()
        {
            UdpSocket socket = _bed.Peer.OpenUdp();
            Check(socket != null && socket.Bind(40000), "udp socket");
            for (int i = 0; i < UdpBytes; i++)
            {
                _chunk[i] = (byte)(i * 3 + 1);
            }
            Check(socket.SendTo(TestBed.DeviceAddress, EchoPort, _chunk, 0, UdpBytes), "udp sent");
            long start = _bed.NowMs;
            int length = -1;
            uint source = 0;
            int sourcePort = 0;
            for (int ms = 0; ms < 1000 && length < 0; ms++)
            {
                _bed.Step();
                length = socket.TryReceiveFrom(_received, 0, _received.Length, out source, out sourcePort);
            }
            bool same = length == UdpBytes;
            for (int i = 0; same && i < UdpBytes; i++)
            {
                same = _received[i] == _chunk[i];
            }
            Check(same && source == TestBed.DeviceAddress && sourcePort == EchoPort, "udp echoed");
            Line("udp: " + length.ToString() + " bytes back from " + PacketFormatter.FormatIp(source) + ":" + sourcePort.ToString()
                + (same ? " equal" : " DIFFERENT") + " after " + (_bed.NowMs - start).ToString() + " ms");
            socket.Close();
        }

        private void TcpEcho()
        {
            long start = _bed.NowMs;
            TcpConnection c = _bed.PeerTcp.Connect(TestBed.DeviceAddress, EchoPort, _bed.NowMs);
            Check(c != null, "tcp connect");
            int sent = 0;
            int back = 0;
            int mismatches = 0;
            bool shut = false;
            long deadline = _bed.NowMs + 120000;
            // A connection that reached TIME_WAIT reads Closed but keeps its unread bytes for the app.
            while (_bed.NowMs < deadline && !(shut && c.IsReceiveClosed) && !(c.State == TcpState.Closed && c.BytesAvailable == 0))
            {
                if (sent < TcpBytes && c.SendSpace > 0)
                {
                    int n = TcpBytes - sent;
                    if (n > _chunk.Length) { n = _chunk.Length; }
                    for (int i = 0; i < n; i++)
                    {
                        _chunk[i] = Pattern(sent + i);
                    }
                    sent += c.Send(_chunk, 0, n);
                }
                if (sent == TcpBytes && !shut)
                {
                    c.Shutdown();
                    shut = true;
                }
                int got;
                while ((got = c.Receive(_received, 0, _received.Length)) > 0)
                {
                    for (int i = 0; i < got; i++)
                    {
                        if (_received[i] != Pattern(back + i)) { mismatches++; }
                    }
                    back += got;
                }
                _bed.Step();
            }
            bool closedByPeer = c.IsReceiveClosed;
            c.Close();
            _bed.Run(2000);
            TcpLayer device = _bed.App.Tcp;
            Check(sent == TcpBytes && back == TcpBytes && mismatches == 0, "tcp echo bytes");
            Check(closedByPeer, "device closed its side");
            Check(device.FreeConnections == device.Capacity, "device connections all free");
            Check(_bed.PeerTcp.TimeWait.Count == 1, "peer in TIME_WAIT");
            Line("tcp: echo " + sent.ToString() + " bytes sent, " + back.ToString() + " back, " + mismatches.ToString() + " differing, in "
                + (_bed.NowMs - start).ToString() + " ms");
            Line("tcp: device free connections " + device.FreeConnections.ToString() + " of " + device.Capacity.ToString()
                + ", peer time-wait " + _bed.PeerTcp.TimeWait.Count.ToString());
        }

        private void Http()
        {
            PeerHttpClient http = new PeerHttpClient(_bed, 4096);
            long start = _bed.NowMs;
            bool answered = http.Exchange(PeerHttpClient.Ascii("GET /api/status HTTP/1.1\r\nHost: device\r\n\r\n"), 5000);
            Check(answered && http.Status == 200 && http.BodyContains("\"address\":\"10.0.0.2\""), "http status");
            Line("http: GET /api/status -> " + http.Status.ToString() + ", " + (http.Length - http.HeadLength).ToString() + " bytes of JSON after "
                + (_bed.NowMs - start).ToString() + " ms");
            bool again = http.Exchange(PeerHttpClient.Ascii("GET /api/gpio/7 HTTP/1.1\r\nHost: device\r\n\r\n"), 5000);
            Check(again && http.Status == 404, "http 404 on the same connection");
            Line("http: GET /api/gpio/7 -> " + http.Status.ToString() + " on the same connection; requests " + _bed.App.Http.Counters.Requests.ToString()
                + ", connections " + _bed.App.Http.Counters.Connections.ToString());
            http.Close();
            _bed.Run(2000);
            Check(_bed.App.Http.ActiveSlots == 0, "http slots free");
        }

        private void Counters()
        {
            Line("device counters:");
            Line(_bed.App.Stack.DescribeCounters());
            Line(_bed.App.Tcp.Counters.Describe());
            Line(_bed.App.Http.Counters.Describe());
            Line("peer counters:");
            Line(_bed.Peer.DescribeCounters());
            Line(_bed.PeerTcp.Counters.Describe());
            Line("cable: device sent " + _bed.DeviceMac.FramesSent.ToString() + " frames, peer sent " + _bed.PeerMac.FramesSent.ToString()
                + ", dropped " + (_bed.DeviceMac.FramesDropped + _bed.PeerMac.FramesDropped).ToString());
        }

        private ClientsBed _clients;

        private bool Bound()
        {
            return _clients.App.Dhcp.State == DhcpState.Bound && _clients.App.Dhcp.Source == AddressSource.Dhcp;
        }

        private bool Renewed()
        {
            return _clients.App.Dhcp.Counters.Renewals >= 2;
        }

        private bool Synchronized()
        {
            return _clients.App.Clock.IsSet;
        }

        private bool ShutDown()
        {
            return _clients.App.IsShutDown;
        }

        private int _lookup;

        private bool LookedUp()
        {
            return _clients.App.Resolver.GetStatus(_lookup) != DnsStatus.Pending;
        }

        // DHCP, DNS and SNTP against the scripted servers of a second cable: a 60 s lease, two renewals, a lookup, the clock.
        private void Clients()
        {
            _clients = new ClientsBed(new AppConfig(), 5, 60);
            ClientsBed bed = _clients;
            DeviceApp app = bed.App;
            bed.Start();
            bool bound = bed.RunUntil(Bound, 60000);
            Check(bound && app.Stack.Interface.Address == ClientsBed.LeasedAddress, "dhcp lease");
            Line("dhcp: " + app.Dhcp.Describe(bed.NowMs) + " at " + bed.NowMs.ToString() + " ms");
            bool synchronized = bed.RunUntil(Synchronized, 10000);
            long error = app.Clock.UnixMs(bed.NowMs) - (ClientsBed.EpochUnixMs + bed.NowMs);
            Check(synchronized && error >= -5 && error <= 5, "sntp clock");
            Line("sntp: clock set at " + bed.NowMs.ToString() + " ms, " + error.ToString() + " ms from the server's; " + app.Sntp.Describe(bed.NowMs));
            _lookup = app.Resolver.Resolve("Printer.LAN", bed.NowMs);
            bool answered = _lookup >= 0 && bed.RunUntil(LookedUp, 10000);
            uint printer = app.Resolver.GetAddress(_lookup);
            Check(answered && printer == 0x0A000007, "dns lookup");
            Line("dns: Printer.LAN -> " + PacketFormatter.FormatIp(printer) + " (" + bed.Dns.Queries.ToString() + " queries at the server)");
            app.Resolver.Release(_lookup);
            long start = bed.NowMs;
            bool renewed = bed.RunUntil(Renewed, 200000);
            Check(renewed && app.Stack.Interface.Address == ClientsBed.LeasedAddress, "dhcp renewals");
            Line("dhcp: two renewals in " + (bed.NowMs - start).ToString() + " ms; " + app.Dhcp.Describe(bed.NowMs));
            app.Shutdown(bed.NowMs);
            bool released = bed.RunUntil(ShutDown, 5000);
            Check(released && bed.Dhcp.Releases == 1 && app.Stack.Interface.Address == 0, "dhcp release");
            Line("dhcp: released; server offers " + bed.Dhcp.Offers.ToString() + " acks " + bed.Dhcp.Acks.ToString() + " releases "
                + bed.Dhcp.Releases.ToString());
            Line(app.Dhcp.Counters.Describe());
            Line(app.Resolver.Counters.Describe());
            Line(app.Sntp.Counters.Describe());
        }

        private static byte Pattern(int index)
        {
            return (byte)(index * 7 + (index >> 8));
        }

        private void Check(bool condition, string what)
        {
            if (!condition)
            {
                _passed = false;
                Line("CHECK FAILED: " + what);
            }
        }

        private static void Line(string text)
        {
            Console.WriteLine(text);
        }
    }
}
