namespace Firmware.Net.Wire
{
    /// <summary>
    /// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
    /// The one place the stack sums bytes; IPv4, ICMP, UDP and TCP all come here.
    /// </summary>
    public static class Checksum
    {
        /// <summary>
        /// Adds <paramref name="length"/> bytes at <paramref name="offset"/> to a running 32-bit sum, big-endian
        /// words, an odd last byte padded with zero (RFC 1071 §4.1). Fold and complement with <see cref="Finish"/>.
        /// </summary>
        public static uint Add(uint sum, byte[] buffer, int offset, int length)
        {
            int i = offset;
            int end = offset + (length & ~3);
            // Two words per iteration: the interpreter pays per IL instruction, so halve the loop overhead.
            while (i < end)
            {
                sum += (uint)((buffer[i] << 8) | buffer[i + 1]) + (uint)((buffer[i + 2] << 8) | buffer[i + 3]);
                i += 4;
            }
            if ((length & 2) != 0)
            {
                sum += (uint)((buffer[i] << 8) | buffer[i + 1]);
                i += 2;
            }
            if ((length & 1) != 0)
            {
                sum += (uint)(buffer[i] << 8);
            }
            // Fold now and then so a long buffer cannot overflow 32 bits.
            return (sum & 0xFFFF) + (sum >> 16);
        }

        /// <summary>
        /// Adds the IPv4 pseudo-header used by UDP and TCP (RFC 768, RFC 9293 §3.1): source, destination,
        /// zero, protocol, transport length.
        /// </summary>
        public static uint AddPseudoHeader(uint sum, uint source, uint destination, byte protocol, int transportLength)
        {
            sum += (source >> 16) + (source & 0xFFFF);
            sum += (destination >> 16) + (destination & 0xFFFF);
            sum += protocol;
            sum += (uint)transportLength;
            return sum;
        }

        /// <summary>Folds the carries into 16 bits and complements: the value to put in a header.</summary>
        public static ushort Finish(uint sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        /// <summary>The checksum of one buffer range, finished.</summary>
        public static ushort Compute(byte[] buffer, int offset, int length)
        {
            return Finish(Add(0, buffer, offset, length));
        }
    }
}
