using System;
using System.Text;
using Firmware.Net.Transport;

namespace Services.Tests
{
    /// <summary>Counts complete responses in what arrives, without allocating: head, then Content-Length or chunked framing.</summary>
    internal sealed class ResponseReader
    {
        private const int HeadState = 0;
        private const int LengthState = 1;
        private const int ChunkSizeState = 2;
        private const int ChunkDataState = 3;
        private const int ChunkEndState = 4;
        private const int LastCrLfState = 5;

        private readonly byte[] _buffer = new byte[4096];
        private int _filled;
        private int _state;
        private long _left;
        private bool _headFirst;

        public void Reset(bool headFirst)
        {
            _filled = 0;
            _state = HeadState;
            _headFirst = headFirst;
        }

        public int Consume(TcpConnection c)
        {
            int done = 0;
            int n;
            while ((n = c.Receive(_buffer, _filled, _buffer.Length - _filled)) > 0)
            {
                _filled += n;
                done += Parse();
            }
            return done;
        }

        private int Parse()
        {
            int done = 0;
            while (true)
            {
                switch (_state)
                {
                    case HeadState:
                        int end = Find(0, _filled, "\r\n\r\n");
                        if (end < 0) { return done; }
                        int headLength = end + 4;
                        bool bodiless = _headFirst || Find(0, headLength, " 304 ") >= 0 || Find(0, headLength, " 204 ") >= 0;
                        bool chunked = Find(0, headLength, "Transfer-Encoding: chunked") >= 0;
                        _left = bodiless || chunked ? 0 : ContentLength(headLength);
                        _state = bodiless ? LengthState : chunked ? ChunkSizeState : LengthState;
                        _headFirst = false;
                        Shift(headLength);
                        break;
                    case LengthState:
                        int take = (int)Math.Min(_left, _filled);
                        Shift(take);
                        _left -= take;
                        if (_left > 0) { return done; }
                        _state = HeadState;
                        done++;
                        break;
                    case ChunkSizeState:
                        int lineEnd = Find(0, _filled, "\r\n");
                        if (lineEnd < 0) { return done; }
                        _left = 0;
                        for (int i = 0; i < lineEnd; i++) { _left = _left * 16 + HexDigit(_buffer[i]); }
                        Shift(lineEnd + 2);
                        _state = _left == 0 ? LastCrLfState : ChunkDataState;
                        break;
                    case ChunkDataState:
                        int data = (int)Math.Min(_left, _filled);
                        Shift(data);
                        _left -= data;
                        if (_left > 0) { return done; }
                        _state = ChunkEndState;
                        break;
                    default:
                        if (_filled < 2) { return done; }
                        if (_buffer[0] != '\r' || _buffer[1] != '\n') { throw new FormatException("chunk framing"); }
                        Shift(2);
                        if (_state == LastCrLfState)
                        {
                            _state = HeadState;
                            done++;
                        }
                        else
                        {
                            _state = ChunkSizeState;
                        }
                        break;
                }
            }
        }

        private static int HexDigit(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

        private long ContentLength(int headLength)
        {
            int at = Find(0, headLength, "Content-Length: ");
            long v = 0;
            for (int i = at + 16; _buffer[i] >= '0' && _buffer[i] <= '9'; i++) { v = v * 10 + _buffer[i] - '0'; }
            return v;
        }

        private void Shift(int count)
        {
            Array.Copy(_buffer, count, _buffer, 0, _filled - count);
            _filled -= count;
        }

        private int Find(int from, int end, string s)
        {
            for (int i = from; i + s.Length <= end; i++)
            {
                int k = 0;
                while (k < s.Length && _buffer[i + k] == s[k]) { k++; }
                if (k == s.Length) { return i; }
            }
            return -1;
        }
    }
}
