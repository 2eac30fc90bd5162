namespace Firmware.Services.Http
{
    /// <summary>What the HTTP server did, counted: connections, requests, each status it answered, and why connections ended.</summary>
    public class HttpCounters
    {
        /// <summary>Connections accepted into a slot.</summary>
        public int Connections;
        /// <summary>Request heads parsed (well-formed or not).</summary>
        public int Requests;
        /// <summary>Requests served on a connection that had served one before (keep-alive reuse).</summary>
        public int KeepAliveRequests;
        /// <summary>Requests whose bytes had arrived before the previous response was done (pipelined).</summary>
        public int PipelinedRequests;
        /// <summary>Final responses sent.</summary>
        public int Responses;
        /// <summary>Responses 200–299.</summary>
        public int Status2xx;
        /// <summary>Responses 300–399.</summary>
        public int Status3xx;
        /// <summary>Responses 400–499.</summary>
        public int Status4xx;
        /// <summary>Responses 500–599.</summary>
        public int Status5xx;
        /// <summary>Interim 100 (Continue) responses sent for Expect: 100-continue.</summary>
        public int Continues;
        /// <summary>304: the client's copy is current (If-None-Match).</summary>
        public int NotModified;
        /// <summary>400: malformed request line, field line or framing.</summary>
        public int BadRequests;
        /// <summary>404: no route and no static file.</summary>
        public int NotFound;
        /// <summary>405: the path exists, the method does not (answered with Allow).</summary>
        public int MethodNotAllowed;
        /// <summary>406: the client refused the only coding a static file has.</summary>
        public int NotAcceptable;
        /// <summary>408: the head did not complete (or a body stalled) within RequestTimeoutMs.</summary>
        public int RequestTimeouts;
        /// <summary>413: the body is larger than MaxBodyBytes or the request buffer.</summary>
        public int ContentTooLarge;
        /// <summary>414: the request line did not fit in the request buffer.</summary>
        public int UriTooLong;
        /// <summary>417: an Expect other than 100-continue.</summary>
        public int ExpectationFailed;
        /// <summary>431: the field section did not fit in the request buffer.</summary>
        public int HeaderFieldsTooLarge;
        /// <summary>500: a handler threw, or its response did not fit the response buffer.</summary>
        public int InternalErrors;
        /// <summary>501: an unknown method or transfer coding.</summary>
        public int NotImplemented;
        /// <summary>505: an HTTP major version other than 1.</summary>
        public int VersionNotSupported;
        /// <summary>Handlers that threw (each answered 500).</summary>
        public int HandlerExceptions;
        /// <summary>Connections closed because they sat idle between requests for IdleTimeoutMs.</summary>
        public int IdleTimeouts;
        /// <summary>Idle keep-alive connections closed to give their slot to a waiting connection.</summary>
        public int IdleEvictions;
        /// <summary>Connections reset, lost, or stalled (peer not reading) in the middle of a request or response.</summary>
        public int Aborted;
        /// <summary>Streamed bodies that reached their end.</summary>
        public int StreamsCompleted;
        /// <summary>Streamed bodies cut short (connection lost, or the source ended before its announced length).</summary>
        public int StreamsAborted;
        /// <summary>Request bytes read from TCP.</summary>
        public long BytesReceived;
        /// <summary>Response bytes (heads and bodies) queued into TCP.</summary>
        public long BytesSent;

        /// <summary>One line of the main counters (allocates: for people).</summary>
        public string Describe()
        {
            return "http: connections " + Connections.ToString() + " requests " + Requests.ToString()
                + " (keep-alive " + KeepAliveRequests.ToString() + ", pipelined " + PipelinedRequests.ToString() + ")"
                + " responses " + Responses.ToString() + " [2xx " + Status2xx.ToString() + " 3xx " + Status3xx.ToString()
                + " 4xx " + Status4xx.ToString() + " 5xx " + Status5xx.ToString() + "]"
                + " 100 " + Continues.ToString() + " 304 " + NotModified.ToString()
                + " 400 " + BadRequests.ToString() + " 404 " + NotFound.ToString() + " 405 " + MethodNotAllowed.ToString()
                + " 406 " + NotAcceptable.ToString() + " 408 " + RequestTimeouts.ToString() + " 413 " + ContentTooLarge.ToString()
                + " 414 " + UriTooLong.ToString() + " 417 " + ExpectationFailed.ToString() + " 431 " + HeaderFieldsTooLarge.ToString()
                + " 500 " + InternalErrors.ToString() + " 501 " + NotImplemented.ToString() + " 505 " + VersionNotSupported.ToString()
                + " idle-closed " + IdleTimeouts.ToString() + " evicted " + IdleEvictions.ToString() + " aborted " + Aborted.ToString()
                + " streams " + StreamsCompleted.ToString() + "/" + StreamsAborted.ToString() + " aborted"
                + " bytes in " + BytesReceived.ToString() + " out " + BytesSent.ToString();
        }

        /// <summary>Counts one final response of <paramref name="status"/>.</summary>
        internal void CountResponse(int status)
        {
            Responses++;
            if (status < 300) { Status2xx++; }
            else if (status < 400) { Status3xx++; }
            else if (status < 500) { Status4xx++; }
            else { Status5xx++; }
            switch (status)
            {
                case 304: NotModified++; break;
                case 400: BadRequests++; break;
                case 404: NotFound++; break;
                case 405: MethodNotAllowed++; break;
                case 406: NotAcceptable++; break;
                case 408: RequestTimeouts++; break;
                case 413: ContentTooLarge++; break;
                case 414: UriTooLong++; break;
                case 417: ExpectationFailed++; break;
                case 431: HeaderFieldsTooLarge++; break;
                case 500: InternalErrors++; break;
                case 501: NotImplemented++; break;
                case 505: VersionNotSupported++; break;
            }
        }
    }
}
