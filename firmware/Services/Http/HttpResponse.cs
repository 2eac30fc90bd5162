using Firmware.Net.Transport;

namespace Firmware.Services.Http
{
    /// <summary>
    /// The response a handler fills: a status (200 unless set), header fields, and one of three bodies —
    /// buffered (<see cref="Body"/> / <see cref="Json"/>: up to the response buffer, sent with Content-Length),
    /// a byte array that outlives the request (<see cref="SendBytes"/>: static content, any size, Content-Length),
    /// or a stream (<see cref="Stream(IHttpBodySource)"/>: pulled as the send ring frees room; chunked for HTTP/1.1,
    /// delimited by the close for HTTP/1.0, or Content-Length when the length is known). The server writes it
    /// straight into the connection's TCP send ring: the head and a buffered body at once, the rest as room frees.
    /// One per slot, reused.
    /// </summary>
    public class HttpResponse
    {
        /// <summary>Room kept before the header fields for the status line, which is written last, right-aligned.</summary>
        private const int StatusLineReserve = 64;

        private const int BufferedMode = 0;
        private const int BytesMode = 1;
        private const int StreamMode = 2;

        // Chunk framing around streamed data: "XXX\r\n" before (right-aligned in 6 bytes), "\r\n" after (RFC 9112 §7.1).
        private const int ChunkHeadRoom = 6;
        private const int ChunkOverhead = ChunkHeadRoom + 2;

        private static readonly byte[] Http11 = HttpAscii.Encode("HTTP/1.1 ");
        private static readonly byte[] ContentTypeName = HttpAscii.Encode("Content-Type");
        private static readonly byte[] ContentLengthName = HttpAscii.Encode("Content-Length");
        private static readonly byte[] ChunkedLine = HttpAscii.Encode("Transfer-Encoding: chunked\r\n");
        private static readonly byte[] CloseLine = HttpAscii.Encode("Connection: close\r\n");
        private static readonly byte[] KeepAliveLine = HttpAscii.Encode("Connection: keep-alive\r\n");
        private static readonly byte[] AllowName = HttpAscii.Encode("Allow");
        private static readonly byte[] LastChunk = HttpAscii.Encode("0\r\n\r\n");

        private readonly int _slot;
        private readonly byte[] _compose;
        private readonly int _headerLimit;
        private readonly JsonWriter _body;

        private int _status;
        private byte[] _contentType;
        private int _headerEnd;
        private bool _headerOverflow;
        private bool _close;
        private int _mode;
        private byte[] _bytes;
        private int _bytesOffset;
        private int _bytesLength;
        private IHttpBodySource _source;
        private long _streamLength;

        // While the body goes out over several polls.
        private bool _sending;
        private bool _broken;
        private bool _chunked;
        private long _position;
        private long _remaining;

        /// <summary>
        /// A response for <paramref name="slot"/> that composes in <paramref name="compose"/> (shared by every slot:
        /// [0, headerBytes) for the head, the rest for a buffered body, written through <paramref name="body"/>).
        /// </summary>
        public HttpResponse(int slot, byte[] compose, int headerBytes, JsonWriter body)
        {
            _slot = slot;
            _compose = compose;
            _headerLimit = headerBytes;
            _body = body;
        }

        /// <summary>The connection slot (0 .. slots-1): index a stream source's per-slot state with it.</summary>
        public int Slot { get { return _slot; } }

        /// <summary>The status code; 200 unless set. An error status with no body gets its reason phrase as text.</summary>
        public int Status
        {
            get { return _status; }
            set { _status = value; }
        }

        /// <summary>True while a byte-array or streamed body is still going out.</summary>
        public bool IsSending { get { return _sending; } }

        /// <summary>True when a streamed body ended short of its Content-Length: the connection must be aborted.</summary>
        internal bool IsBroken { get { return _broken; } }

        /// <summary>True when the connection closes after this response.</summary>
        public bool ClosesConnection { get { return _close; } }

        /// <summary>The buffered body: write text or bytes (a <see cref="JsonWriter"/>, also usable as a plain <see cref="ByteWriter"/>).</summary>
        public ByteWriter Body { get { return _body; } }

        /// <summary>Sets Content-Type (pre-encoded, e.g. <see cref="HttpMediaType.Json"/>; the array must outlive the response).</summary>
        public void SetContentType(byte[] mediaType)
        {
            _contentType = mediaType;
        }

        /// <summary>Content-Type application/json, and the buffered body's JSON writer.</summary>
        public JsonWriter Json()
        {
            _contentType = HttpMediaType.Json;
            return _body;
        }

        /// <summary>Adds a header field line (name and value as bytes); false when the head is full (the response becomes a 500).</summary>
        public bool AddHeader(byte[] name, byte[] value)
        {
            return AddHeader(name, value, 0, value.Length);
        }

        /// <summary>Adds a header field whose value is <paramref name="value"/>[offset, offset+count).</summary>
        public bool AddHeader(byte[] name, byte[] value, int offset, int count)
        {
            if (!ReserveHeader(name.Length + 2 + count + 2))
            {
                return false;
            }
            PutHeaderName(name);
            System.Array.Copy(value, offset, _compose, _headerEnd, count);
            _headerEnd += count;
            PutCrLf();
            return true;
        }

        /// <summary>Adds a header field with a decimal value.</summary>
        public bool AddHeader(byte[] name, long value)
        {
            if (!ReserveHeader(name.Length + 2 + HttpAscii.DecimalLength(value) + 2))
            {
                return false;
            }
            PutHeaderName(name);
            _headerEnd += HttpAscii.WriteDecimal(_compose, _headerEnd, value);
            PutCrLf();
            return true;
        }

        /// <summary>Adds a header field given as ASCII strings (allocation-free; byte[] names are cheaper on the device).</summary>
        public bool AddHeader(string name, string value)
        {
            if (!ReserveHeader(name.Length + 2 + value.Length + 2))
            {
                return false;
            }
            for (int i = 0; i < name.Length; i++) { _compose[_headerEnd++] = (byte)name[i]; }
            _compose[_headerEnd++] = (byte)':';
            _compose[_headerEnd++] = (byte)' ';
            for (int i = 0; i < value.Length; i++) { _compose[_headerEnd++] = (byte)value[i]; }
            PutCrLf();
            return true;
        }

        /// <summary>
        /// Sends <paramref name="data"/>[offset, offset+length) as the body, with Content-Length, straight from the
        /// array as the send ring frees room: the array must not change until the response is done (static content).
        /// </summary>
        public void SendBytes(byte[] data, int offset, int length)
        {
            _mode = BytesMode;
            _bytes = data;
            _bytesOffset = offset;
            _bytesLength = length;
        }

        /// <summary>Streams the body from <paramref name="source"/>, length unknown: chunked (HTTP/1.1) or until the close (HTTP/1.0).</summary>
        public void Stream(IHttpBodySource source)
        {
            Stream(source, -1);
        }

        /// <summary>Streams exactly <paramref name="contentLength"/> bytes from <paramref name="source"/>, with Content-Length.</summary>
        public void Stream(IHttpBodySource source, long contentLength)
        {
            _mode = StreamMode;
            _source = source;
            _streamLength = contentLength;
        }

        /// <summary>Closes the connection after this response (Connection: close).</summary>
        public void CloseConnection()
        {
            _close = true;
        }

        /// <summary>Adds Allow listing the methods in <paramref name="allowMask"/> (see <see cref="HttpRouter"/>), plus HEAD with GET and OPTIONS.</summary>
        public bool AddAllow(int allowMask)
        {
            if (!ReserveHeader(AllowName.Length + 2 + 40))
            {
                return false;
            }
            PutHeaderName(AllowName);
            if ((allowMask & HttpRouter.AllowGet) != 0) { PutAscii("GET, HEAD, "); }
            if ((allowMask & HttpRouter.AllowPost) != 0) { PutAscii("POST, "); }
            if ((allowMask & HttpRouter.AllowPut) != 0) { PutAscii("PUT, "); }
            if ((allowMask & HttpRouter.AllowDelete) != 0) { PutAscii("DELETE, "); }
            PutAscii("OPTIONS");
            PutCrLf();
            return true;
        }

        // ------------------------------------------------------------------ the server's side

        /// <summary>Starts a new response (the server calls this before the handler).</summary>
        internal void Begin(bool keepAlive)
        {
            _status = HttpStatus.Ok;
            _contentType = null;
            _headerEnd = StatusLineReserve;
            _headerOverflow = false;
            _close = !keepAlive;
            _mode = BufferedMode;
            _bytes = null;
            _source = null;
            _streamLength = -1;
            _sending = false;
            _broken = false;
            _chunked = false;
            _body.Clear();
        }

        /// <summary>Drops what the handler built and makes the response a bare <paramref name="status"/>.</summary>
        internal void Fail(int status)
        {
            IHttpBodySource source = _source;
            bool close = _close;
            Begin(!close);
            _status = status;
            if (source != null)
            {
                source.Finish(_slot, false);
            }
        }

        /// <summary>
        /// Writes the head (and a buffered body) into <paramref name="connection"/>'s send ring, which has room for
        /// the whole response buffer. True when a body remains to go out (<see cref="Continue"/>).
        /// </summary>
        internal bool Commit(TcpConnection connection, bool head, int versionMinor, HttpCounters counters)
        {
            if (_body.Overflowed || _headerOverflow || (_mode == StreamMode && _source == null) || (_mode == BytesMode && _bytes == null))
            {
                Fail(HttpStatus.InternalServerError);
            }
            int start = ComposeHead(versionMinor);
            if (start < 0)
            {
                Fail(HttpStatus.InternalServerError);
                start = ComposeHead(versionMinor);
            }
            counters.CountResponse(_status);
            counters.BytesSent += connection.Send(_compose, start, _headerEnd - start);
            bool bodiless = HttpStatus.IsBodiless(_status);
            if (head || bodiless)
            {
                if (_mode == StreamMode)
                {
                    _source.Finish(_slot, true);
                    counters.StreamsCompleted++;
                }
                return false;
            }
            if (_mode == BufferedMode)
            {
                counters.BytesSent += connection.Send(_compose, _headerLimit, _body.Length);
                return false;
            }
            _sending = true;
            _position = 0;
            _remaining = _mode == BytesMode ? _bytesLength : _streamLength;
            return true;
        }

        /// <summary>Moves more of the body into the send ring. Returns the bytes queued; <see cref="IsSending"/> turns false at the end.</summary>
        internal int Continue(TcpConnection connection, HttpCounters counters)
        {
            if (!_sending)
            {
                return 0;
            }
            int queued = 0;
            if (_mode == BytesMode)
            {
                queued = connection.Send(_bytes, _bytesOffset + (int)_position, (int)_remaining);
                _position += queued;
                _remaining -= queued;
                if (_remaining == 0)
                {
                    _sending = false;
                }
            }
            else
            {
                queued = _chunked ? ContinueChunked(connection, counters) : ContinuePlain(connection, counters);
            }
            counters.BytesSent += queued;
            return queued;
        }

        /// <summary>The connection is gone while the body was going out.</summary>
        internal void Abandon(HttpCounters counters)
        {
            if (_sending && _mode == StreamMode)
            {
                _source.Finish(_slot, false);
                counters.StreamsAborted++;
            }
            _sending = false;
            _source = null;
            _bytes = null;
        }

        private int ContinueChunked(TcpConnection connection, HttpCounters counters)
        {
            int queued = 0;
            while (_sending)
            {
                int room = connection.SendSpace;
                int count = room - ChunkOverhead;
                int limit = _compose.Length - ChunkOverhead;
                if (count > limit) { count = limit; }
                if (count < 1)
                {
                    break;
                }
                int n = _source.Read(_slot, _position, _compose, ChunkHeadRoom, count);
                if (n == 0)
                {
                    break;
                }
                if (n < 0)
                {
                    // room > ChunkOverhead here, so the last chunk fits.
                    queued += connection.Send(LastChunk, 0, LastChunk.Length);
                    EndStream(counters);
                    break;
                }
                if (n > count) { n = count; }
                int digits = HttpAscii.HexLength(n);
                int start = ChunkHeadRoom - digits - 2;
                HttpAscii.WriteHex(_compose, start, n);
                _compose[ChunkHeadRoom - 2] = HttpAscii.Cr;
                _compose[ChunkHeadRoom - 1] = HttpAscii.Lf;
                _compose[ChunkHeadRoom + n] = HttpAscii.Cr;
                _compose[ChunkHeadRoom + n + 1] = HttpAscii.Lf;
                queued += connection.Send(_compose, start, ChunkHeadRoom + n + 2 - start);
                _position += n;
            }
            return queued;
        }

        private int ContinuePlain(TcpConnection connection, HttpCounters counters)
        {
            int queued = 0;
            while (_sending)
            {
                int count = connection.SendSpace;
                if (count > _compose.Length) { count = _compose.Length; }
                if (_remaining >= 0 && count > _remaining) { count = (int)_remaining; }
                if (_remaining == 0)
                {
                    EndStream(counters);
                    break;
                }
                if (count < 1)
                {
                    break;
                }
                int n = _source.Read(_slot, _position, _compose, 0, count);
                if (n == 0)
                {
                    break;
                }
                if (n < 0)
                {
                    if (_remaining > 0)
                    {
                        // The source ended before the length it announced: the framing is broken, so the connection must go.
                        Abandon(counters);
                        _broken = true;
                        break;
                    }
                    EndStream(counters);
                    break;
                }
                if (n > count) { n = count; }
                queued += connection.Send(_compose, 0, n);
                _position += n;
                if (_remaining > 0)
                {
                    _remaining -= n;
                }
            }
            return queued;
        }

        private void EndStream(HttpCounters counters)
        {
            _source.Finish(_slot, true);
            counters.StreamsCompleted++;
            _sending = false;
            _source = null;
        }

        /// <summary>Finishes the head in the compose buffer; returns where it starts, -1 when it does not fit.</summary>
        private int ComposeHead(int versionMinor)
        {
            bool bodiless = HttpStatus.IsBodiless(_status);
            if (!bodiless && _status >= 400 && _mode == BufferedMode && _body.Length == 0)
            {
                // An error without a body says what it is.
                int phraseOffset;
                int phraseLength;
                HttpStatus.TryGetReasonPhrase(_status, out phraseOffset, out phraseLength);
                _body.Write(HttpStatus.PhraseBytes, phraseOffset, phraseLength);
                _body.WriteByte(HttpAscii.Lf);
                _contentType = HttpMediaType.Text;
            }
            if (!bodiless)
            {
                if (_contentType != null && !AddHeader(ContentTypeName, _contentType))
                {
                    return -1;
                }
                if (_mode == BufferedMode || _mode == BytesMode || _streamLength >= 0)
                {
                    long length = _mode == BufferedMode ? _body.Length : _mode == BytesMode ? _bytesLength : _streamLength;
                    if (!AddHeader(ContentLengthName, length))
                    {
                        return -1;
                    }
                }
                else if (versionMinor >= 1)
                {
                    _chunked = true;
                    if (!PutLine(ChunkedLine))
                    {
                        return -1;
                    }
                }
                else
                {
                    // HTTP/1.0 has no chunked coding: the close ends the body (RFC 9112 §6.3).
                    _close = true;
                }
            }
            if (_close)
            {
                if (!PutLine(CloseLine))
                {
                    return -1;
                }
            }
            else if (versionMinor == 0 && !PutLine(KeepAliveLine))
            {
                return -1;
            }
            if (!ReserveHeader(2))
            {
                return -1;
            }
            PutCrLf();
            // The status line, right-aligned against the fields: "HTTP/1.1 200 OK\r\n".
            int phraseAt;
            int phraseBytes;
            HttpStatus.TryGetReasonPhrase(_status, out phraseAt, out phraseBytes);
            int status = _status < 100 || _status > 999 ? 500 : _status;
            int start = StatusLineReserve - (Http11.Length + 4 + phraseBytes + 2);
            int at = start;
            System.Array.Copy(Http11, 0, _compose, at, Http11.Length);
            at += Http11.Length;
            at += HttpAscii.WriteDecimal(_compose, at, status);
            _compose[at++] = (byte)' ';
            System.Array.Copy(HttpStatus.PhraseBytes, phraseAt, _compose, at, phraseBytes);
            at += phraseBytes;
            _compose[at++] = HttpAscii.Cr;
            _compose[at] = HttpAscii.Lf;
            return start;
        }

        private bool ReserveHeader(int bytes)
        {
            if (_headerEnd + bytes > _headerLimit)
            {
                _headerOverflow = true;
                return false;
            }
            return true;
        }

        private bool PutLine(byte[] line)
        {
            if (!ReserveHeader(line.Length))
            {
                return false;
            }
            System.Array.Copy(line, 0, _compose, _headerEnd, line.Length);
            _headerEnd += line.Length;
            return true;
        }

        private void PutHeaderName(byte[] name)
        {
            System.Array.Copy(name, 0, _compose, _headerEnd, name.Length);
            _headerEnd += name.Length;
            _compose[_headerEnd++] = (byte)':';
            _compose[_headerEnd++] = (byte)' ';
        }

        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                _compose[_headerEnd++] = (byte)text[i];
            }
        }

        private void PutCrLf()
        {
            _compose[_headerEnd++] = HttpAscii.Cr;
            _compose[_headerEnd++] = HttpAscii.Lf;
        }
    }
}
