namespace Firmware.Services.Http
{
    /// <summary>
    /// Parses a request head (RFC 9112 §2–§6: request line, field lines, framing) that sits complete in a buffer
    /// into an <see cref="HttpRequest"/>. Lines end in LF with an optional CR before it (RFC 9112 §2.2). Returns
    /// 0 or the status code that answers a bad head; never throws, never reads outside the head.
    /// </summary>
    public static class HttpRequestParser
    {
        private static readonly byte[] HostName = HttpAscii.Encode("host");
        private static readonly byte[] ContentLengthName = HttpAscii.Encode("content-length");
        private static readonly byte[] TransferEncodingName = HttpAscii.Encode("transfer-encoding");
        private static readonly byte[] ConnectionName = HttpAscii.Encode("connection");
        private static readonly byte[] ExpectName = HttpAscii.Encode("expect");
        private static readonly byte[] AcceptEncodingName = HttpAscii.Encode("accept-encoding");
        internal static readonly byte[] IfNoneMatchName = HttpAscii.Encode("if-none-match");
        private static readonly byte[] ChunkedToken = HttpAscii.Encode("chunked");
        private static readonly byte[] CloseToken = HttpAscii.Encode("close");
        private static readonly byte[] KeepAliveToken = HttpAscii.Encode("keep-alive");
        private static readonly byte[] ContinueToken = HttpAscii.Encode("100-continue");
        private static readonly byte[] GzipToken = HttpAscii.Encode("gzip");
        private static readonly byte[] XGzipToken = HttpAscii.Encode("x-gzip");

        /// <summary>Content-Length values beyond this are "too large" without being parsed further.</summary>
        public const int ContentLengthCap = 999999999;

        /// <summary>
        /// The end of the head: the index just after the empty line that closes the field section, searching
        /// <paramref name="buffer"/> from <paramref name="from"/> (resume where the last search stopped) up to
        /// <paramref name="end"/>, with the head starting at <paramref name="start"/> (not at an empty line). -1
        /// when the empty line has not arrived yet.
        /// </summary>
        public static int FindHeadEnd(byte[] buffer, int start, int from, int end)
        {
            if (from < start + 1)
            {
                from = start + 1;
            }
            for (int i = from; i < end; i++)
            {
                if (buffer[i] != HttpAscii.Lf)
                {
                    continue;
                }
                // An LF right after the previous line's LF (or after LF CR) ends the head.
                if (buffer[i - 1] == HttpAscii.Lf)
                {
                    return i + 1;
                }
                if (buffer[i - 1] == HttpAscii.Cr && i - 2 >= start && buffer[i - 2] == HttpAscii.Lf)
                {
                    return i + 1;
                }
            }
            return -1;
        }

        /// <summary>
        /// Why an incomplete head that filled the whole buffer is refused: 501 when even the method did not fit
        /// (RFC 9112 §3), 414 when the request line did not (§3), 431 when the field section did not (RFC 6585 §5).
        /// </summary>
        public static int OversizeStatus(byte[] buffer, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (buffer[i] == HttpAscii.Lf)
                {
                    return HttpStatus.HeaderFieldsTooLarge;
                }
                if (buffer[i] == ' ')
                {
                    for (int j = i + 1; j < end; j++)
                    {
                        if (buffer[j] == HttpAscii.Lf)
                        {
                            return HttpStatus.HeaderFieldsTooLarge;
                        }
                    }
                    return HttpStatus.UriTooLong;
                }
            }
            return HttpStatus.NotImplemented;
        }

        /// <summary>
        /// Parses the head <paramref name="request"/>.Buffer[start, headEnd) (headEnd from <see cref="FindHeadEnd"/>):
        /// method, target (percent-decoded in place), version, the framing and connection fields. 0 when good,
        /// otherwise the status to answer with (400, 417, 501, 505).
        /// </summary>
        public static int Parse(HttpRequest request, int start, int headEnd)
        {
            request.Reset();
            byte[] b = request._buffer;
            int lineEnd = IndexOf(b, start, headEnd, HttpAscii.Lf);
            int rl = lineEnd > start && b[lineEnd - 1] == HttpAscii.Cr ? lineEnd - 1 : lineEnd;

            // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
            int sp1 = IndexOf(b, start, rl, (byte)' ');
            if (sp1 <= start)
            {
                return HttpStatus.BadRequest;
            }
            int sp2 = IndexOf(b, sp1 + 1, rl, (byte)' ');
            if (sp2 < 0 || sp2 == sp1 + 1)
            {
                return HttpStatus.BadRequest;
            }
            int status = ParseVersion(request, b, sp2 + 1, rl);
            if (status != 0)
            {
                return status;
            }
            for (int i = start; i < sp1; i++)
            {
                if (!HttpAscii.IsTokenChar(b[i]))
                {
                    return HttpStatus.BadRequest;
                }
            }
            HttpMethod method = IdentifyMethod(b, start, sp1 - start);
            request._bits |= (int)method;
            if (method == HttpMethod.None)
            {
                return HttpStatus.NotImplemented;
            }
            status = ParseTarget(request, b, sp1 + 1, sp2);
            if (status != 0)
            {
                return status;
            }
            // The body starts after the head; its length is the Content-Length until a chunked one is decoded.
            request._body = HttpRequest.Pack(headEnd, 0);
            return ParseFields(request, b, lineEnd + 1, headEnd);
        }

        private static int ParseVersion(HttpRequest request, byte[] b, int start, int end)
        {
            // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive.
            if (end - start != 8 || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P'
                || b[start + 4] != '/' || !IsDigit(b[start + 5]) || b[start + 6] != '.' || !IsDigit(b[start + 7]))
            {
                return HttpStatus.BadRequest;
            }
            if (b[start + 5] != '1')
            {
                return HttpStatus.VersionNotSupported;
            }
            // RFC 9110 §6.2: a later 1.x is served as the highest 1.x we know.
            request.SetFlag(HttpRequest.Minor1Bit, b[start + 7] != '0');
            return 0;
        }

        private static HttpMethod IdentifyMethod(byte[] b, int start, int length)
        {
            // Methods are case-sensitive (RFC 9110 §9.1).
            switch (length)
            {
                case 3:
                    if (b[start] == 'G' && b[start + 1] == 'E' && b[start + 2] == 'T') { return HttpMethod.Get; }
                    if (b[start] == 'P' && b[start + 1] == 'U' && b[start + 2] == 'T') { return HttpMethod.Put; }
                    break;
                case 4:
                    if (HttpAscii.Equals(b, start, 4, "HEAD")) { return HttpMethod.Head; }
                    if (HttpAscii.Equals(b, start, 4, "POST")) { return HttpMethod.Post; }
                    break;
                case 6:
                    if (HttpAscii.Equals(b, start, 6, "DELETE")) { return HttpMethod.Delete; }
                    break;
                case 7:
                    if (HttpAscii.Equals(b, start, 7, "OPTIONS")) { return HttpMethod.Options; }
                    break;
            }
            return HttpMethod.None;
        }

        /// <summary>RFC 9112 §3.2: origin-form, absolute-form (a server MUST accept it), asterisk-form for OPTIONS.</summary>
        private static int ParseTarget(HttpRequest request, byte[] b, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                byte c = b[i];
                // Visible ASCII only; '#' never travels in a request-target (RFC 3986 §3.5 is client-side).
                if (c <= ' ' || c >= 0x7F || c == '#')
                {
                    return HttpStatus.BadRequest;
                }
            }
            int path;
            if (b[start] == '/')
            {
                path = start;
            }
            else if (end - start == 1 && b[start] == '*')
            {
                if (request.Method != HttpMethod.Options)
                {
                    return HttpStatus.BadRequest;
                }
                request._path = HttpRequest.Pack(start, 1);
                return 0;
            }
            else
            {
                int authority = SchemeEnd(b, start, end);
                if (authority < 0)
                {
                    return HttpStatus.BadRequest;
                }
                path = authority;
                while (path < end && b[path] != '/' && b[path] != '?') { path++; }
                if (path == authority)
                {
                    return HttpStatus.BadRequest;
                }
                if (path == end || b[path] == '?')
                {
                    // No path: it is "/" (RFC 9112 §3.2.2); the authority's last byte is no longer needed, so it becomes the '/'.
                    path--;
                    b[path] = (byte)'/';
                }
            }
            int query = IndexOf(b, path, end, (byte)'?');
            int pathEnd = query < 0 ? end : query;
            if (query >= 0)
            {
                request._query = HttpRequest.Pack(query + 1, end - query - 1);
            }
            int decoded = HttpUrl.DecodeInPlace(b, path, pathEnd - path);
            if (decoded < 0)
            {
                return HttpStatus.BadRequest;
            }
            request._path = HttpRequest.Pack(path, decoded);
            return 0;
        }

        /// <summary>Where the authority starts after "http://" or "https://" (any case), -1 for another form.</summary>
        private static int SchemeEnd(byte[] b, int start, int end)
        {
            int i = start;
            if (end - i < 7 || HttpAscii.ToLower(b[i]) != 'h' || HttpAscii.ToLower(b[i + 1]) != 't'
                || HttpAscii.ToLower(b[i + 2]) != 't' || HttpAscii.ToLower(b[i + 3]) != 'p')
            {
                return -1;
            }
            i += 4;
            if (HttpAscii.ToLower(b[i]) == 's')
            {
                i++;
            }
            if (end - i < 3 || b[i] != ':' || b[i + 1] != '/' || b[i + 2] != '/')
            {
                return -1;
            }
            return i + 3;
        }

        /// <summary>The field lines (RFC 9112 §5) and what the server needs from them.</summary>
        private static int ParseFields(HttpRequest request, byte[] b, int start, int headEnd)
        {
            int hosts = 0;
            int transferEncodings = 0;
            bool unknownCoding = false;
            bool close = false;
            bool keepAlive = false;
            bool unknownExpectation = false;
            bool acceptEncodingSeen = false;
            int gzipQuality = -1;
            int anyQuality = -1;
            int line = start;
            while (line < headEnd)
            {
                int lf = IndexOf(b, line, headEnd, HttpAscii.Lf);
                int end = lf > line && b[lf - 1] == HttpAscii.Cr ? lf - 1 : lf;
                if (end == line)
                {
                    request._fields = HttpRequest.Pack(start, line - start);
                    break;
                }
                // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected.
                if (b[line] == ' ' || b[line] == '\t')
                {
                    return HttpStatus.BadRequest;
                }
                int colon = line;
                while (colon < end && HttpAscii.IsTokenChar(b[colon])) { colon++; }
                // A name is one or more tchars right before the colon: whitespace there is a 400 (RFC 9112 §5.1).
                if (colon == line || colon == end || b[colon] != ':')
                {
                    return HttpStatus.BadRequest;
                }
                int value = colon + 1;
                int valueEnd = end;
                while (value < valueEnd && (b[value] == ' ' || b[value] == '\t')) { value++; }
                while (valueEnd > value && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) { valueEnd--; }
                for (int i = value; i < valueEnd; i++)
                {
                    byte c = b[i];
                    // RFC 9110 §5.5: CR, LF and NUL (and the other controls) are not field content.
                    if ((c < 0x20 && c != '\t') || c == 0x7F)
                    {
                        return HttpStatus.BadRequest;
                    }
                }
                int nameLength = colon - line;
                int valueLength = valueEnd - value;
                if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, HostName))
                {
                    hosts++;
                }
                else if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, ContentLengthName))
                {
                    int length = ParseLength(b, value, valueLength);
                    if (length > 0xFFFF)
                    {
                        length = 0xFFFF;
                    }
                    if (length < 0 || (request.ContentLength >= 0 && request.ContentLength != length))
                    {
                        return HttpStatus.BadRequest;
                    }
                    request._body = HttpRequest.Pack(headEnd, length);
                    request._bits |= HttpRequest.ContentLengthBit;
                }
                else if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, TransferEncodingName))
                {
                    transferEncodings++;
                    if (HttpAscii.EqualsIgnoreCase(b, value, valueLength, ChunkedToken))
                    {
                        request._bits |= HttpRequest.ChunkedBit;
                    }
                    else
                    {
                        unknownCoding = true;
                    }
                }
                else if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, ConnectionName))
                {
                    close |= ListContainsToken(b, value, valueEnd, CloseToken);
                    keepAlive |= ListContainsToken(b, value, valueEnd, KeepAliveToken);
                }
                else if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, ExpectName))
                {
                    if (HttpAscii.EqualsIgnoreCase(b, value, valueLength, ContinueToken))
                    {
                        request._bits |= HttpRequest.ExpectContinueBit;
                    }
                    else
                    {
                        unknownExpectation = true;
                    }
                }
                else if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, AcceptEncodingName))
                {
                    acceptEncodingSeen = true;
                    ReadCodingQualities(b, value, valueEnd, ref gzipQuality, ref anyQuality);
                }
                else if (HttpAscii.EqualsIgnoreCase(b, line, nameLength, IfNoneMatchName))
                {
                    request._bits |= HttpRequest.IfNoneMatchBit;
                }
                line = lf + 1;
            }
            bool http11 = request.HasFlag(HttpRequest.Minor1Bit);
            // RFC 9112 §3.2: HTTP/1.1 needs exactly one Host; no request may have two.
            if (hosts > 1 || (http11 && hosts == 0))
            {
                return HttpStatus.BadRequest;
            }
            if (transferEncodings > 0)
            {
                // RFC 9112 §6.1/§6.3: Transfer-Encoding in HTTP/1.0, beside Content-Length, or chunked twice is a framing
                // error (request smuggling); a coding other than chunked is not implemented.
                if (!http11 || request.ContentLength >= 0 || transferEncodings > 1)
                {
                    return HttpStatus.BadRequest;
                }
                if (unknownCoding)
                {
                    return HttpStatus.NotImplemented;
                }
            }
            request.SetFlag(HttpRequest.KeepAliveBit, http11 ? !close : keepAlive && !close);
            if (!http11)
            {
                // RFC 9110 §10.1.1: a 100-continue expectation in HTTP/1.0 is ignored.
                request.SetFlag(HttpRequest.ExpectContinueBit, false);
            }
            else if (unknownExpectation)
            {
                return HttpStatus.ExpectationFailed;
            }
            if (acceptEncodingSeen)
            {
                // RFC 9110 §12.5.3: gzip's own weight decides, else "*"'s; an empty field accepts no coding.
                request.SetFlag(HttpRequest.AcceptsGzipBit, gzipQuality >= 0 ? gzipQuality > 0 : anyQuality > 0);
            }
            return 0;
        }

        /// <summary>Content-Length = 1*DIGIT (RFC 9110 §8.6); -1 when malformed, <see cref="ContentLengthCap"/>+1 when huge.</summary>
        private static int ParseLength(byte[] b, int offset, int length)
        {
            if (length == 0)
            {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < length; i++)
            {
                byte c = b[offset + i];
                if (!IsDigit(c))
                {
                    return -1;
                }
                // Past the cap the value only needs to stay "too large".
                value = value > ContentLengthCap / 10 ? ContentLengthCap + 1 : value * 10 + (c - '0');
            }
            return value;
        }

        /// <summary>True when the comma-separated list b[start, end) has an element equal to <paramref name="lowerToken"/> (any case).</summary>
        public static bool ListContainsToken(byte[] b, int start, int end, byte[] lowerToken)
        {
            int element = start;
            while (element < end)
            {
                int comma = IndexOf(b, element, end, (byte)',');
                int elementEnd = comma < 0 ? end : comma;
                int s = element;
                int e = elementEnd;
                while (s < e && (b[s] == ' ' || b[s] == '\t')) { s++; }
                while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) { e--; }
                if (HttpAscii.EqualsIgnoreCase(b, s, e - s, lowerToken))
                {
                    return true;
                }
                element = elementEnd + 1;
            }
            return false;
        }

        /// <summary>Accept-Encoding elements: coding [; q=qvalue]. Records gzip's and "*"'s weight (0 when q is zero, 1 otherwise).</summary>
        private static void ReadCodingQualities(byte[] b, int start, int end, ref int gzipQuality, ref int anyQuality)
        {
            int element = start;
            while (element < end)
            {
                int comma = IndexOf(b, element, end, (byte)',');
                int elementEnd = comma < 0 ? end : comma;
                int s = element;
                while (s < elementEnd && (b[s] == ' ' || b[s] == '\t')) { s++; }
                int tokenEnd = s;
                while (tokenEnd < elementEnd && HttpAscii.IsTokenChar(b[tokenEnd])) { tokenEnd++; }
                int quality = QualityOf(b, tokenEnd, elementEnd);
                int tokenLength = tokenEnd - s;
                if (HttpAscii.EqualsIgnoreCase(b, s, tokenLength, GzipToken) || HttpAscii.EqualsIgnoreCase(b, s, tokenLength, XGzipToken))
                {
                    gzipQuality = quality;
                }
                else if (tokenLength == 1 && b[s] == '*')
                {
                    anyQuality = quality;
                }
                element = elementEnd + 1;
            }
        }

        /// <summary>0 when the parameters b[start, end) carry q=0 (0, 0., 0.000: RFC 9110 §12.4.2), else 1.</summary>
        private static int QualityOf(byte[] b, int start, int end)
        {
            for (int i = start; i + 1 < end; i++)
            {
                if ((b[i] == 'q' || b[i] == 'Q') && b[i + 1] == '=')
                {
                    int v = i + 2;
                    if (v >= end || b[v] != '0')
                    {
                        return 1;
                    }
                    for (v++; v < end && b[v] != ';' && b[v] != ' ' && b[v] != '\t'; v++)
                    {
                        if (b[v] != '.' && b[v] != '0')
                        {
                            return 1;
                        }
                    }
                    return 0;
                }
            }
            return 1;
        }

        /// <summary>
        /// The first field named <paramref name="lowerName"/> in the field lines b[start, end) (as parsed: each
        /// line ends in LF), its value without surrounding whitespace.
        /// </summary>
        public static bool FindHeader(byte[] b, int start, int end, byte[] lowerName, out int valueOffset, out int valueLength)
        {
            return FindHeader(b, start, end, lowerName, null, out valueOffset, out valueLength);
        }

        /// <summary>Like the byte[] form with a name given as a string, compared ignoring ASCII case.</summary>
        public static bool FindHeader(byte[] b, int start, int end, string name, out int valueOffset, out int valueLength)
        {
            return FindHeader(b, start, end, null, name, out valueOffset, out valueLength);
        }

        /// <summary>The field lookup for a name given either as lower-case bytes or as a string.</summary>
        private static bool FindHeader(byte[] b, int start, int end, byte[] lowerName, string name, out int valueOffset, out int valueLength)
        {
            int line = start;
            while (line < end)
            {
                int lf = IndexOf(b, line, end, HttpAscii.Lf);
                if (lf < 0) { lf = end; }
                int colon = IndexOf(b, line, lf, (byte)':');
                if (colon > line && (lowerName != null ? HttpAscii.EqualsIgnoreCase(b, line, colon - line, lowerName) : EqualsIgnoreCase(b, line, colon - line, name)))
                {
                    TrimValue(b, colon + 1, lf, out valueOffset, out valueLength);
                    return true;
                }
                line = lf + 1;
            }
            valueOffset = 0;
            valueLength = 0;
            return false;
        }

        private static bool EqualsIgnoreCase(byte[] b, int offset, int length, string name)
        {
            if (length != name.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (HttpAscii.ToLower(b[offset + i]) != HttpAscii.ToLower((byte)name[i]))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// If-None-Match's rule (RFC 9110 §13.1.2): "*" matches; otherwise true when an entity-tag of the list
        /// b[offset, offset+length) equals <paramref name="etag"/> by weak comparison (W/ prefixes ignored).
        /// </summary>
        public static bool ListContainsEntityTag(byte[] b, int offset, int length, byte[] etag)
        {
            int end = offset + length;
            int tagStart = etag.Length > 2 && etag[0] == 'W' && etag[1] == '/' ? 2 : 0;
            int tagLength = etag.Length - tagStart;
            int element = offset;
            while (element < end)
            {
                int s = element;
                while (s < end && (b[s] == ' ' || b[s] == '\t' || b[s] == ',')) { s++; }
                if (s == end)
                {
                    break;
                }
                if (b[s] == '*')
                {
                    return true;
                }
                if (end - s > 2 && b[s] == 'W' && b[s + 1] == '/')
                {
                    s += 2;
                }
                // An entity-tag is quoted and holds no '"': it ends at the second quote.
                int e = s < end && b[s] == '"' ? IndexOf(b, s + 1, end, (byte)'"') : -1;
                if (e < 0)
                {
                    return false;
                }
                e++;
                if (e - s == tagLength)
                {
                    int i = 0;
                    while (i < tagLength && b[s + i] == etag[tagStart + i]) { i++; }
                    if (i == tagLength)
                    {
                        return true;
                    }
                }
                element = e;
            }
            return false;
        }

        private static void TrimValue(byte[] b, int start, int end, out int offset, out int length)
        {
            if (end > start && b[end - 1] == HttpAscii.Cr) { end--; }
            while (start < end && (b[start] == ' ' || b[start] == '\t')) { start++; }
            while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) { end--; }
            offset = start;
            length = end - start;
        }

        private static int IndexOf(byte[] b, int start, int end, byte value)
        {
            for (int i = start; i < end; i++)
            {
                if (b[i] == value)
                {
                    return i;
                }
            }
            return -1;
        }

        private static bool IsDigit(byte b)
        {
            return b >= '0' && b <= '9';
        }
    }
}
