using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using Firmware.Esp32;

namespace Firmware.App
{
    /// <summary>The board's entry point: bring up the Ethernet chip the profile names, then run the device app forever.</summary>
    public static class Program
    {
        /// <summary>Change to BoardProfile.DevKitEnc28j60() for an ENC28J60 module.</summary>
        private static BoardProfile SelectProfile()
        {
            return BoardProfile.DevKitW5500();
        }

        // Frames arrive without a deadline the stack knows about, so never sleep longer than this between polls.
        private const int MaxSleepMs = 5;

        // A chip that does not answer is retried at this pace (a module plugged in late, a slow power rail).
        private const int InitRetryMs = 1000;

        /// <summary>Runs the device.</summary>
        public static void Main()
        {
            BoardProfile profile = SelectProfile();
            GpioController gpio = new GpioController();
            Esp32Board board = new Esp32Board(profile, gpio);
            while (!board.Initialize())
            {
                Debug.WriteLine("ethernet chip: " + board.InitFailure);
                Thread.Sleep(InitRetryMs);
            }

            GpioTable pins = new GpioTable(2);
            if (profile.LedPin >= 0)
            {
                pins.Add("led", Esp32GpioPin.OpenOutput(gpio, profile.LedPin, false), true);
            }
            if (profile.ButtonPin >= 0)
            {
                pins.Add("button", Esp32GpioPin.OpenInput(gpio, profile.ButtonPin), false);
            }
            DeviceApp app = new DeviceApp(new AppConfig(), board.Mac, new DeviceRandomSource(), pins);
            if (app.Mdns != null)
            {
                // mDNS's group, and all-systems for IGMP's queries: the chips drop multicast unless told.
                board.ReceiveMulticast(0xE00000FB);
                board.ReceiveMulticast(0xE0000001);
            }
            app.Start(Environment.TickCount64);
            Debug.WriteLine(app.Describe());
            int dhcpVersion = -1;
            while (true)
            {
                app.Poll(Environment.TickCount64);
                if (app.Dhcp != null && app.Dhcp.ConfigurationVersion != dhcpVersion)
                {
                    // The address the LAN gave (or the fallback): where to point a browser.
                    dhcpVersion = app.Dhcp.ConfigurationVersion;
                    Debug.WriteLine(app.Dhcp.Describe(Environment.TickCount64));
                }
                long sleepMs = app.NextDeadlineMs - Environment.TickCount64;
                if (sleepMs > MaxSleepMs)
                {
                    sleepMs = MaxSleepMs;
                }

                if (sleepMs > 0)
                {
                    Thread.Sleep((int)sleepMs);
                }
            }
        }
    }
}
