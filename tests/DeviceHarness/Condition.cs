namespace Firmware.DeviceHarness
{
    /// <summary>A condition a test bed runs until (nanoFramework has no Func&lt;bool&gt;).</summary>
    public delegate bool Condition();
}
