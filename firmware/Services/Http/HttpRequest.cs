namespace Firmware.Services.Http
{
    /// <summary>
    /// One parsed request, a view over its connection slot's request buffer: method, version, the percent-decoded
    /// path, the raw query, the header section, the body, and the route's wildcard segment. Nothing here is a
    /// string: read fields by name into your own buffer, or compare them in place. Valid while the handler runs;
    /// the slot reuses the buffer for the next request.
    /// </summary>
    public class HttpRequest
    {
        private static readonly byte[] IfNoneMatchName = HttpAscii.Encode("if-none-match");

        internal byte[] _buffer;
        internal HttpMethod _method;
        internal int _versionMinor;
        internal int _pathOffset;
        internal int _pathLength;
        internal int _queryOffset;
        internal int _queryLength;
        internal int _headersOffset;
        internal int _headersEnd;
        internal int _bodyOffset;
        internal int _bodyLength;
        internal long _contentLength;
        internal bool _chunked;
        internal bool _keepAlive;
        internal bool _expectContinue;
        internal bool _acceptsGzip;
        internal bool _hasIfNoneMatch;
        internal int _wildcardOffset;
        internal int _wildcardLength;
        internal uint _remoteAddress;
        internal int _remotePort;
        internal int _slot;

        /// <summary>A request view over <paramref name="buffer"/> (the server makes one per slot; tests make their own).</summary>
        public HttpRequest(byte[] buffer)
        {
            _buffer = buffer;
            Reset();
        }

        /// <summary>The slot's buffer every offset here points into (read-only by convention).</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>The method.</summary>
        public HttpMethod Method { get { return _method; } }

        /// <summary>True for HEAD: the response's content is not sent (headers are).</summary>
        public bool IsHead { get { return _method == HttpMethod.Head; } }

        /// <summary>The minor version: 1 for HTTP/1.1 (and later 1.x), 0 for HTTP/1.0.</summary>
        public int VersionMinor { get { return _versionMinor; } }

        /// <summary>Start of the percent-decoded path (always begins with '/').</summary>
        public int PathOffset { get { return _pathOffset; } }

        /// <summary>Bytes of the decoded path.</summary>
        public int PathLength { get { return _pathLength; } }

        /// <summary>Start of the raw query (after '?'; not decoded).</summary>
        public int QueryOffset { get { return _queryOffset; } }

        /// <summary>Bytes of the raw query; 0 when there is none.</summary>
        public int QueryLength { get { return _queryLength; } }

        /// <summary>Start of the body.</summary>
        public int BodyOffset { get { return _bodyOffset; } }

        /// <summary>Bytes of the body (after chunked decoding).</summary>
        public int BodyLength { get { return _bodyLength; } }

        /// <summary>Start of the route's wildcard segment ("/api/gpio/*" matched by "/api/gpio/5": the "5").</summary>
        public int WildcardOffset { get { return _wildcardOffset; } }

        /// <summary>Bytes of the wildcard segment; -1 when the route has none.</summary>
        public int WildcardLength { get { return _wildcardLength; } }

        /// <summary>True when the connection stays open after this response (HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").</summary>
        public bool KeepAlive { get { return _keepAlive; } }

        /// <summary>True when the client accepts gzip content coding (RFC 9110 §12.5.3; no Accept-Encoding means any coding).</summary>
        public bool AcceptsGzip { get { return _acceptsGzip; } }

        /// <summary>The client's address (host order).</summary>
        public uint RemoteAddress { get { return _remoteAddress; } }

        /// <summary>The client's port.</summary>
        public int RemotePort { get { return _remotePort; } }

        /// <summary>The connection slot serving the request (0 .. slots-1): index per-slot state with it.</summary>
        public int Slot { get { return _slot; } }

        /// <summary>Forgets the parsed request.</summary>
        public void Reset()
        {
            _method = HttpMethod.None;
            _versionMinor = 1;
            _pathOffset = 0;
            _pathLength = 0;
            _queryOffset = 0;
            _queryLength = 0;
            _headersOffset = 0;
            _headersEnd = 0;
            _bodyOffset = 0;
            _bodyLength = 0;
            _contentLength = -1;
            _chunked = false;
            _keepAlive = false;
            _expectContinue = false;
            _acceptsGzip = true;
            _hasIfNoneMatch = false;
            _wildcardOffset = 0;
            _wildcardLength = -1;
        }

        /// <summary>True when the decoded path is exactly <paramref name="path"/>.</summary>
        public bool PathEquals(string path)
        {
            return HttpAscii.Equals(_buffer, _pathOffset, _pathLength, path);
        }

        /// <summary>True when the wildcard segment is exactly <paramref name="text"/>.</summary>
        public bool WildcardEquals(string text)
        {
            return _wildcardLength >= 0 && HttpAscii.Equals(_buffer, _wildcardOffset, _wildcardLength, text);
        }

        /// <summary>The wildcard segment as a decimal integer; false when absent or not a number.</summary>
        public bool TryGetWildcardInt(out int value)
        {
            if (_wildcardLength < 0)
            {
                value = 0;
                return false;
            }
            return HttpAscii.TryParseInt(_buffer, _wildcardOffset, _wildcardLength, out value);
        }

        /// <summary>Copies the wildcard segment into <paramref name="destination"/>; its length, or -1 when absent or larger than <paramref name="capacity"/>.</summary>
        public int CopyWildcard(byte[] destination, int offset, int capacity)
        {
            if (_wildcardLength < 0 || _wildcardLength > capacity)
            {
                return -1;
            }
            System.Array.Copy(_buffer, _wildcardOffset, destination, offset, _wildcardLength);
            return _wildcardLength;
        }

        /// <summary>The body as a decimal integer (surrounding whitespace allowed); false otherwise.</summary>
        public bool TryGetBodyInt(out int value)
        {
            int start = _bodyOffset;
            int end = _bodyOffset + _bodyLength;
            while (start < end && IsWhite(_buffer[start])) { start++; }
            while (end > start && IsWhite(_buffer[end - 1])) { end--; }
            return HttpAscii.TryParseInt(_buffer, start, end - start, out value);
        }

        /// <summary>
        /// Finds the query parameter <paramref name="name"/> (application/x-www-form-urlencoded: '&amp;'-separated,
        /// '+' is a space, %XX escapes) and writes its decoded value into <paramref name="destination"/>. False
        /// when absent, malformed, or longer than <paramref name="capacity"/>; "?flag" has an empty value.
        /// </summary>
        public bool TryGetQuery(string name, byte[] destination, int offset, int capacity, out int length)
        {
            return HttpUrl.TryGetParameter(_buffer, _queryOffset, _queryLength, name, destination, offset, capacity, out length);
        }

        /// <summary>The query parameter <paramref name="name"/> as a decimal integer.</summary>
        public bool TryGetQueryInt(string name, byte[] scratch, out int value)
        {
            int length;
            value = 0;
            return TryGetQuery(name, scratch, 0, scratch.Length, out length) && HttpAscii.TryParseInt(scratch, 0, length, out value);
        }

        /// <summary>
        /// Finds the first header field named <paramref name="lowerName"/> (lower case; names compare case-insensitively,
        /// RFC 9110 §5.1) and returns where its value (without surrounding whitespace) lies in <see cref="Buffer"/>.
        /// </summary>
        public bool TryGetHeader(byte[] lowerName, out int valueOffset, out int valueLength)
        {
            return HttpRequestParser.FindHeader(_buffer, _headersOffset, _headersEnd, lowerName, out valueOffset, out valueLength);
        }

        /// <summary>Like <see cref="TryGetHeader(byte[], out int, out int)"/> with the name as a string (any case).</summary>
        public bool TryGetHeader(string name, out int valueOffset, out int valueLength)
        {
            return HttpRequestParser.FindHeader(_buffer, _headersOffset, _headersEnd, name, out valueOffset, out valueLength);
        }

        /// <summary>Copies the value of header <paramref name="name"/>; its length, or -1 when absent or larger than <paramref name="capacity"/>.</summary>
        public int CopyHeader(string name, byte[] destination, int offset, int capacity)
        {
            int valueOffset;
            int valueLength;
            if (!TryGetHeader(name, out valueOffset, out valueLength) || valueLength > capacity)
            {
                return -1;
            }
            System.Array.Copy(_buffer, valueOffset, destination, offset, valueLength);
            return valueLength;
        }

        /// <summary>
        /// True when If-None-Match lists <paramref name="etag"/> (a quoted entity-tag) or is "*" (RFC 9110 §13.1.2:
        /// weak comparison, so W/"x" matches "x").
        /// </summary>
        public bool IfNoneMatch(byte[] etag)
        {
            if (!_hasIfNoneMatch)
            {
                return false;
            }
            int offset;
            int length;
            if (!HttpRequestParser.FindHeader(_buffer, _headersOffset, _headersEnd, IfNoneMatchName, out offset, out length))
            {
                return false;
            }
            return HttpRequestParser.ListContainsEntityTag(_buffer, offset, length, etag);
        }

        private static bool IsWhite(byte b)
        {
            return b == ' ' || b == '\t' || b == HttpAscii.Cr || b == HttpAscii.Lf;
        }
    }
}
