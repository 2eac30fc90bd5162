namespace Firmware.Services.Http
{
    /// <summary>
    /// A route's handler: reads <paramref name="request"/>, fills <paramref name="response"/> (status, header
    /// fields, and a buffered body, a byte array, or a stream), and returns. Runs inside the server's Poll; it must
    /// not block. Registered once at start-up (a static method or an instance method: one delegate each).
    /// </summary>
    public delegate void HttpHandler(HttpRequest request, HttpResponse response);
}
