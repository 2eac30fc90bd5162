namespace Firmware.Services.Http
{
    /// <summary>What the HTTP server did, counted: connections, requests, each status it answered, and why connections ended.</summary>
    public class HttpCounters
    {
        // One array rather than a field each: on nanoFramework every field of an object takes a 12-byte heap block.
        private readonly int[] _n = new int[29];

        /// <summary>Connections accepted into a slot.</summary>
        public int Connections { get { return _n[0]; } internal set { _n[0] = value; } }
        /// <summary>Request heads parsed (well-formed or not).</summary>
        public int Requests { get { return _n[1]; } internal set { _n[1] = value; } }
        /// <summary>Requests served on a connection that had served one before (keep-alive reuse).</summary>
        public int KeepAliveRequests { get { return _n[2]; } internal set { _n[2] = value; } }
        /// <summary>Requests whose bytes had arrived before the previous response was done (pipelined).</summary>
        public int PipelinedRequests { get { return _n[3]; } internal set { _n[3] = value; } }
        /// <summary>Final responses sent.</summary>
        public int Responses { get { return _n[4]; } internal set { _n[4] = value; } }
        /// <summary>Responses 200–299.</summary>
        public int Status2xx { get { return _n[5]; } internal set { _n[5] = value; } }
        /// <summary>Responses 300–399.</summary>
        public int Status3xx { get { return _n[6]; } internal set { _n[6] = value; } }
        /// <summary>Responses 400–499.</summary>
        public int Status4xx { get { return _n[7]; } internal set { _n[7] = value; } }
        /// <summary>Responses 500–599.</summary>
        public int Status5xx { get { return _n[8]; } internal set { _n[8] = value; } }
        /// <summary>Interim 100 (Continue) responses sent for Expect: 100-continue.</summary>
        public int Continues { get { return _n[9]; } internal set { _n[9] = value; } }
        /// <summary>304: the client's copy is current (If-None-Match).</summary>
        public int NotModified { get { return _n[10]; } internal set { _n[10] = value; } }
        /// <summary>400: malformed request line, field line or framing.</summary>
        public int BadRequests { get { return _n[11]; } internal set { _n[11] = value; } }
        /// <summary>404: no route and no static file.</summary>
        public int NotFound { get { return _n[12]; } internal set { _n[12] = value; } }
        /// <summary>405: the path exists, the method does not (answered with Allow).</summary>
        public int MethodNotAllowed { get { return _n[13]; } internal set { _n[13] = value; } }
        /// <summary>406: the client refused the only coding a static file has.</summary>
        public int NotAcceptable { get { return _n[14]; } internal set { _n[14] = value; } }
        /// <summary>408: the head did not complete (or a body stalled) within RequestTimeoutMs.</summary>
        public int RequestTimeouts { get { return _n[15]; } internal set { _n[15] = value; } }
        /// <summary>413: the body is larger than MaxBodyBytes or the request buffer.</summary>
        public int ContentTooLarge { get { return _n[16]; } internal set { _n[16] = value; } }
        /// <summary>414: the request line did not fit in the request buffer.</summary>
        public int UriTooLong { get { return _n[17]; } internal set { _n[17] = value; } }
        /// <summary>417: an Expect other than 100-continue.</summary>
        public int ExpectationFailed { get { return _n[18]; } internal set { _n[18] = value; } }
        /// <summary>431: the field section did not fit in the request buffer.</summary>
        public int HeaderFieldsTooLarge { get { return _n[19]; } internal set { _n[19] = value; } }
        /// <summary>500: a handler threw, or its response did not fit the response buffer.</summary>
        public int InternalErrors { get { return _n[20]; } internal set { _n[20] = value; } }
        /// <summary>501: an unknown method or transfer coding.</summary>
        public int NotImplemented { get { return _n[21]; } internal set { _n[21] = value; } }
        /// <summary>505: an HTTP major version other than 1.</summary>
        public int VersionNotSupported { get { return _n[22]; } internal set { _n[22] = value; } }
        /// <summary>Handlers that threw (each answered 500).</summary>
        public int HandlerExceptions { get { return _n[23]; } internal set { _n[23] = value; } }
        /// <summary>Connections closed because they sat idle between requests for IdleTimeoutMs.</summary>
        public int IdleTimeouts { get { return _n[24]; } internal set { _n[24] = value; } }
        /// <summary>Idle keep-alive connections closed to give their slot to a waiting connection.</summary>
        public int IdleEvictions { get { return _n[25]; } internal set { _n[25] = value; } }
        /// <summary>Connections reset, lost, or stalled (peer not reading) in the middle of a request or response.</summary>
        public int Aborted { get { return _n[26]; } internal set { _n[26] = value; } }
        /// <summary>Streamed bodies that reached their end.</summary>
        public int StreamsCompleted { get { return _n[27]; } internal set { _n[27] = value; } }
        /// <summary>Streamed bodies cut short (connection lost, or the source ended before its announced length).</summary>
        public int StreamsAborted { get { return _n[28]; } internal set { _n[28] = value; } }
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
