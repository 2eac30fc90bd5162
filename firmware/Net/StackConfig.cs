namespace Firmware.Net
{
    /// <summary>
    /// Every tunable of the stack with its unit and default, in one place (lwIP's opt.h, as a class).
    /// The stack allocates from these once, in its constructor, and never again.
    /// </summary>
    public class StackConfig
    {
        /// <summary>IP MTU in bytes (Ethernet: 1500).</summary>
        public int MtuBytes = 1500;
    }
}
