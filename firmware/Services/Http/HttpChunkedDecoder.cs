namespace Firmware.Services.Http
{
    /// <summary>
    /// Decodes a chunked request body (RFC 9112 §7.1) in place: raw bytes at <see cref="ReadPosition"/> become
    /// body bytes at <see cref="WritePosition"/> (never after it), so the decoded body ends up contiguous in the
    /// request buffer. Resumable: feed it whatever has arrived. Chunk extensions are skipped (bounded), trailer
    /// fields discarded (§7.1.2 allows it). Bare LF line ends are accepted like the head's.
    /// </summary>
    public class HttpChunkedDecoder
    {
        /// <summary>Decoding needs more bytes.</summary>
        public const int NeedMore = 0;

        /// <summary>The last chunk and the trailer section are through: the body is complete.</summary>
        public const int Complete = 1;

        /// <summary>Longest chunk extension or trailer line we skip before calling the body malformed.</summary>
        public const int MaxLineBytes = 256;

        private const int SizeState = 0;
        private const int ExtensionState = 1;
        private const int SizeLfState = 2;
        private const int DataState = 3;
        private const int DataCrState = 4;
        private const int DataLfState = 5;
        private const int TrailerStartState = 6;
        private const int TrailerLineState = 7;
        private const int TrailerEndLfState = 8;
        private const int DoneState = 9;

        private int _state;
        // The chunk size while its line is read, then the data bytes left of the chunk.
        private int _chunk;
        // Digits of the size line, or bytes of an extension or trailer line.
        private int _count;
        private int _read;
        private int _write;
        private int _bodyStart;
        private int _maxBodyBytes;

        /// <summary>Starts a body whose decoded bytes go to <paramref name="bodyStart"/> (raw bytes follow there too).</summary>
        public void Reset(int bodyStart, int maxBodyBytes)
        {
            _state = SizeState;
            _chunk = 0;
            _count = 0;
            _read = bodyStart;
            _write = bodyStart;
            _bodyStart = bodyStart;
            _maxBodyBytes = maxBodyBytes;
        }

        /// <summary>Next raw byte to decode.</summary>
        public int ReadPosition { get { return _read; } }

        /// <summary>End of the decoded body so far.</summary>
        public int WritePosition { get { return _write; } }

        /// <summary>Decoded body bytes so far.</summary>
        public int BodyLength { get { return _write - _bodyStart; } }

        /// <summary>
        /// Decodes the raw bytes in <paramref name="buffer"/>[ReadPosition, end): <see cref="NeedMore"/>,
        /// <see cref="Complete"/>, or a status to answer with (400 malformed, 413 beyond the body limit).
        /// </summary>
        public int Decode(byte[] buffer, int end)
        {
            while (_read < end)
            {
                if (_state == DataState)
                {
                    int n = end - _read;
                    if (n > _chunk) { n = _chunk; }
                    HttpAscii.Move(buffer, _read, _write, n);
                    _read += n;
                    _write += n;
                    _chunk -= n;
                    if (_chunk == 0)
                    {
                        _state = DataCrState;
                    }
                    continue;
                }
                byte b = buffer[_read++];
                switch (_state)
                {
                    case SizeState:
                        int digit = HttpAscii.HexValue(b);
                        if (digit >= 0)
                        {
                            // Leading zeros are allowed; a size beyond the limit is refused as soon as it shows
                            // (so the size never grows past the limit times 16).
                            _chunk = _chunk * 16 + digit;
                            if (++_count > 16)
                            {
                                return HttpStatus.BadRequest;
                            }
                            if (BodyLength + _chunk > _maxBodyBytes)
                            {
                                return HttpStatus.ContentTooLarge;
                            }
                            break;
                        }
                        if (_count == 0)
                        {
                            return HttpStatus.BadRequest;
                        }
                        if (b == ';' || b == ' ' || b == '\t')
                        {
                            _state = ExtensionState;
                            _count = 0;
                        }
                        else if (b == HttpAscii.Cr)
                        {
                            _state = SizeLfState;
                        }
                        else if (b == HttpAscii.Lf)
                        {
                            EndSizeLine();
                        }
                        else
                        {
                            return HttpStatus.BadRequest;
                        }
                        break;
                    case ExtensionState:
                        if (b == HttpAscii.Cr)
                        {
                            _state = SizeLfState;
                        }
                        else if (b == HttpAscii.Lf)
                        {
                            EndSizeLine();
                        }
                        else if ((b < 0x20 && b != '\t') || b == 0x7F || ++_count > MaxLineBytes)
                        {
                            return HttpStatus.BadRequest;
                        }
                        break;
                    case SizeLfState:
                        if (b != HttpAscii.Lf)
                        {
                            return HttpStatus.BadRequest;
                        }
                        EndSizeLine();
                        break;
                    case DataCrState:
                        if (b == HttpAscii.Cr)
                        {
                            _state = DataLfState;
                        }
                        else if (b == HttpAscii.Lf)
                        {
                            StartSize();
                        }
                        else
                        {
                            return HttpStatus.BadRequest;
                        }
                        break;
                    case DataLfState:
                        if (b != HttpAscii.Lf)
                        {
                            return HttpStatus.BadRequest;
                        }
                        StartSize();
                        break;
                    case TrailerStartState:
                        if (b == HttpAscii.Cr)
                        {
                            _state = TrailerEndLfState;
                        }
                        else if (b == HttpAscii.Lf)
                        {
                            _state = DoneState;
                            return Complete;
                        }
                        else
                        {
                            _state = TrailerLineState;
                            _count = 1;
                        }
                        break;
                    case TrailerLineState:
                        if (b == HttpAscii.Lf)
                        {
                            _state = TrailerStartState;
                        }
                        else if (++_count > MaxLineBytes)
                        {
                            return HttpStatus.BadRequest;
                        }
                        break;
                    case TrailerEndLfState:
                        if (b != HttpAscii.Lf)
                        {
                            return HttpStatus.BadRequest;
                        }
                        _state = DoneState;
                        return Complete;
                    default:
                        return Complete;
                }
            }
            return _state == DoneState ? Complete : NeedMore;
        }

        /// <summary>
        /// Moves the raw bytes not yet decoded, <paramref name="buffer"/>[ReadPosition, end), down to
        /// <see cref="WritePosition"/> (freeing the room that chunk framing took); returns the new end.
        /// </summary>
        public int Compact(byte[] buffer, int end)
        {
            int raw = end - _read;
            HttpAscii.Move(buffer, _read, _write, raw);
            _read = _write;
            return _write + raw;
        }

        private void EndSizeLine()
        {
            _state = _chunk == 0 ? TrailerStartState : DataState;
        }

        private void StartSize()
        {
            _chunk = 0;
            _count = 0;
            _state = SizeState;
        }
    }
}
