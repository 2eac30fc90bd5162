namespace Firmware.Services.Http
{
    /// <summary>The request methods the server knows (RFC 9110 §9.3); any other token is answered 501.</summary>
    public enum HttpMethod
    {
        /// <summary>No request parsed.</summary>
        None = 0,
        /// <summary>GET.</summary>
        Get = 1,
        /// <summary>HEAD: GET without the content (served by the GET route).</summary>
        Head = 2,
        /// <summary>POST.</summary>
        Post = 3,
        /// <summary>PUT.</summary>
        Put = 4,
        /// <summary>DELETE.</summary>
        Delete = 5,
        /// <summary>OPTIONS: answered by the server with the path's Allow list.</summary>
        Options = 6
    }
}
