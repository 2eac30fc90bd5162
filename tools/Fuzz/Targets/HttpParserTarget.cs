using Firmware.Services.Http;

namespace Firmware.Fuzz.Targets;

/// <summary>
/// The HTTP request parser on its own: a request buffer's worth of bytes through FindHeadEnd, OversizeStatus or
/// Parse, the header lookups the server makes, and, for a chunked request, the chunked decoder fed in pieces.
/// </summary>
public sealed class HttpParserTarget : IFuzzTarget
{
    public const int BufferBytes = 1024;
    private static readonly byte[][] Names =
    {
        HttpAscii.Encode("host"), HttpAscii.Encode("content-type"), HttpAscii.Encode("connection"), HttpAscii.Encode("accept-encoding"),
    };
    private static readonly byte[] Close = HttpAscii.Encode("close");
    private static readonly byte[] TransferEncoding = HttpAscii.Encode("transfer-encoding");
    private static readonly byte[] Chunked = HttpAscii.Encode("chunked");
    private static readonly byte[] Etag = HttpAscii.Encode("\"abc\"");

    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly HttpRequest _request;
    private readonly byte[] _scratch = new byte[16];
    private readonly HttpChunkedDecoder _chunked = new HttpChunkedDecoder();

    public HttpParserTarget()
    {
        _request = new HttpRequest(_buffer);
    }

    public string Name => "http-parser";

    public string Description => "one HTTP request head (and chunked body) into HttpRequestParser and HttpChunkedDecoder: [piece size][bytes]";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        int piece = input.TakeByte() % 64 + 1;
        System.Array.Clear(_buffer);
        int filled = input.TakeInto(_buffer, 0, BufferBytes);
        int headEnd = -1;
        int from = 0;
        // The server searches each time more bytes arrive: resume where the last search stopped.
        for (int end = piece < filled ? piece : filled; ; end = end + piece < filled ? end + piece : filled)
        {
            headEnd = HttpRequestParser.FindHeadEnd(_buffer, 0, from, end);
            from = end;
            if (headEnd >= 0 || end == filled)
            {
                break;
            }
        }
        if (headEnd < 0)
        {
            HttpRequestParser.OversizeStatus(_buffer, 0, filled);
            return;
        }
        if (HttpRequestParser.Parse(_request, 0, headEnd) != 0)
        {
            return;
        }
        int fieldsEnd = headEnd;
        foreach (byte[] name in Names)
        {
            if (HttpRequestParser.FindHeader(_buffer, 0, fieldsEnd, name, out int valueOffset, out int valueLength))
            {
                HttpRequestParser.ListContainsToken(_buffer, valueOffset, valueOffset + valueLength, Close);
                HttpRequestParser.ListContainsEntityTag(_buffer, valueOffset, valueLength, Etag);
            }
        }
        _request.PathEquals("/api/status");
        _request.TryGetQueryInt("pin", _scratch, out _);
        if (!HttpRequestParser.FindHeader(_buffer, 0, fieldsEnd, TransferEncoding, out int teOffset, out int teLength)
            || !HttpRequestParser.ListContainsToken(_buffer, teOffset, teOffset + teLength, Chunked))
        {
            return;
        }
        _chunked.Reset(headEnd, 512);
        for (int end = headEnd + piece < filled ? headEnd + piece : filled; ; end = end + piece < filled ? end + piece : filled)
        {
            int status = _chunked.Decode(_buffer, end);
            if (status != HttpChunkedDecoder.NeedMore || end == filled)
            {
                break;
            }
            int newEnd = _chunked.Compact(_buffer, end);
            if (newEnd > end)
            {
                throw new System.InvalidOperationException("chunked Compact grew the data");
            }
        }
    }
}
