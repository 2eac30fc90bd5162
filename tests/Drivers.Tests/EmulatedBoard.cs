using System;
using Firmware.ChipEmulators;
using Firmware.Drivers.Enc28j60;
using Firmware.Drivers.W5500;
using Firmware.Hal;
using Firmware.HostNet;

namespace Firmware.Drivers.Tests
{
    /// <summary>
    /// A board on a virtual switch: the chip driver over an emulated chip whose cable is bridged to a switch port,
    /// and a peer station on a plain port of the same switch. Time is virtual.
    /// </summary>
    internal sealed class EmulatedBoard
    {
        public const uint DeviceAddress = 0x0A000002;
        public const uint PeerAddress = 0x0A000001;

        private readonly byte[] _pump = new byte[1600];
        private readonly VirtualSwitchPort _cablePort;
        private readonly IEthernetMac _cable;

        public EmulatedBoard(string chip)
        {
            Switch = new VirtualSwitch();
            PeerPort = Switch.CreatePort(TestFrames.PeerMac);

            // The port the chip's cable plugs into hears everything, so the chip's own MAC filter does the filtering.
            _cablePort = Switch.CreatePort(TestFrames.DeviceMac);
            _cablePort.Promiscuous = true;
            if (chip == "W5500")
            {
                W5500 = new W5500Emulator();
                var mac = new W5500Mac(W5500, W5500.InterruptPin, W5500.ResetPin, TestFrames.DeviceMac);
                Initialized = mac.Initialize();
                Mac = mac;
                Counters = mac.Counters;
                _cable = W5500.NetworkSide;
            }
            else
            {
                Enc28j60 = new Enc28j60Emulator();
                var mac = new Enc28j60Mac(Enc28j60, Enc28j60.InterruptPin, Enc28j60.ResetPin, TestFrames.DeviceMac);
                Initialized = mac.Initialize();
                Mac = mac;
                Counters = mac.Counters;
                _cable = Enc28j60.NetworkSide;
            }
        }

        public bool Initialized { get; }

        public VirtualSwitch Switch { get; }

        public VirtualSwitchPort PeerPort { get; }

        public IEthernetMac Mac { get; }

        public MacDriverCounters Counters { get; }

        public W5500Emulator W5500 { get; }

        public Enc28j60Emulator Enc28j60 { get; }

        public long NowMs { get; private set; }

        /// <summary>Moves frames across the cable in both directions until nothing is left to move.</summary>
        public void PumpCable()
        {
            bool moved = true;
            while (moved)
            {
                moved = false;
                int n;
                while ((n = _cablePort.TryReceive(_pump, 0, _pump.Length)) > 0)
                {
                    _cable.TrySend(_pump, 0, n);
                    moved = true;
                }

                while ((n = _cable.TryReceive(_pump, 0, _pump.Length)) > 0)
                {
                    _cablePort.TrySend(_pump, 0, n);
                    moved = true;
                }
            }
        }

        /// <summary>Advances virtual time in 1 ms steps, polling both sides and pumping the cable in between.</summary>
        public void Run(Action<long> pollDevice, Action<long> pollPeer, int steps = 50)
        {
            for (int i = 0; i < steps; i++)
            {
                NowMs++;
                pollDevice(NowMs);
                PumpCable();
                pollPeer(NowMs);
                PumpCable();
            }
        }
    }
}
