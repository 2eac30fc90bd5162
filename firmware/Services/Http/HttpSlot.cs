using System;
using Firmware.Net.Transport;

namespace Firmware.Services.Http
{
    /// <summary>
    /// One connection slot of the server, and the request view its handlers get: the request buffer and the phases
    /// of a request on a persistent connection (RFC 9112 §9). Head: read until the field section is complete (or
    /// refuse it); Body: read the Content-Length or chunked body; Respond: once the send ring has room for the whole
    /// response buffer, run the handler and queue the head and a buffered body; Send: queue the rest of a large or
    /// streamed body as room frees; then either the next request (pipelined bytes move to the front of the buffer)
    /// or Linger: FIN sent, the client's remaining input read and dropped, then the close. Few fields on purpose:
    /// nanoFramework spends a 12-byte heap block on each, per slot.
    /// </summary>
    internal class HttpSlot : HttpRequest
    {
        internal const int Free = 0;
        internal const int Head = 1;
        internal const int Body = 2;
        internal const int Respond = 3;
        internal const int Send = 4;
        internal const int Linger = 5;

        // _state: the phase in the low 3 bits, then flags.
        private const int PhaseMask = 0x7;
        private const int RequestStartedFlag = 0x8;
        private const int ArrivedEarlyFlag = 0x10;
        private const int ForceCloseFlag = 0x20;
        private const int ContinuePendingFlag = 0x40;
        private const int ServedFlag = 0x80;
        // Above the flags: the status the server answers itself (0: the handler answers) and the path's allow mask.
        private const int AllowShift = 8;
        private const int StatusShift = 12;
        private const int AllowMask = 0xF;

        private static readonly byte[] ContinueResponse = HttpAscii.Encode("HTTP/1.1 100 Continue\r\n\r\n");

        private readonly HttpServer _server;
        private readonly HttpChunkedDecoder _chunked = new HttpChunkedDecoder();
        private readonly HttpBodySender _sender = new HttpBodySender();
        private int _state;
        private int _filled;
        private long _deadlineMs;
        private HttpHandler _handler;

        internal HttpSlot(HttpServer server, int index) : base(new byte[server.Config.RequestBufferBytes])
        {
            _server = server;
            SetSlot(index);
        }

        internal int Phase { get { return _state & PhaseMask; } }

        internal TcpConnection Connection { get { return _connection; } }

        /// <summary>True when no request is in progress (a keep-alive connection waiting, or a fresh one that sent nothing, not even unread bytes).</summary>
        internal bool IsIdle
        {
            get { return Phase == Head && _filled == 0 && !Is(RequestStartedFlag) && _connection.BytesAvailable == 0; }
        }

        /// <summary>For an idle slot: when it times out (the oldest idle one goes first when a connection waits).</summary>
        internal long DeadlineMs { get { return _deadlineMs; } }

        /// <summary>When this slot must be polled again (absolute ms); <paramref name="nowMs"/> when it has work now.</summary>
        internal long NextDeadlineMs(long nowMs)
        {
            switch (Phase)
            {
                case Free:
                    return long.MaxValue;
                case Respond:
                    return _connection.SendSpace >= _server.Config.ResponseBufferBytes ? nowMs : _deadlineMs;
                case Send:
                    return _connection.SendSpace > 0 ? nowMs : _deadlineMs;
                case Head:
                    // Pipelined bytes left for the next poll.
                    return _filled > 0 && !Is(RequestStartedFlag) ? nowMs : _deadlineMs;
                default:
                    return _deadlineMs;
            }
        }

        /// <summary>Takes a freshly accepted connection.</summary>
        internal void Start(TcpConnection connection, long nowMs)
        {
            _connection = connection;
            // Responses go out whole; Nagle would hold a response's tail for the client's delayed ACK.
            connection.NoDelay = true;
            _filled = 0;
            _state = 0;
            _server.Counters.Connections++;
            NextRequest(nowMs);
        }

        /// <summary>Closes an idle connection to give the slot to a waiting one.</summary>
        internal void Evict()
        {
            Release();
        }

        /// <summary>Runs the slot's phases as far as they go now (at most MaxRequestsPerPoll responses).</summary>
        internal void Poll(long nowMs)
        {
            int budget = _server.Config.MaxRequestsPerPoll;
            bool more = true;
            while (more)
            {
                switch (Phase)
                {
                    case Head:
                        more = budget > 0 && PollHead(nowMs);
                        break;
                    case Body:
                        more = PollBody(nowMs);
                        break;
                    case Respond:
                        more = PollRespond(nowMs);
                        if (Phase != Respond)
                        {
                            budget--;
                        }
                        break;
                    case Send:
                        more = PollSend(nowMs);
                        break;
                    case Linger:
                        more = PollLinger(nowMs);
                        break;
                    default:
                        more = false;
                        break;
                }
            }
        }

        private bool PollHead(long nowMs)
        {
            int before = ReadInput();
            HttpServerConfig config = _server.Config;
            if (!Is(RequestStartedFlag))
            {
                // RFC 9112 §2.2: empty lines before a request-line are ignored.
                int skip = 0;
                while (skip < _filled && (_buffer[skip] == HttpAscii.Cr || _buffer[skip] == HttpAscii.Lf)) { skip++; }
                if (skip > 0)
                {
                    HttpAscii.Move(_buffer, skip, 0, _filled - skip);
                    _filled -= skip;
                }
                if (_filled == 0)
                {
                    if (_connection.IsReceiveClosed || _connection.State == TcpState.Closed)
                    {
                        Release();
                    }
                    else if (nowMs >= _deadlineMs)
                    {
                        _server.Counters.IdleTimeouts++;
                        Release();
                    }
                    return false;
                }
                Set(RequestStartedFlag, true);
                // Scan the whole buffer this first time (pipelined bytes were never scanned).
                before = 0;
                _deadlineMs = nowMs + config.RequestTimeoutMs;
                if (Is(ServedFlag))
                {
                    _server.Counters.KeepAliveRequests++;
                }
                if (Is(ArrivedEarlyFlag))
                {
                    _server.Counters.PipelinedRequests++;
                }
            }
            int headEnd = HttpRequestParser.FindHeadEnd(_buffer, 0, before, _filled);
            if (headEnd < 0)
            {
                if (_filled == _buffer.Length)
                {
                    return Reject(HttpRequestParser.OversizeStatus(_buffer, 0, _filled), nowMs);
                }
                return AwaitMoreInput(nowMs);
            }
            _server.Counters.Requests++;
            int status = HttpRequestParser.Parse(this, 0, headEnd);
            if (status != 0)
            {
                return Reject(status, nowMs);
            }
            int contentLength = ContentLength;
            if (contentLength > config.MaxBodyBytes || headEnd + contentLength > _buffer.Length)
            {
                return Reject(HttpStatus.ContentTooLarge, nowMs);
            }
            Route();
            bool chunked = HasFlag(ChunkedBit);
            if (!chunked && contentLength <= 0)
            {
                return EnterRespond(nowMs);
            }
            bool expect = HasFlag(ExpectContinueBit);
            int pendingStatus = PendingStatus;
            if (expect && pendingStatus != 0 && pendingStatus != HttpStatus.NoContent)
            {
                // RFC 9110 §10.1.1: refused before the body was sent; say so and close rather than read it.
                Set(ForceCloseFlag, true);
                return EnterRespond(nowMs);
            }
            // RFC 9110 §10.1.1: no 100 when some of the body is already here.
            Set(ContinuePendingFlag, expect && _filled == headEnd);
            if (chunked)
            {
                int room = _buffer.Length - headEnd;
                _chunked.Reset(headEnd, config.MaxBodyBytes < room ? config.MaxBodyBytes : room);
            }
            SetPhase(Body);
            _deadlineMs = nowMs + config.RequestTimeoutMs;
            return true;
        }

        private bool PollBody(long nowMs)
        {
            if (Is(ContinuePendingFlag) && _connection.SendSpace >= ContinueResponse.Length)
            {
                _server.Counters.BytesSent += _connection.Send(ContinueResponse, 0, ContinueResponse.Length);
                _server.Counters.Continues++;
                Set(ContinuePendingFlag, false);
            }
            int before = ReadInput();
            bool progress = _filled != before;
            int headEnd = Offset(_body);
            if (HasFlag(ChunkedBit))
            {
                int result = _chunked.Decode(_buffer, _filled);
                while (result == HttpChunkedDecoder.NeedMore && _filled == _buffer.Length)
                {
                    // Framing bytes already decoded sit between the body and the raw rest: reclaim them and read on.
                    _filled = _chunked.Compact(_buffer, _filled);
                    if (_filled == _buffer.Length)
                    {
                        return Reject(HttpStatus.ContentTooLarge, nowMs);
                    }
                    ReadInput();
                    result = _chunked.Decode(_buffer, _filled);
                }
                if (result >= 400)
                {
                    return Reject(result, nowMs);
                }
                if (result == HttpChunkedDecoder.Complete)
                {
                    _body = Pack(headEnd, _chunked.BodyLength);
                    return EnterRespond(nowMs);
                }
            }
            else if (_filled - headEnd >= Length(_body))
            {
                return EnterRespond(nowMs);
            }
            if (progress)
            {
                _deadlineMs = nowMs + _server.Config.RequestTimeoutMs;
            }
            return AwaitMoreInput(nowMs);
        }

        /// <summary>The request is incomplete: the client is gone (the slot is freed), out of time (408), or we wait.</summary>
        private bool AwaitMoreInput(long nowMs)
        {
            if (_connection.IsReceiveClosed || _connection.State == TcpState.Closed)
            {
                _server.Counters.Aborted++;
                Release();
                return false;
            }
            if (nowMs >= _deadlineMs)
            {
                return Reject(HttpStatus.RequestTimeout, nowMs);
            }
            return false;
        }

        private bool PollRespond(long nowMs)
        {
            HttpCounters counters = _server.Counters;
            if (_connection.State == TcpState.Closed)
            {
                counters.Aborted++;
                Release();
                return false;
            }
            if (_connection.SendSpace < _server.Config.ResponseBufferBytes)
            {
                if (nowMs >= _deadlineMs)
                {
                    // The client has not read our earlier responses for a whole timeout.
                    counters.Aborted++;
                    Abort();
                }
                return false;
            }
            HttpResponse response = _server.Response;
            response.Begin(Slot, KeepAlive && !Is(ForceCloseFlag));
            int pendingStatus = PendingStatus;
            if (pendingStatus != 0)
            {
                response.Status = pendingStatus;
                if (pendingStatus == HttpStatus.MethodNotAllowed || pendingStatus == HttpStatus.NoContent)
                {
                    response.AddAllow((_state >> AllowShift) & AllowMask);
                }
            }
            else
            {
                try
                {
                    _handler(this, response);
                }
                catch (Exception)
                {
                    // A handler's bug costs its request a 500, not the device its server.
                    counters.HandlerExceptions++;
                    response.Fail(HttpStatus.InternalServerError);
                }
            }
            Set(ServedFlag, true);
            response.SetDate(_server.Clock != null ? _server.Clock.UnixSeconds(nowMs) : -1);
            bool more = response.Commit(_connection, IsHead, VersionMinor, counters, _sender);
            if (response.ClosesConnection)
            {
                Set(ForceCloseFlag, true);
            }
            if (more)
            {
                SetPhase(Send);
                _deadlineMs = nowMs + _server.Config.RequestTimeoutMs;
                return true;
            }
            Finish(nowMs);
            return true;
        }

        private bool PollSend(long nowMs)
        {
            HttpCounters counters = _server.Counters;
            if (_connection.State == TcpState.Closed)
            {
                counters.Aborted++;
                Release();
                return false;
            }
            int queued = _sender.Continue(Slot, _connection, _server.Compose, counters);
            if (_sender.IsBroken)
            {
                counters.Aborted++;
                Abort();
                return false;
            }
            if (!_sender.IsActive)
            {
                Finish(nowMs);
                return true;
            }
            if (queued > 0)
            {
                _deadlineMs = nowMs + _server.Config.RequestTimeoutMs;
            }
            else if ((_connection.SendSpace == 0 || _connection.IsReceiveClosed) && nowMs >= _deadlineMs)
            {
                // No progress for a whole timeout while the client stopped reading (zero window), or after it closed
                // its side (a stream with nothing to send would otherwise hold the slot in CLOSE_WAIT for ever).
                counters.Aborted++;
                Abort();
            }
            return false;
        }

        private bool PollLinger(long nowMs)
        {
            while (_connection.Receive(_buffer, 0, _buffer.Length) > 0)
            {
            }
            if (_connection.IsReceiveClosed || _connection.State == TcpState.Closed || nowMs >= _deadlineMs)
            {
                Release();
            }
            return false;
        }

        /// <summary>The response is queued: next request on this connection, or the close.</summary>
        private void Finish(long nowMs)
        {
            if (Is(ForceCloseFlag))
            {
                // RFC 9112 §9.6: half close first, keep reading, so the client gets the response instead of a RST.
                _connection.Shutdown();
                SetPhase(Linger);
                _deadlineMs = nowMs + _server.Config.LingerMs;
                return;
            }
            // Where this request's bytes end: after the decoded chunked framing, or after the Content-Length body.
            int consumed = HasFlag(ChunkedBit) ? _chunked.ReadPosition : Offset(_body) + Length(_body);
            int rest = _filled - consumed;
            HttpAscii.Move(_buffer, consumed, 0, rest);
            _filled = rest;
            Set(ArrivedEarlyFlag, rest > 0);
            NextRequest(nowMs);
        }

        private void NextRequest(long nowMs)
        {
            Reset();
            _handler = null;
            _state &= ArrivedEarlyFlag | ServedFlag;
            SetPhase(Head);
            _deadlineMs = nowMs + _server.Config.IdleTimeoutMs;
        }

        /// <summary>Picks the handler (or the status the server answers itself) for the parsed request.</summary>
        private void Route()
        {
            HttpRouter router = _server.Router;
            int mask;
            if (Method == HttpMethod.Options)
            {
                // RFC 9110 §9.3.7: OPTIONS is answered 204 with the methods of the path ("*": of the server).
                if (PathLength == 1 && _buffer[PathOffset] == '*')
                {
                    mask = HttpRouter.AllowGet | HttpRouter.AllowPost | HttpRouter.AllowPut | HttpRouter.AllowDelete;
                }
                else
                {
                    router.Find(this, out mask);
                }
                if (mask != 0)
                {
                    SetPending(HttpStatus.NoContent, mask);
                    return;
                }
            }
            else
            {
                HttpHandler handler = router.Find(this, out mask);
                if (handler != null)
                {
                    _handler = handler;
                    return;
                }
                if (mask != 0)
                {
                    SetPending(HttpStatus.MethodNotAllowed, mask);
                    return;
                }
            }
            if (router.Fallback != null)
            {
                _handler = router.Fallback;
                return;
            }
            SetPending(HttpStatus.NotFound, 0);
        }

        private bool Reject(int status, long nowMs)
        {
            // A refused request's framing is not to be trusted: answer, then close.
            SetPending(status, 0);
            _handler = null;
            Set(ForceCloseFlag, true);
            return EnterRespond(nowMs);
        }

        private bool EnterRespond(long nowMs)
        {
            SetPhase(Respond);
            _deadlineMs = nowMs + _server.Config.RequestTimeoutMs;
            return true;
        }

        /// <summary>Reads what fits into the buffer; returns the fill level before.</summary>
        private int ReadInput()
        {
            int before = _filled;
            int room = _buffer.Length - _filled;
            if (room > 0)
            {
                int n = _connection.Receive(_buffer, _filled, room);
                if (n > 0)
                {
                    _filled += n;
                    _server.Counters.BytesReceived += n;
                }
            }
            return before;
        }

        private void Abort()
        {
            _sender.Abandon(Slot, _server.Counters);
            _connection.Abort();
            _connection = null;
            SetPhase(Free);
        }

        private void Release()
        {
            _sender.Abandon(Slot, _server.Counters);
            _connection.Close();
            _connection = null;
            SetPhase(Free);
        }

        private int PendingStatus { get { return _state >> StatusShift; } }

        private void SetPending(int status, int allowMask)
        {
            _state = (_state & ((1 << AllowShift) - 1)) | allowMask << AllowShift | status << StatusShift;
        }

        private bool Is(int flag)
        {
            return (_state & flag) != 0;
        }

        private void Set(int flag, bool on)
        {
            _state = on ? _state | flag : _state & ~flag;
        }

        private void SetPhase(int phase)
        {
            _state = (_state & ~PhaseMask) | phase;
        }
    }
}
