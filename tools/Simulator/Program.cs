using System;
using Firmware.App;

namespace Firmware.Simulator
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            var config = new AppConfig();
            Console.WriteLine("simulator: device app configuration");
            Console.WriteLine("  address  " + FormatIp(config.Address) + "/" + config.PrefixLength);
            Console.WriteLine("  mtu      " + config.Stack.MtuBytes);
            return 0;
        }

        private static string FormatIp(uint a)
        {
            return (a >> 24) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
        }
    }
}
