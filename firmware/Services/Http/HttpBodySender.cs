using Firmware.Net.Transport;

namespace Firmware.Services.Http
{
    /// <summary>
    /// The part of a response that outlives its handler: a byte-array or streamed body, moved into the connection's
    /// send ring a piece at a time as room frees. One per slot (a few fields: nanoFramework spends a heap block on each).
    /// </summary>
    internal class HttpBodySender
    {
        private const int ActiveFlag = 1;
        private const int ChunkedFlag = 2;
        private const int BrokenFlag = 4;

        // Chunk framing around streamed data: "XXX\r\n" before (right-aligned in 6 bytes), "\r\n" after (RFC 9112 §7.1).
        private const int ChunkHeadRoom = 6;
        private const int ChunkOverhead = ChunkHeadRoom + 2;

        private static readonly byte[] LastChunk = HttpAscii.Encode("0\r\n\r\n");

        // The byte[] being sent, or the IHttpBodySource pulled from (one field: each costs a heap block per slot).
        private object _origin;
        private int _offset;
        private long _position;
        private long _remaining;
        private int _flags;

        /// <summary>True while body bytes remain to be queued.</summary>
        internal bool IsActive { get { return (_flags & ActiveFlag) != 0; } }

        /// <summary>True when a stream ended short of its Content-Length: the connection must be aborted.</summary>
        internal bool IsBroken { get { return (_flags & BrokenFlag) != 0; } }

        /// <summary>Sends <paramref name="length"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/>.</summary>
        internal void StartBytes(byte[] bytes, int offset, int length)
        {
            _origin = bytes;
            _offset = offset;
            _position = 0;
            _remaining = length;
            _flags = ActiveFlag;
        }

        /// <summary>Pulls from <paramref name="source"/>: <paramref name="length"/> bytes, or until it ends (-1); chunk-framed when <paramref name="chunked"/>.</summary>
        internal void StartStream(IHttpBodySource source, long length, bool chunked)
        {
            _origin = source;
            _position = 0;
            _remaining = length;
            _flags = chunked ? ActiveFlag | ChunkedFlag : ActiveFlag;
        }

        /// <summary>Queues what fits now (<paramref name="compose"/> is the shared scratch for streamed data); returns the bytes queued.</summary>
        internal int Continue(int slot, TcpConnection connection, byte[] compose, HttpCounters counters)
        {
            if (!IsActive)
            {
                return 0;
            }
            int queued;
            byte[] bytes = _origin as byte[];
            if (bytes != null)
            {
                queued = connection.Send(bytes, _offset + (int)_position, (int)_remaining);
                _position += queued;
                _remaining -= queued;
                if (_remaining == 0)
                {
                    Stop();
                }
            }
            else if ((_flags & ChunkedFlag) != 0)
            {
                queued = ContinueChunked(slot, connection, compose, counters);
            }
            else
            {
                queued = ContinuePlain(slot, connection, compose, counters);
            }
            counters.BytesSent += queued;
            return queued;
        }

        /// <summary>The connection is gone before the body was through.</summary>
        internal void Abandon(int slot, HttpCounters counters)
        {
            IHttpBodySource source = _origin as IHttpBodySource;
            if (IsActive && source != null)
            {
                source.Finish(slot, false);
                counters.StreamsAborted++;
            }
            Stop();
        }

        private int ContinueChunked(int slot, TcpConnection connection, byte[] compose, HttpCounters counters)
        {
            int queued = 0;
            while (IsActive)
            {
                int count = connection.SendSpace - ChunkOverhead;
                if (count > compose.Length - ChunkOverhead) { count = compose.Length - ChunkOverhead; }
                if (count < 1)
                {
                    break;
                }
                int n = ((IHttpBodySource)_origin).Read(slot, _position, compose, ChunkHeadRoom, count);
                if (n == 0)
                {
                    break;
                }
                if (n < 0)
                {
                    // The send space exceeds ChunkOverhead here, so the last chunk fits.
                    queued += connection.Send(LastChunk, 0, LastChunk.Length);
                    End(slot, counters);
                    break;
                }
                if (n > count) { n = count; }
                int start = ChunkHeadRoom - HttpAscii.HexLength(n) - 2;
                HttpAscii.WriteHex(compose, start, n);
                compose[ChunkHeadRoom - 2] = HttpAscii.Cr;
                compose[ChunkHeadRoom - 1] = HttpAscii.Lf;
                compose[ChunkHeadRoom + n] = HttpAscii.Cr;
                compose[ChunkHeadRoom + n + 1] = HttpAscii.Lf;
                queued += connection.Send(compose, start, ChunkHeadRoom + n + 2 - start);
                _position += n;
            }
            return queued;
        }

        private int ContinuePlain(int slot, TcpConnection connection, byte[] compose, HttpCounters counters)
        {
            int queued = 0;
            while (IsActive)
            {
                if (_remaining == 0)
                {
                    End(slot, counters);
                    break;
                }
                int count = connection.SendSpace;
                if (count > compose.Length) { count = compose.Length; }
                if (_remaining > 0 && count > _remaining) { count = (int)_remaining; }
                if (count < 1)
                {
                    break;
                }
                int n = ((IHttpBodySource)_origin).Read(slot, _position, compose, 0, count);
                if (n == 0)
                {
                    break;
                }
                if (n < 0)
                {
                    if (_remaining > 0)
                    {
                        // The source ended before the length it announced: the framing is broken, the connection must go.
                        Abandon(slot, counters);
                        _flags = BrokenFlag;
                        break;
                    }
                    End(slot, counters);
                    break;
                }
                if (n > count) { n = count; }
                queued += connection.Send(compose, 0, n);
                _position += n;
                if (_remaining > 0)
                {
                    _remaining -= n;
                }
            }
            return queued;
        }

        private void End(int slot, HttpCounters counters)
        {
            ((IHttpBodySource)_origin).Finish(slot, true);
            counters.StreamsCompleted++;
            Stop();
        }

        private void Stop()
        {
            _flags = 0;
            _origin = null;
        }
    }
}
