namespace Firmware.Services.Http
{
    /// <summary>
    /// A response body produced as the connection's send ring frees room (large pages, a capture file, Server-Sent
    /// Events). The server pulls from it in Poll; one source serves every slot, so keep per-slot state in arrays
    /// indexed by <c>slot</c> (set it up in the handler: <see cref="HttpResponse.Slot"/>).
    /// </summary>
    public interface IHttpBodySource
    {
        /// <summary>
        /// Writes up to <paramref name="count"/> body bytes for <paramref name="slot"/> at
        /// <paramref name="offset"/>; <paramref name="position"/> is how many it has produced for this response so
        /// far. Returns the bytes written (&gt; 0), 0 when it has nothing now (asked again next Poll: the way to wait
        /// for events), or -1 at the end of the body.
        /// </summary>
        int Read(int slot, long position, byte[] buffer, int offset, int count);

        /// <summary>The response on <paramref name="slot"/> is over: <paramref name="completed"/> true at its end (or after a HEAD), false when the connection was lost.</summary>
        void Finish(int slot, bool completed);
    }
}
