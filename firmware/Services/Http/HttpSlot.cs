using System;
using Firmware.Net.Transport;

namespace Firmware.Services.Http
{
    /// <summary>
    /// One connection slot of the server: its request buffer and the phases of a request on a persistent
    /// connection (RFC 9112 §9). Head: read until the field section is complete (or refuse it); Body: read the
    /// Content-Length or chunked body; Respond: once the send ring has room for the whole response buffer, run
    /// the handler and queue the head and a buffered body; Send: queue the rest of a large or streamed body as
    /// room frees; then either the next request (pipelined bytes move to the front of the buffer) or Linger: FIN
    /// sent, the client's remaining input read and dropped, then the close.
    /// </summary>
    internal class HttpSlot
    {
        internal const int Free = 0;
        internal const int Head = 1;
        internal const int Body = 2;
        internal const int Respond = 3;
        internal const int Send = 4;
        internal const int Linger = 5;

        private static readonly byte[] ContinueResponse = HttpAscii.Encode("HTTP/1.1 100 Continue\r\n\r\n");

        private readonly HttpServer _server;
        private readonly HttpServerConfig _config;
        private readonly HttpCounters _counters;
        private readonly byte[] _buffer;
        private readonly HttpRequest _request;
        private readonly HttpResponse _response;
        private readonly HttpChunkedDecoder _chunked = new HttpChunkedDecoder();

        private TcpConnection _connection;
        private int _phase;
        private int _filled;
        private int _scan;
        private int _headEnd;
        private int _consumed;
        private bool _requestStarted;
        private bool _arrivedEarly;
        private long _deadlineMs;
        private long _lastActivityMs;
        private int _served;
        private int _budget;
        private int _pendingStatus;
        private int _allowMask;
        private HttpHandler _handler;
        private bool _forceClose;
        private bool _continuePending;

        internal HttpSlot(HttpServer server, int index, byte[] compose, JsonWriter body)
        {
            _server = server;
            _config = server.Config;
            _counters = server.Counters;
            _buffer = new byte[_config.RequestBufferBytes];
            _request = new HttpRequest(_buffer);
            _request._slot = index;
            _response = new HttpResponse(index, compose, _config.ResponseHeaderBytes, body);
        }

        internal int Phase { get { return _phase; } }

        internal TcpConnection Connection { get { return _connection; } }

        /// <summary>True when no request is in progress (a keep-alive connection waiting, or a fresh one that sent nothing, not even unread bytes).</summary>
        internal bool IsIdle
        {
            get { return _phase == Head && _filled == 0 && !_requestStarted && _connection.BytesAvailable == 0; }
        }

        internal long LastActivityMs { get { return _lastActivityMs; } }

        /// <summary>When this slot must be polled again (absolute ms); <paramref name="nowMs"/> when it has work now.</summary>
        internal long NextDeadlineMs(long nowMs)
        {
            switch (_phase)
            {
                case Free:
                    return long.MaxValue;
                case Respond:
                    return _connection.SendSpace >= _config.ResponseBufferBytes ? nowMs : _deadlineMs;
                case Send:
                    return _connection.SendSpace > 0 ? nowMs : _deadlineMs;
                case Head:
                    return _filled > 0 && _budget == 0 ? nowMs : _deadlineMs;
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
            _request._remoteAddress = connection.RemoteAddress;
            _request._remotePort = connection.RemotePort;
            _filled = 0;
            _served = 0;
            _arrivedEarly = false;
            _lastActivityMs = nowMs;
            _counters.Connections++;
            NextRequest(nowMs);
        }

        /// <summary>Closes an idle connection to give the slot to a waiting one.</summary>
        internal void Evict()
        {
            Release();
        }

        /// <summary>Runs the slot's phases as far as they go now.</summary>
        internal void Poll(long nowMs)
        {
            _budget = _config.MaxRequestsPerPoll;
            bool more = true;
            while (more)
            {
                switch (_phase)
                {
                    case Head: more = PollHead(nowMs); break;
                    case Body: more = PollBody(nowMs); break;
                    case Respond: more = PollRespond(nowMs); break;
                    case Send: more = PollSend(nowMs); break;
                    case Linger: more = PollLinger(nowMs); break;
                    default: more = false; break;
                }
            }
        }

        private bool PollHead(long nowMs)
        {
            if (_budget == 0)
            {
                return false;
            }
            ReadInput(nowMs);
            if (!_requestStarted)
            {
                // RFC 9112 §2.2: empty lines before a request-line are ignored.
                int skip = 0;
                while (skip < _filled && (_buffer[skip] == HttpAscii.Cr || _buffer[skip] == HttpAscii.Lf)) { skip++; }
                if (skip > 0)
                {
                    HttpAscii.Move(_buffer, skip, 0, _filled - skip);
                    _filled -= skip;
                }
            }
            if (_filled == 0)
            {
                if (_connection.IsReceiveClosed || _connection.State == TcpState.Closed)
                {
                    Release();
                }
                else if (nowMs >= _deadlineMs)
                {
                    _counters.IdleTimeouts++;
                    Release();
                }
                return false;
            }
            if (!_requestStarted)
            {
                _requestStarted = true;
                _deadlineMs = nowMs + _config.RequestTimeoutMs;
                if (_served > 0)
                {
                    _counters.KeepAliveRequests++;
                }
                if (_arrivedEarly)
                {
                    _counters.PipelinedRequests++;
                }
            }
            int headEnd = HttpRequestParser.FindHeadEnd(_buffer, 0, _scan, _filled);
            if (headEnd < 0)
            {
                // The last two bytes are looked at again next time (a line end may straddle the arrival).
                _scan = _filled;
                if (_filled == _buffer.Length)
                {
                    return Reject(HttpRequestParser.OversizeStatus(_buffer, 0, _filled), nowMs);
                }
                if (_connection.IsReceiveClosed || _connection.State == TcpState.Closed)
                {
                    _counters.Aborted++;
                    Release();
                    return false;
                }
                if (nowMs >= _deadlineMs)
                {
                    return Reject(HttpStatus.RequestTimeout, nowMs);
                }
                return false;
            }
            _counters.Requests++;
            int status = HttpRequestParser.Parse(_request, 0, headEnd);
            if (status != 0)
            {
                return Reject(status, nowMs);
            }
            _headEnd = headEnd;
            _request._bodyOffset = headEnd;
            long contentLength = _request._contentLength;
            if (contentLength > _config.MaxBodyBytes || headEnd + contentLength > _buffer.Length)
            {
                return Reject(HttpStatus.ContentTooLarge, nowMs);
            }
            Route();
            bool hasBody = _request._chunked || contentLength > 0;
            if (!hasBody)
            {
                _consumed = headEnd;
                return EnterRespond(nowMs);
            }
            if (_request._expectContinue && _pendingStatus != 0 && _pendingStatus != HttpStatus.NoContent)
            {
                // RFC 9110 §10.1.1: refused before the body was sent; say so and close rather than read it.
                _forceClose = true;
                return EnterRespond(nowMs);
            }
            // RFC 9110 §10.1.1: no 100 when some of the body is already here.
            _continuePending = _request._expectContinue && _filled == headEnd;
            if (_request._chunked)
            {
                int room = _buffer.Length - headEnd;
                _chunked.Reset(headEnd, _config.MaxBodyBytes < room ? _config.MaxBodyBytes : room);
            }
            _phase = Body;
            _deadlineMs = nowMs + _config.RequestTimeoutMs;
            return true;
        }

        private bool PollBody(long nowMs)
        {
            if (_continuePending && _connection.SendSpace >= ContinueResponse.Length)
            {
                _counters.BytesSent += _connection.Send(ContinueResponse, 0, ContinueResponse.Length);
                _counters.Continues++;
                _continuePending = false;
            }
            int before = _filled;
            ReadInput(nowMs);
            bool progress = _filled != before;
            if (_request._chunked)
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
                    ReadInput(nowMs);
                    result = _chunked.Decode(_buffer, _filled);
                }
                if (result >= 400)
                {
                    return Reject(result, nowMs);
                }
                if (result == HttpChunkedDecoder.Complete)
                {
                    _request._bodyLength = _chunked.BodyLength;
                    _consumed = _chunked.ReadPosition;
                    return EnterRespond(nowMs);
                }
            }
            else if (_filled - _headEnd >= _request._contentLength)
            {
                _request._bodyLength = (int)_request._contentLength;
                _consumed = _headEnd + _request._bodyLength;
                return EnterRespond(nowMs);
            }
            if (progress)
            {
                _deadlineMs = nowMs + _config.RequestTimeoutMs;
            }
            if (_connection.IsReceiveClosed || _connection.State == TcpState.Closed)
            {
                _counters.Aborted++;
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
            if (_connection.State == TcpState.Closed)
            {
                _counters.Aborted++;
                Release();
                return false;
            }
            if (_connection.SendSpace < _config.ResponseBufferBytes)
            {
                if (nowMs >= _deadlineMs)
                {
                    // The client has not read our earlier responses for a whole timeout.
                    _counters.Aborted++;
                    Abort();
                }
                return false;
            }
            HttpResponse response = _response;
            response.Begin(_request._keepAlive && !_forceClose);
            if (_pendingStatus != 0)
            {
                response.Status = _pendingStatus;
                if (_pendingStatus == HttpStatus.MethodNotAllowed || _pendingStatus == HttpStatus.NoContent)
                {
                    response.AddAllow(_allowMask);
                }
            }
            else
            {
                try
                {
                    _handler(_request, response);
                }
                catch (Exception)
                {
                    // A handler's bug costs its request a 500, not the device its server.
                    _counters.HandlerExceptions++;
                    response.Fail(HttpStatus.InternalServerError);
                }
            }
            _served++;
            _budget--;
            if (response.Commit(_connection, _request.IsHead, _request.VersionMinor, _counters))
            {
                _phase = Send;
                _deadlineMs = nowMs + _config.RequestTimeoutMs;
                return true;
            }
            Finish(nowMs);
            return true;
        }

        private bool PollSend(long nowMs)
        {
            if (_connection.State == TcpState.Closed)
            {
                _response.Abandon(_counters);
                _counters.Aborted++;
                Release();
                return false;
            }
            int queued = _response.Continue(_connection, _counters);
            if (_response.IsBroken)
            {
                _counters.Aborted++;
                Abort();
                return false;
            }
            if (!_response.IsSending)
            {
                Finish(nowMs);
                return true;
            }
            if (queued > 0)
            {
                _deadlineMs = nowMs + _config.RequestTimeoutMs;
            }
            else if (_connection.SendSpace == 0 && nowMs >= _deadlineMs)
            {
                // The client stopped reading (zero window) for a whole timeout.
                _response.Abandon(_counters);
                _counters.Aborted++;
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
            if (_response.ClosesConnection || _forceClose)
            {
                // RFC 9112 §9.6: half close first, keep reading, so the client gets the response instead of a RST.
                _connection.Shutdown();
                _phase = Linger;
                _deadlineMs = nowMs + _config.LingerMs;
                return;
            }
            int rest = _filled - _consumed;
            HttpAscii.Move(_buffer, _consumed, 0, rest);
            _filled = rest;
            _arrivedEarly = rest > 0;
            NextRequest(nowMs);
        }

        private void NextRequest(long nowMs)
        {
            _request.Reset();
            _phase = Head;
            _scan = 0;
            _headEnd = 0;
            _consumed = 0;
            _requestStarted = false;
            _pendingStatus = 0;
            _allowMask = 0;
            _handler = null;
            _forceClose = false;
            _continuePending = false;
            _deadlineMs = nowMs + _config.IdleTimeoutMs;
        }

        /// <summary>Picks the handler (or the status the server answers itself) for the parsed request.</summary>
        private void Route()
        {
            HttpRouter router = _server.Router;
            if (_request.Method == HttpMethod.Options)
            {
                // RFC 9110 §9.3.7: OPTIONS is answered 204 with the methods of the path ("*": of the server).
                int mask;
                if (_request.PathLength == 1 && _request.Buffer[_request.PathOffset] == '*')
                {
                    mask = HttpRouter.AllowGet | HttpRouter.AllowPost | HttpRouter.AllowPut | HttpRouter.AllowDelete;
                }
                else
                {
                    router.Find(_request, out mask);
                }
                if (mask != 0)
                {
                    _pendingStatus = HttpStatus.NoContent;
                    _allowMask = mask;
                    return;
                }
            }
            else
            {
                int mask;
                HttpHandler handler = router.Find(_request, out mask);
                if (handler != null)
                {
                    _handler = handler;
                    return;
                }
                if (mask != 0)
                {
                    _pendingStatus = HttpStatus.MethodNotAllowed;
                    _allowMask = mask;
                    return;
                }
            }
            if (router.Fallback != null)
            {
                _handler = router.Fallback;
                return;
            }
            _pendingStatus = HttpStatus.NotFound;
        }

        private bool Reject(int status, long nowMs)
        {
            // A refused request's framing is not to be trusted: answer, then close.
            _pendingStatus = status;
            _handler = null;
            _forceClose = true;
            return EnterRespond(nowMs);
        }

        private bool EnterRespond(long nowMs)
        {
            _phase = Respond;
            _deadlineMs = nowMs + _config.RequestTimeoutMs;
            return true;
        }

        private void ReadInput(long nowMs)
        {
            int room = _buffer.Length - _filled;
            if (room == 0)
            {
                return;
            }
            int n = _connection.Receive(_buffer, _filled, room);
            if (n > 0)
            {
                _filled += n;
                _counters.BytesReceived += n;
                _lastActivityMs = nowMs;
            }
        }

        private void Abort()
        {
            _connection.Abort();
            _connection = null;
            _phase = Free;
        }

        private void Release()
        {
            if (_response.IsSending)
            {
                _response.Abandon(_counters);
            }
            _connection.Close();
            _connection = null;
            _phase = Free;
        }
    }
}
