using System;

namespace Firmware.Services.Http
{
    /// <summary>
    /// A JSON body larger than the response buffer, streamed piece by piece: the subclass writes piece <c>n</c> with a
    /// writer (raw text with <see cref="ByteWriter.WriteAscii"/>, whole values with the JSON calls) straight into the
    /// server's response buffer, and each piece goes into the send ring whole once the ring has room for it (a piece
    /// that does not fit the room yet is written again later: no scratch copy). A piece is rendered when it is sent, so
    /// each is consistent in itself; pieces never split a value. Per-slot state: the next piece.
    /// </summary>
    public abstract class JsonStreamSource : IHttpBodySource
    {
        private readonly JsonWriter _writer;
        private readonly int[] _next;
        private readonly int _pieceBytes;

        /// <summary>For a server of <paramref name="slots"/> slots; no piece may exceed <paramref name="pieceBytes"/>.</summary>
        protected JsonStreamSource(int slots, int pieceBytes) : this(slots, pieceBytes, null)
        {
        }

        /// <summary>
        /// As above, writing pieces with <paramref name="writer"/> (null: its own), which other sources of the same server may
        /// share: a piece is written and handed over within one <see cref="Read"/>, and nothing stays in the writer.
        /// </summary>
        protected JsonStreamSource(int slots, int pieceBytes, JsonWriter writer)
        {
            if (slots <= 0 || pieceBytes < 16)
            {
                throw new ArgumentException("json stream");
            }
            _pieceBytes = pieceBytes;
            _writer = writer ?? new JsonWriter();
            _next = new int[slots];
        }

        /// <summary>Pieces larger than the largest piece the source declared (the body ends there: a programming error).</summary>
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
            int room = count < _pieceBytes ? count : _pieceBytes;
            while (true)
            {
                _writer.Attach(buffer, offset, room);
                bool more = WritePiece(slot, _next[slot], _writer);
                // A piece that ran out of room may also have returned false (its last call failed): room first.
                if (_writer.Overflowed)
                {
                    if (room < _pieceBytes)
                    {
                        // Not room for the whole piece yet: it is written again when the ring has more.
                        return 0;
                    }
                    Overflows++;
                    return -1;
                }
                if (!more)
                {
                    return -1;
                }
                _next[slot]++;
                if (_writer.Length > 0)
                {
                    return _writer.Length;
                }
            }
        }

        /// <inheritdoc />
        public void Finish(int slot, bool completed)
        {
        }
    }
}
