using System;
using Firmware.App;
using Firmware.ChipEmulators;
using Firmware.Drivers.Enc28j60;
using Firmware.Drivers.W5500;
using Firmware.Hal;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;
using Xunit;

namespace Firmware.Drivers.Tests
{
    /// <summary>The real stack on each emulated chip, talking to another stack on a plain switch port.</summary>
    public class EndToEndTests
    {
        public static readonly TheoryData<string> Chips = new TheoryData<string> { "W5500", "ENC28J60" };

        // The test profile: the echo services these tests talk to.
        private static AppConfig TestConfig()
        {
            AppConfig config = AppConfig.TestProfile();
            config.Address = EmulatedBoard.DeviceAddress;
            config.DhcpEnabled = false;
            return config;
        }

        private sealed class Rig
        {
            public readonly EmulatedBoard Board;
            public readonly NetworkStack Device;
            public readonly NetworkStack Peer;

            public Rig(string chip)
            {
                Board = new EmulatedBoard(chip);
                Assert.True(Board.Initialized);
                Device = new NetworkStack(new StackConfig(), Board.Mac, new SystemRandomSource(1));
                Peer = new NetworkStack(new StackConfig(), Board.PeerPort, new SystemRandomSource(2));
                Device.SetAddress(EmulatedBoard.DeviceAddress, 24, 0, 0);
                Peer.SetAddress(EmulatedBoard.PeerAddress, 24, 0, 0);
            }

            public void Run(int steps = 50)
            {
                Board.Run(Device.Poll, Peer.Poll, steps);
            }
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void Ping_DeviceOnChipToPeer_ReplyArrives(string chip)
        {
            var rig = new Rig(chip);
            rig.Run();

            rig.Device.SendEchoRequest(EmulatedBoard.PeerAddress, 0x1234, 1, 56);
            rig.Run();

            Assert.Equal(1, rig.Device.Icmp.EchoRepliesReceived);
            Assert.Equal(EmulatedBoard.PeerAddress, rig.Device.Icmp.LastEchoReplySource);
            Assert.Equal(56, rig.Device.Icmp.LastEchoReplyPayloadBytes);
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void Ping_PeerToDeviceSmallestAndLargestFrames_RepliesArrive(string chip)
        {
            var rig = new Rig(chip);
            rig.Run();

            rig.Peer.SendEchoRequest(EmulatedBoard.DeviceAddress, 7, 1, 0); // 42-byte frame, padded to 60
            rig.Run();
            Assert.Equal(1, rig.Peer.Icmp.EchoRepliesReceived);

            for (ushort seq = 2; seq < 12; seq++)
            {
                Assert.True(rig.Peer.SendEchoRequest(EmulatedBoard.DeviceAddress, 7, seq, 1472)); // 1514-byte frames
                rig.Run(5);
            }

            Assert.Equal(11, rig.Peer.Icmp.EchoRepliesReceived);
            Assert.Equal(1472, rig.Peer.Icmp.LastEchoReplyPayloadBytes);
            Assert.Equal(0, rig.Board.Counters.ReceiveGarbage);
            Assert.Equal(0, rig.Board.Counters.SendErrors);
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void Udp_BothDirections_DatagramsIntact(string chip)
        {
            var rig = new Rig(chip);
            UdpSocket device = rig.Device.OpenUdp();
            Assert.True(device.Bind(5000));
            UdpSocket peer = rig.Peer.OpenUdp();
            Assert.True(peer.Bind(6000));
            byte[] request = new byte[1000];
            for (int i = 0; i < request.Length; i++)
            {
                request[i] = (byte)(i * 13);
            }

            // Resolve ARP first: a 1000-byte datagram is larger than what the stack parks behind an ARP request.
            rig.Peer.SendEchoRequest(EmulatedBoard.DeviceAddress, 1, 1, 8);
            rig.Run();
            Assert.True(peer.SendTo(EmulatedBoard.DeviceAddress, 5000, request, 0, request.Length));
            rig.Run();

            byte[] got = new byte[1500];
            int n = device.TryReceiveFrom(got, 0, got.Length, out uint source, out int sourcePort);
            Assert.Equal(request.Length, n);
            Assert.Equal(request, got.AsSpan(0, n).ToArray());
            Assert.Equal(EmulatedBoard.PeerAddress, source);
            Assert.Equal(6000, sourcePort);

            byte[] answer = System.Text.Encoding.ASCII.GetBytes("answer from the board");
            Assert.True(device.SendTo(source, sourcePort, answer, 0, answer.Length));
            rig.Run();
            n = peer.TryReceiveFrom(got, 0, got.Length, out source, out sourcePort);
            Assert.Equal(answer, got.AsSpan(0, n).ToArray());
            Assert.Equal(EmulatedBoard.DeviceAddress, source);
            Assert.Equal(5000, sourcePort);
        }

        /// <summary>
        /// A group datagram through the chip: dropped by its filter until the driver is told (W5500: MMB cleared; ENC28J60:
        /// the group's hash bit), then the stack, having joined, delivers it.
        /// </summary>
        [Theory]
        [MemberData(nameof(Chips))]
        public void Multicast_OverChip_FilteredUntilTheDriverIsTold_ThenDelivered(string chip)
        {
            const uint group = 0xE00000FB;
            var board = new EmulatedBoard(chip);
            Assert.True(board.Initialized);
            var device = new NetworkStack(new StackConfig(), board.Mac, new SystemRandomSource(5));
            device.SetAddress(EmulatedBoard.DeviceAddress, 24, 0, 0);
            Assert.True(device.JoinGroup(group, 0));
            UdpSocket listener = device.OpenUdp();
            Assert.True(listener.Bind(5353));
            var peer = new NetworkStack(new StackConfig(), board.PeerPort, new SystemRandomSource(6));
            peer.SetAddress(EmulatedBoard.PeerAddress, 24, 0, 0);
            UdpSocket sender = peer.OpenUdp();
            byte[] message = System.Text.Encoding.ASCII.GetBytes("to the group");

            sender.SendTo(group, 5353, message, 0, message.Length);
            board.Run(device.Poll, peer.Poll, 10);
            Assert.Equal(0, listener.QueuedDatagrams);

            if (board.W5500 != null)
            {
                ((W5500Mac)board.Mac).AcceptMulticast = true;
            }
            else
            {
                ((Enc28j60Mac)board.Mac).AddMulticastAddress(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, 0);
            }

            sender.SendTo(group, 5353, message, 0, message.Length);
            board.Run(device.Poll, peer.Poll, 10);
            byte[] got = new byte[64];
            int n = listener.TryReceiveFrom(got, 0, got.Length, out uint source, out _);
            Assert.Equal(message, got.AsSpan(0, Math.Max(n, 0)).ToArray());
            Assert.Equal(EmulatedBoard.PeerAddress, source);
            Assert.Equal(1, device.IgmpCounters.MulticastIn);
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void DeviceApp_UdpEchoOverChip_EchoesManyDatagrams(string chip)
        {
            var board = new EmulatedBoard(chip);
            Assert.True(board.Initialized);
            var app = new DeviceApp(TestConfig(), board.Mac, new SystemRandomSource(3));
            var peer = new NetworkStack(new StackConfig(), board.PeerPort, new SystemRandomSource(4));
            peer.SetAddress(EmulatedBoard.PeerAddress, 24, 0, 0);
            app.Start(0);
            UdpSocket socket = peer.OpenUdp();
            byte[] got = new byte[1500];
            for (int i = 0; i < 40; i++)
            {
                byte[] message = System.Text.Encoding.ASCII.GetBytes("echo #" + i + new string('x', i * 30));
                socket.SendTo(EmulatedBoard.DeviceAddress, 7, message, 0, message.Length);
                board.Run(app.Poll, peer.Poll, 10);
                int n = socket.TryReceiveFrom(got, 0, got.Length, out _, out int port);
                Assert.Equal(message, got.AsSpan(0, Math.Max(n, 0)).ToArray());
                Assert.Equal(7, port);
            }

            Assert.Equal(40, app.UdpEcho.Echoed);
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void DeviceApp_TcpEchoOverChip_100KBackIntactAndClosed(string chip)
        {
            var board = new EmulatedBoard(chip);
            Assert.True(board.Initialized);
            var app = new DeviceApp(TestConfig(), board.Mac, new SystemRandomSource(5));
            var peer = new NetworkStack(new StackConfig(), board.PeerPort, new SystemRandomSource(6));
            peer.SetAddress(EmulatedBoard.PeerAddress, 24, 0, 0);
            var peerTcp = new TcpLayer(new TcpConfig(), peer.Output, new SystemRandomSource(7));
            Assert.True(peer.AttachTransport(6, peerTcp));
            app.Start(0);

            byte[] sent = new byte[100 * 1024];
            new Random(42).NextBytes(sent);
            byte[] received = new byte[sent.Length];
            int sentCount = 0, receivedCount = 0;
            bool closedOurSide = false;
            TcpConnection client = peerTcp.Connect(EmulatedBoard.DeviceAddress, 7, board.NowMs);
            Assert.NotNull(client);
            for (int step = 0; step < 200_000 && !(client.IsReceiveClosed && receivedCount == sent.Length); step++)
            {
                if (client.State == TcpState.Established && sentCount < sent.Length)
                {
                    sentCount += client.Send(sent, sentCount, sent.Length - sentCount);
                }
                if (sentCount == sent.Length && !closedOurSide)
                {
                    client.Shutdown();
                    closedOurSide = true;
                }
                receivedCount += client.Receive(received, receivedCount, received.Length - receivedCount);
                board.Run(app.Poll, peer.Poll, 1);
            }

            Assert.Equal(sent.Length, receivedCount);
            Assert.Equal(sent, received);
            Assert.True(client.IsReceiveClosed, "the echo service closes its side after echoing everything; state " + client.State);
            Assert.Equal(TcpError.None, client.Error);
            Assert.Equal(sent.Length, app.TcpEcho.BytesEchoed);
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void LinkDownThenUp_TrafficResumes(string chip)
        {
            var rig = new Rig(chip);
            rig.Run();
            rig.Device.SendEchoRequest(EmulatedBoard.PeerAddress, 1, 1, 32);
            rig.Run();
            Assert.Equal(1, rig.Device.Icmp.EchoRepliesReceived);

            SetLink(rig.Board, false);
            Assert.False(rig.Board.Mac.IsLinkUp);
            rig.Device.SendEchoRequest(EmulatedBoard.PeerAddress, 1, 2, 32);
            rig.Run();
            Assert.Equal(1, rig.Device.Icmp.EchoRepliesReceived);

            SetLink(rig.Board, true);
            Assert.True(rig.Board.Mac.IsLinkUp);
            rig.Device.SendEchoRequest(EmulatedBoard.PeerAddress, 1, 3, 32);
            rig.Run();
            Assert.Equal(2, rig.Device.Icmp.EchoRepliesReceived);
            Assert.Equal(3, rig.Device.Icmp.LastEchoReplySequence);
        }

        [Theory]
        [MemberData(nameof(Chips))]
        public void SteadyState_PingBothWaysOverChip_DriverStackAndChipAllocateNothing(string chip)
        {
            IEthernetMac deviceMac;
            IEthernetMac cable;
            if (chip == "W5500")
            {
                var w5500 = new W5500Emulator();
                var driver = new W5500Mac(w5500, w5500.InterruptPin, null, TestFrames.DeviceMac);
                Assert.True(driver.Initialize());
                deviceMac = driver;
                cable = w5500.NetworkSide;
            }
            else
            {
                var enc = new Enc28j60Emulator();
                var driver = new Enc28j60Mac(enc, enc.InterruptPin, null, TestFrames.DeviceMac);
                Assert.True(driver.Initialize());
                deviceMac = driver;
                cable = enc.NetworkSide;
            }

            var device = new NetworkStack(new StackConfig(), deviceMac, new SystemRandomSource(5));
            var peer = new NetworkStack(new StackConfig(), new CrossoverCable(cable, TestFrames.PeerMac), new SystemRandomSource(6));
            device.SetAddress(EmulatedBoard.DeviceAddress, 24, 0, 0);
            peer.SetAddress(EmulatedBoard.PeerAddress, 24, 0, 0);
            long now = 0;
            ushort seq = 0;
            for (int i = 0; i < 50; i++)
            {
                PingRound(device, peer, ref now, ref seq);
            }

            int repliesBefore = peer.Icmp.EchoRepliesReceived + device.Icmp.EchoRepliesReceived;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 300; i++)
            {
                PingRound(device, peer, ref now, ref seq);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(600, peer.Icmp.EchoRepliesReceived + device.Icmp.EchoRepliesReceived - repliesBefore);
            Assert.Equal(0, allocated);
        }

        private static void PingRound(NetworkStack device, NetworkStack peer, ref long now, ref ushort seq)
        {
            seq++;
            peer.SendEchoRequest(EmulatedBoard.DeviceAddress, 1, seq, 1000);
            device.SendEchoRequest(EmulatedBoard.PeerAddress, 2, seq, 56);
            for (int step = 0; step < 4; step++)
            {
                now++;
                device.Poll(now);
                peer.Poll(now);
            }
        }

        private static void SetLink(EmulatedBoard board, bool up)
        {
            if (board.W5500 != null)
            {
                board.W5500.LinkUp = up;
            }
            else
            {
                board.Enc28j60.LinkUp = up;
            }
        }
    }
}
