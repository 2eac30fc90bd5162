using System;

namespace Firmware.Services.Http
{
    /// <summary>
    /// A JSON body larger than the response buffer, streamed piece by piece: the subclass writes piece <c>n</c> into a
    /// scratch writer (raw text with <see cref="ByteWriter.WriteAscii"/>, whole values with the JSON calls), and each
    /// piece goes into the send ring whole once the ring has room for it. A piece is rendered when it is sent, so each
    /// is consistent in itself; pieces never split a value. Per-slot state: the next piece.
    /// </summary>
    public abstract class JsonStreamSource : IHttpBodySource
    {
        private readonly JsonWriter _scratch;
        private readonly int[] _next;

        /// <summary>For a server of <paramref name="slots"/> slots; no piece may exceed <paramref name="pieceBytes"/>.</summary>
        protected JsonStreamSource(int slots, int pieceBytes)
        {
            if (slots <= 0 || pieceBytes < 16)
            {
                throw new ArgumentException("json stream");
            }
            _scratch = new JsonWriter(new byte[pieceBytes]);
            _next = new int[slots];
        }

        /// <summary>Pieces cut short because they did not fit the scratch buffer (the body ends there: a programming error).</summary>
        public int Overflows;

        /// <summary>Sends the document as the body of <paramref name="response"/> (chunked; a HEAD gets the header only).</summary>
        public void Begin(HttpResponse response)
        {
            _next[response.Slot] = 0;
            response.SetContentType(HttpMediaType.Json);
            response.Stream(this);
        }

        /// <summary>Writes piece <paramref name="index"/> of the document for <paramref name="slot"/>; false when the document has no such piece (it is complete).</summary>
        protected abstract bool WritePiece(int slot, int index, JsonWriter json);

        /// <inheritdoc />
        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            // An empty piece (e.g. a table row that is not in use) is skipped.
            while (true)
            {
                _scratch.Clear();
                if (!WritePiece(slot, _next[slot], _scratch))
                {
                    return -1;
                }
                if (_scratch.Overflowed)
                {
                    Overflows++;
                    return -1;
                }
                int length = _scratch.Length;
                if (length > count)
                {
                    return 0;
                }
                _next[slot]++;
                if (length > 0)
                {
                    Array.Copy(_scratch.Buffer, _scratch.Offset, buffer, offset, length);
                    return length;
                }
            }
        }

        /// <inheritdoc />
        public void Finish(int slot, bool completed)
        {
        }
    }
}
