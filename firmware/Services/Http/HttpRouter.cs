using System;

namespace Firmware.Services.Http
{
    /// <summary>
    /// The route table, filled at start-up: exact paths ("/api/status") and paths ending in one wildcard segment
    /// ("/api/gpio/*" matches "/api/gpio/5", not "/api/gpio/" nor "/api/gpio/5/x"). An exact path wins over a
    /// wildcard; among wildcards the first registered wins. Paths compare as bytes against the request's
    /// percent-decoded path, pre-encoded here once. HEAD uses the GET route.
    /// </summary>
    public class HttpRouter
    {
        /// <summary>Allow-mask bit of GET (and HEAD).</summary>
        public const int AllowGet = 1;
        /// <summary>Allow-mask bit of POST.</summary>
        public const int AllowPost = 2;
        /// <summary>Allow-mask bit of PUT.</summary>
        public const int AllowPut = 4;
        /// <summary>Allow-mask bit of DELETE.</summary>
        public const int AllowDelete = 8;

        // Wildcard routes carry this bit beside their method bit.
        private const int WildcardBit = 0x100;

        private readonly byte[][] _paths;
        private readonly int[] _bits;
        private readonly HttpHandler[] _handlers;
        private int _count;

        /// <summary>Room for <paramref name="maxRoutes"/> routes.</summary>
        public HttpRouter(int maxRoutes)
        {
            if (maxRoutes <= 0)
            {
                throw new ArgumentOutOfRangeException("maxRoutes");
            }
            _paths = new byte[maxRoutes][];
            _bits = new int[maxRoutes];
            _handlers = new HttpHandler[maxRoutes];
        }

        /// <summary>Routes registered.</summary>
        public int Count { get { return _count; } }

        /// <summary>Called when no route's path matches (e.g. the static content handler); null answers 404.</summary>
        public HttpHandler Fallback { get; set; }

        /// <summary>
        /// Registers <paramref name="handler"/> for <paramref name="method"/> (GET, POST, PUT or DELETE) on
        /// <paramref name="path"/>. Throws on a bad path, a duplicate, or a full table (start-up errors).
        /// </summary>
        public void Map(HttpMethod method, string path, HttpHandler handler)
        {
            int bit = MethodBit(method);
            if (bit == 0 || handler == null || path == null || path.Length == 0 || path[0] != '/')
            {
                throw new ArgumentException("route");
            }
            int star = path.IndexOf('*');
            bool wildcard = false;
            if (star >= 0)
            {
                // Only one trailing segment may be a wildcard: "/a/b/*".
                if (star != path.Length - 1 || path[star - 1] != '/')
                {
                    throw new ArgumentException("route wildcard");
                }
                wildcard = true;
                path = path.Substring(0, star);
            }
            byte[] bytes = HttpAscii.Encode(path);
            for (int i = 0; i < _count; i++)
            {
                if (((_bits[i] & WildcardBit) != 0) == wildcard && HttpAscii.Equals(_paths[i], 0, _paths[i].Length, bytes))
                {
                    if ((_bits[i] & bit) != 0)
                    {
                        throw new InvalidOperationException("route registered twice");
                    }
                    // Another method on a known path reuses its pre-encoded bytes.
                    bytes = _paths[i];
                }
            }
            if (_count == _paths.Length)
            {
                throw new InvalidOperationException("route table full (HttpServerConfig.MaxRoutes)");
            }
            _paths[_count] = bytes;
            _bits[_count] = wildcard ? bit | WildcardBit : bit;
            _handlers[_count] = handler;
            _count++;
        }

        /// <summary>
        /// Finds the handler for <paramref name="request"/>'s method and path and sets its wildcard segment.
        /// <paramref name="allowMask"/> gets the methods the path has (0 when no route's path matches); null with
        /// a non-zero mask means 405.
        /// </summary>
        public HttpHandler Find(HttpRequest request, out int allowMask)
        {
            byte[] b = request.Buffer;
            int offset = request.PathOffset;
            int length = request.PathLength;
            int bit = MethodBit(request.Method == HttpMethod.Head ? HttpMethod.Get : request.Method);
            allowMask = 0;
            HttpHandler found = null;
            for (int i = 0; i < _count; i++)
            {
                if ((_bits[i] & WildcardBit) == 0 && HttpAscii.Equals(b, offset, length, _paths[i]))
                {
                    allowMask |= _bits[i];
                    if ((_bits[i] & bit) != 0)
                    {
                        found = _handlers[i];
                    }
                }
            }
            if (allowMask != 0)
            {
                return found;
            }
            byte[] prefix = null;
            for (int i = 0; i < _count; i++)
            {
                if ((_bits[i] & WildcardBit) == 0)
                {
                    continue;
                }
                byte[] p = _paths[i];
                if (prefix == null)
                {
                    if (!MatchesWildcard(b, offset, length, p))
                    {
                        continue;
                    }
                    prefix = p;
                    request._wildcard = HttpRequest.Pack(offset + p.Length, length - p.Length);
                }
                else if (p != prefix)
                {
                    continue;
                }
                allowMask |= _bits[i] & ~WildcardBit;
                if ((_bits[i] & bit) != 0 && found == null)
                {
                    found = _handlers[i];
                }
            }
            return found;
        }

        /// <summary>The Allow-mask bit of a routable method; 0 for the others.</summary>
        public static int MethodBit(HttpMethod method)
        {
            switch (method)
            {
                case HttpMethod.Get: return AllowGet;
                case HttpMethod.Post: return AllowPost;
                case HttpMethod.Put: return AllowPut;
                case HttpMethod.Delete: return AllowDelete;
                default: return 0;
            }
        }

        private static bool MatchesWildcard(byte[] b, int offset, int length, byte[] prefix)
        {
            int n = prefix.Length;
            if (length <= n)
            {
                return false;
            }
            for (int i = 0; i < n; i++)
            {
                if (b[offset + i] != prefix[i])
                {
                    return false;
                }
            }
            for (int i = offset + n; i < offset + length; i++)
            {
                if (b[i] == '/')
                {
                    return false;
                }
            }
            return true;
        }
    }
}
