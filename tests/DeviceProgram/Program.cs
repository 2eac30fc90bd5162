using System;

namespace Firmware.DeviceProgram
{
    /// <summary>
    /// Entry point on both runtimes. Everything between the begin and end markers is compared line by line between
    /// .NET and nanoCLR; the last line is the verdict (nanoCLR exits 0 even when managed code throws).
    /// </summary>
    public static class Program
    {
        /// <summary>First line of the compared output.</summary>
        public const string BeginMarker = "=== device program begin";

        /// <summary>Last line of the compared output, before the verdict.</summary>
        public const string EndMarker = "=== device program end";

        public static void Main()
        {
            Console.WriteLine(BeginMarker);
            bool passed;
            try
            {
                passed = new EndToEnd(1).Run();
            }
            catch (Exception e)
            {
                Console.WriteLine("exception: " + e.GetType().FullName + ": " + e.Message);
                passed = false;
            }
            Console.WriteLine(EndMarker);
            Console.WriteLine(passed ? "RESULT=PASS" : "RESULT=FAIL");
        }
    }
}
