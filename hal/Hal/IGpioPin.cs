namespace Firmware.Hal
{
    /// <summary>Called when a watched pin changes level; <c>isHigh</c> is the new level.</summary>
    public delegate void GpioEdgeHandler(bool isHigh);

    /// <summary>One GPIO line as a chip driver sees it: the interrupt line (input) or the reset line (output).</summary>
    public interface IGpioPin
    {
        /// <summary>Reads the current level (true = high).</summary>
        bool Read();

        /// <summary>Drives the pin (true = high). Only meaningful for an output.</summary>
        void Write(bool isHigh);

        /// <summary>Sets the handler called on every edge, or null to stop watching.</summary>
        void SetEdgeHandler(GpioEdgeHandler handler);
    }
}
