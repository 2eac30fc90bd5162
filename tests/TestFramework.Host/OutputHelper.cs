using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Test output. On the host it goes to the current test's output (captured by the runner).</summary>
    public static class OutputHelper
    {
        [ThreadStatic] private static System.Text.StringBuilder s_current;

        public static void WriteLine(string message)
        {
            if (s_current != null)
            {
                s_current.AppendLine(message);
            }
            else
            {
                Console.WriteLine(message);
            }
        }

        public static void Write(string message)
        {
            if (s_current != null)
            {
                s_current.Append(message);
            }
            else
            {
                Console.Write(message);
            }
        }

        internal static void Capture(System.Text.StringBuilder sink)
        {
            s_current = sink;
        }
    }
}
