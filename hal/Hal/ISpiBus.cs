namespace Firmware.Hal
{
    /// <summary>
    /// The little an SPI Ethernet chip driver needs from an SPI bus: one full-duplex transaction,
    /// chip select asserted for its whole length.
    /// </summary>
    public interface ISpiBus
    {
        /// <summary>
        /// Clocks out <paramref name="length"/> bytes of <paramref name="writeBuffer"/> while clocking in the same
        /// number into <paramref name="readBuffer"/> (which may be null when the answer is not needed), with chip
        /// select held low from the first byte to the last. Both arrays must hold at least <paramref name="length"/> bytes.
        /// </summary>
        void TransferFullDuplex(byte[] writeBuffer, byte[] readBuffer, int length);
    }
}
