using Firmware.Net.Transport;

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
        // _bits: the method in the low 3 bits, then flags; the slot index in the top byte.
        internal const int MethodMask = 0x7;
        internal const int Minor1Bit = 0x8;
        internal const int ChunkedBit = 0x10;
        internal const int KeepAliveBit = 0x20;
        internal const int ExpectContinueBit = 0x40;
        internal const int AcceptsGzipBit = 0x80;
        internal const int IfNoneMatchBit = 0x100;
        internal const int ContentLengthBit = 0x200;
        private const int SlotShift = 24;

        // Each nanoFramework field costs a heap block per slot, so ranges are packed: offset << 16 | length.
        internal readonly byte[] _buffer;
        internal TcpConnection _connection;
        internal int _bits;
        internal int _path;
        internal int _query;
        internal int _fields;
        internal int _body;
        internal int _wildcard;

        /// <summary>A request view over <paramref name="buffer"/> (the server makes one per slot; tests make their own).</summary>
        public HttpRequest(byte[] buffer)
        {
            _buffer = buffer;
            Reset();
        }

        /// <summary>The slot's buffer every offset here points into (read-only by convention).</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>The method.</summary>
        public HttpMethod Method { get { return (HttpMethod)(_bits & MethodMask); } }

        /// <summary>True for HEAD: the response's content is not sent (headers are).</summary>
        public bool IsHead { get { return (_bits & MethodMask) == (int)HttpMethod.Head; } }

        /// <summary>The minor version: 1 for HTTP/1.1 (and later 1.x), 0 for HTTP/1.0.</summary>
        public int VersionMinor { get { return (_bits & Minor1Bit) != 0 ? 1 : 0; } }

        /// <summary>Start of the percent-decoded path (always begins with '/', or is "*" for OPTIONS *).</summary>
        public int PathOffset { get { return Offset(_path); } }

        /// <summary>Bytes of the decoded path.</summary>
        public int PathLength { get { return Length(_path); } }

        /// <summary>Start of the raw query (after '?'; not decoded).</summary>
        public int QueryOffset { get { return Offset(_query); } }

        /// <summary>Bytes of the raw query; 0 when there is none.</summary>
        public int QueryLength { get { return Length(_query); } }

        /// <summary>Start of the body.</summary>
        public int BodyOffset { get { return Offset(_body); } }

        /// <summary>Bytes of the body (after chunked decoding; before the body is in, the Content-Length).</summary>
        public int BodyLength { get { return Length(_body); } }

        /// <summary>Start of the route's wildcard segment ("/api/gpio/*" matched by "/api/gpio/5": the "5").</summary>
        public int WildcardOffset { get { return _wildcard < 0 ? 0 : Offset(_wildcard); } }

        /// <summary>Bytes of the wildcard segment; -1 when the route has none.</summary>
        public int WildcardLength { get { return _wildcard < 0 ? -1 : Length(_wildcard); } }

        /// <summary>True when the connection stays open after this response (HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").</summary>
        public bool KeepAlive { get { return (_bits & KeepAliveBit) != 0; } }

        /// <summary>True when the client accepts gzip content coding (RFC 9110 §12.5.3; no Accept-Encoding means any coding).</summary>
        public bool AcceptsGzip { get { return (_bits & AcceptsGzipBit) != 0; } }

        /// <summary>The client's address (host order); 0 outside a server.</summary>
        public uint RemoteAddress { get { return _connection == null ? 0 : _connection.RemoteAddress; } }

        /// <summary>The client's port; 0 outside a server.</summary>
        public int RemotePort { get { return _connection == null ? 0 : _connection.RemotePort; } }

        /// <summary>The connection slot serving the request (0 .. slots-1): index per-slot state with it.</summary>
        public int Slot { get { return (int)((uint)_bits >> SlotShift); } }

        /// <summary>Forgets the parsed request (the slot index stays).</summary>
        internal void Reset()
        {
            _bits = (_bits & ~((1 << SlotShift) - 1)) | Minor1Bit | AcceptsGzipBit;
            _path = 0;
            _query = 0;
            _fields = 0;
            _body = 0;
            _wildcard = -1;
        }

        /// <summary>True when the decoded path is exactly <paramref name="path"/>.</summary>
        public bool PathEquals(string path)
        {
            return HttpAscii.Equals(_buffer, PathOffset, PathLength, path);
        }

        /// <summary>True when the wildcard segment is exactly <paramref name="text"/>.</summary>
        public bool WildcardEquals(string text)
        {
            return _wildcard >= 0 && HttpAscii.Equals(_buffer, Offset(_wildcard), Length(_wildcard), text);
        }

        /// <summary>The wildcard segment as a decimal integer; false when absent or not a number.</summary>
        public bool TryGetWildcardInt(out int value)
        {
            if (_wildcard < 0)
            {
                value = 0;
                return false;
            }
            return HttpAscii.TryParseInt(_buffer, Offset(_wildcard), Length(_wildcard), out value);
        }

        /// <summary>Copies the wildcard segment into <paramref name="destination"/>; its length, or -1 when absent or larger than <paramref name="capacity"/>.</summary>
        public int CopyWildcard(byte[] destination, int offset, int capacity)
        {
            int length = WildcardLength;
            if (length < 0 || length > capacity)
            {
                return -1;
            }
            System.Array.Copy(_buffer, Offset(_wildcard), destination, offset, length);
            return length;
        }

        /// <summary>The body as a decimal integer (surrounding whitespace allowed); false otherwise.</summary>
        public bool TryGetBodyInt(out int value)
        {
            int start = BodyOffset;
            int end = start + BodyLength;
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
            return HttpUrl.TryGetParameter(_buffer, QueryOffset, QueryLength, name, destination, offset, capacity, out length);
        }

        /// <summary>The query parameter <paramref name="name"/> as a decimal integer (decoded through <paramref name="scratch"/>).</summary>
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
            return HttpRequestParser.FindHeader(_buffer, Offset(_fields), Offset(_fields) + Length(_fields), lowerName, out valueOffset, out valueLength);
        }

        /// <summary>Like <see cref="TryGetHeader(byte[], out int, out int)"/> with the name as a string (any case).</summary>
        public bool TryGetHeader(string name, out int valueOffset, out int valueLength)
        {
            return HttpRequestParser.FindHeader(_buffer, Offset(_fields), Offset(_fields) + Length(_fields), name, out valueOffset, out valueLength);
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
            int offset;
            int length;
            if ((_bits & IfNoneMatchBit) == 0 || !TryGetHeader(HttpRequestParser.IfNoneMatchName, out offset, out length))
            {
                return false;
            }
            return HttpRequestParser.ListContainsEntityTag(_buffer, offset, length, etag);
        }

        /// <summary>The Content-Length field's value (capped at 65535: more never fits a request buffer), -1 without one.</summary>
        internal int ContentLength { get { return (_bits & ContentLengthBit) != 0 ? Length(_body) : -1; } }

        internal static int Pack(int offset, int length)
        {
            return offset << 16 | length;
        }

        internal static int Offset(int packed)
        {
            return (packed >> 16) & 0xFFFF;
        }

        internal static int Length(int packed)
        {
            return packed & 0xFFFF;
        }

        internal void SetSlot(int slot)
        {
            _bits = (_bits & ((1 << SlotShift) - 1)) | slot << SlotShift;
        }

        internal void SetFlag(int bit, bool on)
        {
            _bits = on ? _bits | bit : _bits & ~bit;
        }

        internal bool HasFlag(int bit)
        {
            return (_bits & bit) != 0;
        }

        private static bool IsWhite(byte b)
        {
            return b == ' ' || b == '\t' || b == HttpAscii.Cr || b == HttpAscii.Lf;
        }
    }
}
