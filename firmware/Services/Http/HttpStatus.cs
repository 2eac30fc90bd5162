namespace Firmware.Services.Http
{
    /// <summary>The status codes the server uses (RFC 9110 §15) and their reason phrases as bytes.</summary>
    public static class HttpStatus
    {
        /// <summary>100 Continue (RFC 9110 §15.2.1).</summary>
        public const int Continue = 100;
        /// <summary>200 OK.</summary>
        public const int Ok = 200;
        /// <summary>201 Created.</summary>
        public const int Created = 201;
        /// <summary>204 No Content (no body, no Content-Length).</summary>
        public const int NoContent = 204;
        /// <summary>304 Not Modified (no body).</summary>
        public const int NotModified = 304;
        /// <summary>400 Bad Request.</summary>
        public const int BadRequest = 400;
        /// <summary>404 Not Found.</summary>
        public const int NotFound = 404;
        /// <summary>405 Method Not Allowed (with Allow).</summary>
        public const int MethodNotAllowed = 405;
        /// <summary>406 Not Acceptable.</summary>
        public const int NotAcceptable = 406;
        /// <summary>408 Request Timeout.</summary>
        public const int RequestTimeout = 408;
        /// <summary>413 Content Too Large.</summary>
        public const int ContentTooLarge = 413;
        /// <summary>414 URI Too Long.</summary>
        public const int UriTooLong = 414;
        /// <summary>417 Expectation Failed.</summary>
        public const int ExpectationFailed = 417;
        /// <summary>431 Request Header Fields Too Large (RFC 6585 §5).</summary>
        public const int HeaderFieldsTooLarge = 431;
        /// <summary>500 Internal Server Error.</summary>
        public const int InternalServerError = 500;
        /// <summary>501 Not Implemented.</summary>
        public const int NotImplemented = 501;
        /// <summary>503 Service Unavailable.</summary>
        public const int ServiceUnavailable = 503;
        /// <summary>505 HTTP Version Not Supported.</summary>
        public const int VersionNotSupported = 505;

        // Every reason phrase in one array (one heap object instead of one per phrase): "100 Continue\n200 OK\n...";
        // an entry's phrase is referenced in place.
        private static readonly byte[] Table = HttpAscii.Encode(
            "100 Continue\n200 OK\n201 Created\n202 Accepted\n204 No Content\n301 Moved Permanently\n302 Found\n"
            + "303 See Other\n304 Not Modified\n400 Bad Request\n401 Unauthorized\n403 Forbidden\n404 Not Found\n"
            + "405 Method Not Allowed\n406 Not Acceptable\n408 Request Timeout\n409 Conflict\n413 Content Too Large\n"
            + "414 URI Too Long\n415 Unsupported Media Type\n417 Expectation Failed\n422 Unprocessable Content\n"
            + "431 Request Header Fields Too Large\n500 Internal Server Error\n501 Not Implemented\n"
            + "503 Service Unavailable\n505 HTTP Version Not Supported\n");

        // One int an entry: code << 20 | phrase offset << 8 | phrase length, built once from the table.
        private static readonly int[] Index = BuildIndex();

        private static int[] BuildIndex()
        {
            byte[] t = Table;
            int count = 0;
            for (int i = 0; i < t.Length; i++)
            {
                if (t[i] == HttpAscii.Lf) { count++; }
            }
            int[] index = new int[count];
            int line = 0;
            for (int k = 0; k < count; k++)
            {
                int code = (t[line] - '0') * 100 + (t[line + 1] - '0') * 10 + (t[line + 2] - '0');
                int end = line + 4;
                while (t[end] != HttpAscii.Lf) { end++; }
                index[k] = code << 20 | (line + 4) << 8 | (end - line - 4);
                line = end + 1;
            }
            return index;
        }

        /// <summary>
        /// Where the reason phrase of <paramref name="status"/> is in <see cref="PhraseBytes"/>; false (length 0) for a
        /// code without one here (an empty reason phrase is allowed: RFC 9112 §4).
        /// </summary>
        public static bool TryGetReasonPhrase(int status, out int offset, out int length)
        {
            int[] index = Index;
            for (int k = 0; k < index.Length; k++)
            {
                int entry = index[k];
                if ((entry >> 20) == status)
                {
                    offset = (entry >> 8) & 0xFFF;
                    length = entry & 0xFF;
                    return true;
                }
            }
            offset = 0;
            length = 0;
            return false;
        }

        /// <summary>The array <see cref="TryGetReasonPhrase"/> points into.</summary>
        public static byte[] PhraseBytes { get { return Table; } }

        /// <summary>True for the codes whose responses never carry content or a Content-Length (1xx, 204, 304: RFC 9110 §6.4.1).</summary>
        public static bool IsBodiless(int status)
        {
            return status < 200 || status == NoContent || status == NotModified;
        }
    }
}
