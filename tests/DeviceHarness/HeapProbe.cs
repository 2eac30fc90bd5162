using System;
using System.Reflection;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// Free managed heap as nanoFramework reports it: <c>nanoFramework.Runtime.Native.GC.Run(false)</c> (a collection
    /// without compaction, then the free bytes). Found by reflection, so these programs compile against mscorlib alone;
    /// on .NET, or on an interpreter run without that assembly, <see cref="IsAvailable"/> is false.
    /// </summary>
    public static class HeapProbe
    {
        private static readonly MethodInfo s_run = Find();
        private static readonly object[] s_noCompaction = new object[] { false };

        /// <summary>True when the free-heap figure is real (nanoCLR with nanoFramework.Runtime.Native loaded).</summary>
        public static bool IsAvailable { get { return (object)s_run != null; } }

        /// <summary>Free heap bytes after a collection; -1 when unavailable.</summary>
        public static long FreeBytes()
        {
            if ((object)s_run == null)
            {
                return -1;
            }
            // Never GC.Run(true): compaction crashes the 64-bit POSIX nanoCLR.
            object free = s_run.Invoke(null, s_noCompaction);
            return free is uint ? (long)(uint)free : free is int ? (int)free : free is long ? (long)free : -1;
        }

        private static MethodInfo Find()
        {
            try
            {
                Assembly native = Assembly.Load("nanoFramework.Runtime.Native");
                if ((object)native == null)
                {
                    return null;
                }
                Type gc = native.GetType("nanoFramework.Runtime.Native.GC");
                return (object)gc == null ? null : gc.GetMethod("Run", BindingFlags.Public | BindingFlags.Static);
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
