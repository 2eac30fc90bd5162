using Firmware.App;
using Firmware.Net;
using Firmware.Net.Transport;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// The device app (10.0.0.2) and a peer stack with TCP (10.0.0.1) on an in-memory cable, in virtual time: each
    /// <see cref="Step"/> advances one millisecond and polls both. Deterministic for a seed, on .NET and on nanoCLR.
    /// Time spent in the device's Poll is summed in <see cref="DevicePollTicks"/>, so benchmarks can tell the device's
    /// share from the peer's.
    /// </summary>
    public sealed class TestBed
    {
        /// <summary>The device's address, 10.0.0.2.</summary>
        public const uint DeviceAddress = 0x0A000002;

        /// <summary>The peer's address, 10.0.0.1.</summary>
        public const uint PeerAddress = 0x0A000001;

        /// <summary>The device's end of the cable.</summary>
        public readonly MemoryMac DeviceMac;

        /// <summary>The peer's end of the cable.</summary>
        public readonly MemoryMac PeerMac;

        /// <summary>The app under test.</summary>
        public readonly DeviceApp App;

        /// <summary>The peer's stack.</summary>
        public readonly NetworkStack Peer;

        /// <summary>The peer's TCP.</summary>
        public readonly TcpLayer PeerTcp;

        /// <summary>Virtual time, ms since boot.</summary>
        public long NowMs;

        /// <summary>When true, each device Poll is timed into <see cref="DevicePollTicks"/>.</summary>
        public bool TimeDevice;

        /// <summary>Wall time spent in the device's Poll while <see cref="TimeDevice"/> was on, in 100 ns ticks.</summary>
        public long DevicePollTicks;

        /// <summary>The part of <see cref="DevicePollTicks"/> spent in polls that took at least one frame in.</summary>
        public long DeviceBusyPollTicks;

        /// <summary>Builds both nodes from <paramref name="config"/> (the device's; its address is forced to 10.0.0.2/24, static).</summary>
        public TestBed(AppConfig config, uint seed)
        {
            DeviceMac = new MemoryMac(2, 64);
            PeerMac = new MemoryMac(1, 64);
            MemoryMac.Connect(DeviceMac, PeerMac);
            config.Address = DeviceAddress;
            config.PrefixLength = 24;
            config.DhcpEnabled = false;
            App = new DeviceApp(config, DeviceMac, new SeededRandom(seed));
            TcpConfig peerTcp = new TcpConfig();
            peerTcp.Connections = 2;
            peerTcp.Listeners = 1;
            peerTcp.ReceiveBufferBytes = 8192;
            peerTcp.SendBufferBytes = 8192;
            Peer = new NetworkStack(new StackConfig(), PeerMac, new SeededRandom(seed + 1));
            PeerTcp = new TcpLayer(peerTcp, Peer.Output, new SeededRandom(seed + 2));
            Peer.AttachTransport(6, PeerTcp);
        }

        /// <summary>Gives both nodes their addresses (each announces itself with a gratuitous ARP).</summary>
        public void Start()
        {
            App.Start(NowMs);
            Peer.SetAddress(PeerAddress, 24, 0, NowMs);
        }

        /// <summary>One millisecond: polls the device, then the peer.</summary>
        public void Step()
        {
            NowMs++;
            if (TimeDevice)
            {
                int framesIn = App.Stack.EthernetCounters.FramesIn;
                long start = Ticks.Now;
                App.Poll(NowMs);
                long spent = Ticks.Now - start;
                DevicePollTicks += spent;
                if (App.Stack.EthernetCounters.FramesIn != framesIn)
                {
                    DeviceBusyPollTicks += spent;
                }
            }
            else
            {
                App.Poll(NowMs);
            }
            Peer.Poll(NowMs);
        }

        /// <summary>Steps until <paramref name="done"/> holds (true) or <paramref name="maxMs"/> of virtual time pass (false).</summary>
        public bool RunUntil(Condition done, int maxMs)
        {
            long end = NowMs + maxMs;
            while (!done())
            {
                if (NowMs >= end)
                {
                    return false;
                }
                Step();
            }
            return true;
        }

        /// <summary>
        /// Connects from the peer to the device's <paramref name="port"/>, sends <paramref name="totalBytes"/> bytes of
        /// <paramref name="chunk"/>'s content, closes, and steps until the device has closed too (a discard or echo
        /// service). Returns the bytes the device acknowledged; -1 when the connection failed.
        /// </summary>
        public int Push(ushort port, int totalBytes, byte[] chunk, byte[] drain, int maxMs)
        {
            TcpConnection c = PeerTcp.Connect(DeviceAddress, port, NowMs);
            if (c == null)
            {
                return -1;
            }
            int sent = 0;
            bool shut = false;
            long end = NowMs + maxMs;
            while (NowMs < end && !(shut && c.IsReceiveClosed) && !(c.State == TcpState.Closed && c.BytesAvailable == 0))
            {
                if (sent < totalBytes)
                {
                    int n = totalBytes - sent < chunk.Length ? totalBytes - sent : chunk.Length;
                    sent += c.Send(chunk, 0, n);
                }
                else if (!shut)
                {
                    c.Shutdown();
                    shut = true;
                }
                while (c.Receive(drain, 0, drain.Length) > 0)
                {
                }
                Step();
            }
            int acknowledged = sent - c.SendQueueBytes;
            bool failed = c.Error != TcpError.None;
            c.Close();
            return failed ? -1 : acknowledged;
        }

        /// <summary>
        /// Connects from the peer to the device's <paramref name="port"/> and reads <paramref name="totalBytes"/> bytes
        /// (a chargen service), then aborts. Returns the bytes read; -1 when the connection failed.
        /// </summary>
        public int Pull(ushort port, int totalBytes, byte[] buffer, int maxMs)
        {
            TcpConnection c = PeerTcp.Connect(DeviceAddress, port, NowMs);
            if (c == null)
            {
                return -1;
            }
            int read = 0;
            long end = NowMs + maxMs;
            while (NowMs < end && read < totalBytes && c.State != TcpState.Closed)
            {
                int n;
                while (read < totalBytes && (n = c.Receive(buffer, 0, buffer.Length)) > 0)
                {
                    read += n;
                }
                Step();
            }
            c.Abort();
            return read;
        }

        /// <summary>Steps <paramref name="ms"/> milliseconds.</summary>
        public void Run(int ms)
        {
            for (int i = 0; i < ms; i++)
            {
                Step();
            }
        }
    }
}
