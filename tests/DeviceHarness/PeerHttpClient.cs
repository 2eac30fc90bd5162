using System;
using Firmware.Net.Transport;

namespace Firmware.DeviceHarness
{
    /// <summary>
    /// The peer's side of HTTP/1.1 for device programs: sends a request on a kept connection and reads one response
    /// framed by Content-Length (what the device's buffered JSON routes send) into a fixed buffer. Allocates nothing
    /// per request, so it can run inside heap measurements.
    /// </summary>
    public sealed class PeerHttpClient
    {
        private readonly TestBed _bed;
        private readonly byte[] _response;
        private TcpConnection _connection;
        private int _length;
        private int _headLength;
        private int _status;

        public PeerHttpClient(TestBed bed, int responseBytes)
        {
            _bed = bed;
            _response = new byte[responseBytes];
        }

        /// <summary>The last response: status code, head length, whole length (head and body) in <see cref="Response"/>.</summary>
        public int Status { get { return _status; } }

        public int HeadLength { get { return _headLength; } }

        public int Length { get { return _length; } }

        public byte[] Response { get { return _response; } }

        /// <summary>The request as ASCII bytes (device programs have no Encoding).</summary>
        public static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }
            return bytes;
        }

        /// <summary>Sends <paramref name="request"/> (connecting to port 80 first if needed) and steps until the response is whole; false on a timeout or a closed connection.</summary>
        public bool Exchange(byte[] request, int maxMs)
        {
            if (_connection == null || _connection.State != TcpState.Established)
            {
                if (_connection != null)
                {
                    _connection.Abort();
                }
                _connection = _bed.PeerTcp.Connect(TestBed.DeviceAddress, 80, _bed.NowMs);
                if (_connection == null)
                {
                    return false;
                }
            }
            _length = 0;
            _headLength = 0;
            _status = 0;
            int sent = 0;
            long end = _bed.NowMs + maxMs;
            int expected = -1;
            while (_bed.NowMs < end)
            {
                if (sent < request.Length && _connection.State == TcpState.Established)
                {
                    sent += _connection.Send(request, sent, request.Length - sent);
                }
                _bed.Step();
                int n;
                while ((n = _connection.Receive(_response, _length, _response.Length - _length)) > 0)
                {
                    _length += n;
                }
                if (expected < 0)
                {
                    expected = ParseHead();
                }
                if (expected >= 0 && _length >= expected)
                {
                    return true;
                }
                if (_connection.State == TcpState.Closed || _length == _response.Length)
                {
                    return false;
                }
            }
            return false;
        }

        /// <summary>Closes the kept connection.</summary>
        public void Close()
        {
            if (_connection != null)
            {
                _connection.Close();
                _connection = null;
            }
        }

        /// <summary>True when the body (after the head) contains <paramref name="text"/>.</summary>
        public bool BodyContains(string text)
        {
            for (int i = _headLength; i + text.Length <= _length; i++)
            {
                int k = 0;
                while (k < text.Length && _response[i + k] == (byte)text[k])
                {
                    k++;
                }
                if (k == text.Length)
                {
                    return true;
                }
            }
            return false;
        }

        // The response's whole length once its head is in: head + Content-Length; -1 until then.
        private int ParseHead()
        {
            for (int i = 3; i < _length; i++)
            {
                if (_response[i - 3] == 13 && _response[i - 2] == 10 && _response[i - 1] == 13 && _response[i] == 10)
                {
                    _headLength = i + 1;
                    // "HTTP/1.1 200 ..."
                    _status = _length > 12 ? (_response[9] - '0') * 100 + (_response[10] - '0') * 10 + (_response[11] - '0') : 0;
                    return _headLength + ContentLength();
                }
            }
            return -1;
        }

        private int ContentLength()
        {
            // "content-length:" compared case-insensitively (letters only: OR 0x20).
            const string name = "content-length:";
            for (int i = 0; i + name.Length < _headLength; i++)
            {
                int k = 0;
                while (k < name.Length && (_response[i + k] | 0x20) == (name[k] | 0x20))
                {
                    k++;
                }
                if (k == name.Length)
                {
                    int at = i + k;
                    while (_response[at] == ' ')
                    {
                        at++;
                    }
                    int value = 0;
                    while (_response[at] >= '0' && _response[at] <= '9')
                    {
                        value = value * 10 + (_response[at] - '0');
                        at++;
                    }
                    return value;
                }
            }
            return 0;
        }
    }
}
