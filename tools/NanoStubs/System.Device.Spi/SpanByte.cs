namespace System
{
    /// <summary>
    /// Stub of nanoFramework's System.SpanByte (mscorlib 1.17; the host has no such type): a view over a byte array.
    /// It lives in the System.Device.Spi stub because SpiDevice's signatures are the only place we need it.
    /// </summary>
    public readonly ref struct SpanByte
    {
        private readonly byte[] _array;
        private readonly int _start;
        private readonly int _length;

        public SpanByte(byte[] array)
        {
            _array = array;
            _start = 0;
            _length = array == null ? 0 : array.Length;
        }

        public SpanByte(byte[] array, int start, int length)
        {
            _array = array;
            _start = start;
            _length = length;
        }

        public int Length => _length;

        public bool IsEmpty => _length == 0;
    }
}
