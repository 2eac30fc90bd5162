using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Receives what a test writes; a runner installs one to capture each test's output.</summary>
    public delegate void OutputWriter(string text);

    /// <summary>Test output: to the runner's <see cref="Writer"/> when one is installed, else to the console.</summary>
    public static class OutputHelper
    {
        /// <summary>Where output goes (the host runner captures per test; the interpreter runner leaves it null).</summary>
        public static OutputWriter Writer;

        public static void WriteLine(string message)
        {
            Write(message + "\n");
        }

        public static void Write(string message)
        {
            OutputWriter writer = Writer;
            if (writer != null)
            {
                writer(message);
            }
            else
            {
                Console.Write(message);
            }
        }
    }
}
