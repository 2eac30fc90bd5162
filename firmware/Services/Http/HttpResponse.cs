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
    /// One instance serves every slot, one handler at a time.
    /// </summary>
    public class HttpResponse
    {
        /// <summary>Room kept before the header fields for the status line, which is written last, right-aligned.</summary>
        private const int StatusLineReserve = 64;

        private const int BufferedMode = 0;
        private const int BytesMode = 1;
        private const int StreamMode = 2;
        private const int ModeMask = 3;
        private const int HeaderOverflowFlag = 4;
        private const int CloseFlag = 8;

        private static readonly byte[] Http11 = HttpAscii.Encode("HTTP/1.1 ");
        private static readonly byte[] ContentTypeName = HttpAscii.Encode("Content-Type");
        private static readonly byte[] ContentLengthName = HttpAscii.Encode("Content-Length");
        private static readonly byte[] ChunkedLine = HttpAscii.Encode("Transfer-Encoding: chunked\r\n");
        private static readonly byte[] CloseLine = HttpAscii.Encode("Connection: close\r\n");
        private static readonly byte[] KeepAliveLine = HttpAscii.Encode("Connection: keep-alive\r\n");
        private static readonly byte[] AllowName = HttpAscii.Encode("Allow");
        private static readonly byte[] DateName = HttpAscii.Encode("Date");

        private readonly byte[] _compose;
        private readonly int _headerLimit;
        private readonly JsonWriter _body;
        private int _slot;
        private int _status;
        private byte[] _contentType;
        private int _headerEnd;
        private int _flags;
        private byte[] _bytes;
        private int _bytesOffset;
        private int _bytesLength;
        private IHttpBodySource _source;
        private long _streamLength;
        private long _dateSeconds = -1;

        /// <summary>
        /// A response composed in <paramref name="compose"/>: [0, headerBytes) for the head, the rest for a buffered
        /// body, written through <paramref name="body"/> (attached there).
        /// </summary>
        internal HttpResponse(byte[] compose, int headerBytes, JsonWriter body)
        {
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

        /// <summary>True when the connection closes after this response.</summary>
        public bool ClosesConnection { get { return (_flags & CloseFlag) != 0; } }

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
            PutAscii(name);
            _compose[_headerEnd++] = (byte)':';
            _compose[_headerEnd++] = (byte)' ';
            PutAscii(value);
            PutCrLf();
            return true;
        }

        /// <summary>
        /// Sends <paramref name="data"/>[offset, offset+length) as the body, with Content-Length, straight from the
        /// array as the send ring frees room: the array must not change until the response is done (static content).
        /// </summary>
        public void SendBytes(byte[] data, int offset, int length)
        {
            SetMode(BytesMode);
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
            SetMode(StreamMode);
            _source = source;
            _streamLength = contentLength;
        }

        /// <summary>Closes the connection after this response (Connection: close).</summary>
        public void CloseConnection()
        {
            _flags |= CloseFlag;
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

        /// <summary>Starts a new response for <paramref name="slot"/> (the server calls this before the handler).</summary>
        internal void Begin(int slot, bool keepAlive)
        {
            _slot = slot;
            _status = HttpStatus.Ok;
            _contentType = null;
            _headerEnd = StatusLineReserve;
            _flags = keepAlive ? BufferedMode : BufferedMode | CloseFlag;
            _bytes = null;
            _source = null;
            _streamLength = -1;
            _body.Clear();
        }

        /// <summary>Drops what the handler built and makes the response a bare <paramref name="status"/>.</summary>
        internal void Fail(int status)
        {
            IHttpBodySource source = _source;
            Begin(_slot, !ClosesConnection);
            _status = status;
            if (source != null)
            {
                source.Finish(_slot, false);
            }
        }

        /// <summary>The time the server's clock gives for this response (Unix seconds), -1 without a clock: then no Date.</summary>
        internal void SetDate(long unixSeconds)
        {
            _dateSeconds = unixSeconds;
        }

        /// <summary>
        /// Writes the head (and a buffered body) into <paramref name="connection"/>'s send ring, which has room for
        /// the whole response buffer, and hands a longer body to <paramref name="sender"/>. True when it has one.
        /// </summary>
        internal bool Commit(TcpConnection connection, bool head, int versionMinor, HttpCounters counters, HttpBodySender sender)
        {
            int mode = _flags & ModeMask;
            if (_body.Overflowed || (_flags & HeaderOverflowFlag) != 0 || (mode == StreamMode && _source == null) || (mode == BytesMode && _bytes == null))
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
            mode = _flags & ModeMask;
            if (head || HttpStatus.IsBodiless(_status))
            {
                if (mode == StreamMode)
                {
                    _source.Finish(_slot, true);
                    counters.StreamsCompleted++;
                }
                return false;
            }
            if (mode == BufferedMode)
            {
                counters.BytesSent += connection.Send(_compose, _headerLimit, _body.Length);
                return false;
            }
            if (mode == BytesMode)
            {
                sender.StartBytes(_bytes, _bytesOffset, _bytesLength);
            }
            else
            {
                sender.StartStream(_source, _streamLength, _streamLength < 0 && versionMinor >= 1);
            }
            return true;
        }

        private void SetMode(int mode)
        {
            _flags = (_flags & ~ModeMask) | mode;
        }

        /// <summary>Finishes the head in the compose buffer; returns where it starts, -1 when it does not fit.</summary>
        private int ComposeHead(int versionMinor)
        {
            bool bodiless = HttpStatus.IsBodiless(_status);
            int mode = _flags & ModeMask;
            if (!bodiless && _status >= 400 && mode == BufferedMode && _body.Length == 0)
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
                if (mode != StreamMode || _streamLength >= 0)
                {
                    long length = mode == BufferedMode ? _body.Length : mode == BytesMode ? _bytesLength : _streamLength;
                    if (!AddHeader(ContentLengthName, length))
                    {
                        return -1;
                    }
                }
                else if (versionMinor >= 1)
                {
                    if (!PutLine(ChunkedLine))
                    {
                        return -1;
                    }
                }
                else
                {
                    // HTTP/1.0 has no chunked coding: the close ends the body (RFC 9112 §6.3).
                    _flags |= CloseFlag;
                }
            }
            if (_dateSeconds >= 0)
            {
                // RFC 9110 §6.6.1: an origin server with a clock sends Date.
                if (!ReserveHeader(DateName.Length + 2 + HttpDate.Length + 2))
                {
                    return -1;
                }
                PutHeaderName(DateName);
                _headerEnd += HttpDate.Write(_compose, _headerEnd, _dateSeconds);
                PutCrLf();
            }
            if ((_flags & CloseFlag) != 0)
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
                _flags |= HeaderOverflowFlag;
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
