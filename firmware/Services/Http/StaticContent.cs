namespace Firmware.Services.Http
{
    /// <summary>
    /// Serves files compiled into the image (see <see cref="StaticFile"/>): GET and HEAD by exact path, with ETag
    /// and Cache-Control; If-None-Match → 304 (RFC 9110 §13.1.2). A gzip file goes out with Content-Encoding: gzip
    /// and Vary: Accept-Encoding; to a client whose Accept-Encoding refuses gzip it is 406, since the device keeps
    /// one coding per file (the identity copy would double the heap the files take). Register
    /// <see cref="Handle"/> as a route or as the server's fallback.
    /// </summary>
    public class StaticContent
    {
        private static readonly byte[] ETagName = HttpAscii.Encode("ETag");
        private static readonly byte[] CacheControlName = HttpAscii.Encode("Cache-Control");
        private static readonly byte[] ContentEncodingName = HttpAscii.Encode("Content-Encoding");
        private static readonly byte[] VaryName = HttpAscii.Encode("Vary");
        private static readonly byte[] GzipValue = HttpAscii.Encode("gzip");
        private static readonly byte[] AcceptEncodingValue = HttpAscii.Encode("Accept-Encoding");

        private readonly StaticFile[] _files;

        /// <summary>Serves <paramref name="files"/>.</summary>
        public StaticContent(StaticFile[] files)
        {
            _files = files;
        }

        /// <summary>The files served.</summary>
        public int Count { get { return _files.Length; } }

        /// <summary>The file at the request's path, null when there is none.</summary>
        public StaticFile Find(HttpRequest request)
        {
            for (int i = 0; i < _files.Length; i++)
            {
                StaticFile f = _files[i];
                if (HttpAscii.Equals(request.Buffer, request.PathOffset, request.PathLength, f.Path))
                {
                    return f;
                }
            }
            return null;
        }

        /// <summary>The handler: 200 (or 304/404/405/406) for the request's path.</summary>
        public void Handle(HttpRequest request, HttpResponse response)
        {
            StaticFile file = Find(request);
            if (file == null)
            {
                response.Status = HttpStatus.NotFound;
                return;
            }
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            {
                response.Status = HttpStatus.MethodNotAllowed;
                response.AddAllow(HttpRouter.AllowGet);
                return;
            }
            // RFC 9110 §15.4.5: a 304 carries the validators and cache policy a 200 would.
            response.AddHeader(ETagName, file.EntityTag);
            response.AddHeader(CacheControlName, file.CacheControl);
            if (file.Gzip)
            {
                response.AddHeader(VaryName, AcceptEncodingValue);
            }
            if (request.IfNoneMatch(file.EntityTag))
            {
                response.Status = HttpStatus.NotModified;
                return;
            }
            if (file.Gzip)
            {
                if (!request.AcceptsGzip)
                {
                    response.Status = HttpStatus.NotAcceptable;
                    return;
                }
                response.AddHeader(ContentEncodingName, GzipValue);
            }
            response.SetContentType(file.ContentType);
            response.SendBytes(file.Content, 0, file.Content.Length);
        }
    }
}
