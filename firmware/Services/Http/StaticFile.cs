namespace Firmware.Services.Http
{
    /// <summary>
    /// One file compiled into the image by tools/pack-www.py: its URL path, content type, entity-tag, cache policy
    /// and bytes (gzip-compressed unless compression did not pay). Built once at start-up; the strings are
    /// pre-encoded here so serving compares and copies bytes only.
    /// </summary>
    public class StaticFile
    {
        /// <summary>Describes one file; <paramref name="content"/> is referenced, not copied.</summary>
        public StaticFile(string path, string contentType, bool gzip, string entityTag, string cacheControl, byte[] content)
        {
            Path = HttpAscii.Encode(path);
            ContentType = HttpAscii.Encode(contentType);
            Gzip = gzip;
            EntityTag = HttpAscii.Encode(entityTag);
            CacheControl = HttpAscii.Encode(cacheControl);
            Content = content;
        }

        /// <summary>The URL path ("/", "/app.js").</summary>
        public readonly byte[] Path;

        /// <summary>The Content-Type value.</summary>
        public readonly byte[] ContentType;

        /// <summary>True when <see cref="Content"/> is gzip-coded (sent with Content-Encoding: gzip).</summary>
        public readonly bool Gzip;

        /// <summary>The strong entity-tag, quoted ("\"3f2a…\""): a hash of <see cref="Content"/>.</summary>
        public readonly byte[] EntityTag;

        /// <summary>The Cache-Control value ("no-cache": revalidate with the ETag each time).</summary>
        public readonly byte[] CacheControl;

        /// <summary>The bytes sent as the body.</summary>
        public readonly byte[] Content;
    }
}
