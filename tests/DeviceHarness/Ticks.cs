using System;

namespace Firmware.DeviceHarness
{
    /// <summary>Wall time for measurements, in 100 ns ticks (DateTime.UtcNow: what the interpreter offers without Runtime.Native).</summary>
    public static class Ticks
    {
        /// <summary>Now, in 100 ns ticks.</summary>
        public static long Now { get { return DateTime.UtcNow.Ticks; } }

        /// <summary>Ticks per operation as microseconds: "12.3", or "0.066" below 10 us.</summary>
        public static string Microseconds(long ticks, int count)
        {
            if (count <= 0)
            {
                return "-";
            }
            long nanoseconds = ticks * 100 / count;
            if (nanoseconds >= 10000)
            {
                long tenths = nanoseconds / 100;
                return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
            }
            string fraction = (nanoseconds % 1000).ToString();
            return (nanoseconds / 1000).ToString() + "." + "000".Substring(fraction.Length) + fraction;
        }
    }
}
