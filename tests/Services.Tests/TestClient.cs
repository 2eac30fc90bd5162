using System;
using System.Collections.Generic;
using System.Text;
using Firmware.Net.Transport;

namespace Services.Tests
{
    /// <summary>One client connection of the test bed: sends raw request bytes, collects what the server sends, parses responses.</summary>
    public sealed class TestClient
    {
        private readonly HttpBed _bed;
        private readonly byte[] _chunk = new byte[4096];
        private bool _closed;
        private bool _stopped;

        public readonly TcpConnection Connection;
        public readonly List<byte> Received = new List<byte>();

        public TestClient(HttpBed bed, TcpConnection connection)
        {
            _bed = bed;
            Connection = connection;
        }

        /// <summary>True once the server closed its side (FIN read) or the connection was reset.</summary>
        public bool ServerClosed => Connection.IsReceiveClosed || Connection.State == TcpState.Closed;

        public void Pump()
        {
            if (_closed || _stopped)
            {
                return;
            }
            int n;
            while ((n = Connection.Receive(_chunk, 0, _chunk.Length)) > 0)
            {
                for (int i = 0; i < n; i++) { Received.Add(_chunk[i]); }
            }
        }

        public void Send(string text) => Send(Encoding.ASCII.GetBytes(text));

        public void Send(byte[] data)
        {
            int sent = 0;
            _bed.RunUntil(() =>
            {
                if (sent < data.Length) { sent += Connection.Send(data, sent, data.Length - sent); }
                return sent == data.Length;
            }, 100000);
        }

        /// <summary>Sends <paramref name="text"/> one byte at a time, <paramref name="gapMs"/> apart.</summary>
        public void Trickle(string text, int gapMs)
        {
            byte[] data = Encoding.ASCII.GetBytes(text);
            for (int i = 0; i < data.Length; i++)
            {
                Connection.Send(data, i, 1);
                _bed.Run(gapMs);
            }
        }

        /// <summary>Steps until a whole response is at the front of what was received, and takes it.</summary>
        public HttpTestResponse Read(bool head = false, int maxSteps = 200000)
        {
            HttpTestResponse response = null;
            _bed.RunUntil(() => (response = HttpTestResponse.TryTake(Received, head, ServerClosed)) != null, maxSteps);
            return response;
        }

        /// <summary>Sends a request and reads its response.</summary>
        public HttpTestResponse Exchange(string request, bool head = false)
        {
            Send(request);
            return Read(head);
        }

        /// <summary>Steps until the server has closed its side; the bytes received after the last response are returned.</summary>
        public string ReadUntilClosed(int maxSteps = 100000)
        {
            _bed.RunUntil(() => ServerClosed, maxSteps);
            string rest = Encoding.ASCII.GetString(Received.ToArray());
            Received.Clear();
            return rest;
        }

        /// <summary>Steps until the server has closed its side, keeping what arrived for Read.</summary>
        public void ReadUntilClosedKeep(int maxSteps = 200000)
        {
            _bed.RunUntil(() => ServerClosed, maxSteps);
        }

        /// <summary>From now on nothing is read from the connection (the receive window fills and closes).</summary>
        public void StopReading()
        {
            _stopped = true;
        }

        public void Close()
        {
            if (!_closed)
            {
                _closed = true;
                Connection.Close();
                _bed.Forget(this);
            }
        }
    }
}
