using System;
using System.Collections.Generic;
using System.Text;

namespace Services.Tests
{
    /// <summary>A response as a client parses it (RFC 9112 §6.3 framing): status, header fields, body.</summary>
    public sealed class HttpTestResponse
    {
        public int Status;
        public string StatusLine;
        public readonly List<KeyValuePair<string, string>> Fields = new List<KeyValuePair<string, string>>();
        public byte[] Body = new byte[0];
        public bool Chunked;

        public string BodyText => Encoding.UTF8.GetString(Body);

        public string Header(string name)
        {
            foreach (var f in Fields)
            {
                if (string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) { return f.Value; }
            }
            return null;
        }

        public int Count(string name)
        {
            int n = 0;
            foreach (var f in Fields)
            {
                if (string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) { n++; }
            }
            return n;
        }

        public bool ClosesConnection => string.Equals(Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);

        /// <summary>Parses one response from the front of <paramref name="data"/> and removes it; null when it is not complete yet.</summary>
        public static HttpTestResponse TryTake(List<byte> data, bool head, bool closed)
        {
            byte[] bytes = data.ToArray();
            int headEnd = IndexOf(bytes, 0, "\r\n\r\n");
            if (headEnd < 0)
            {
                return null;
            }
            string[] lines = Encoding.ASCII.GetString(bytes, 0, headEnd).Split("\r\n");
            var r = new HttpTestResponse { StatusLine = lines[0] };
            string[] parts = lines[0].Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.") || parts[1].Length != 3)
            {
                throw new FormatException("bad status line: " + lines[0]);
            }
            r.Status = int.Parse(parts[1]);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon <= 0) { throw new FormatException("bad field line: " + lines[i]); }
                r.Fields.Add(new KeyValuePair<string, string>(lines[i].Substring(0, colon), lines[i].Substring(colon + 1).Trim()));
            }
            int bodyStart = headEnd + 4;
            int end;
            if (head || r.Status < 200 || r.Status == 204 || r.Status == 304)
            {
                end = bodyStart;
            }
            else if (r.Header("Transfer-Encoding") != null)
            {
                r.Chunked = true;
                var body = new List<byte>();
                int at = bodyStart;
                while (true)
                {
                    int lineEnd = IndexOf(bytes, at, "\r\n");
                    if (lineEnd < 0) { return null; }
                    int size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, lineEnd - at), 16);
                    at = lineEnd + 2;
                    if (size == 0)
                    {
                        if (bytes.Length < at + 2) { return null; }
                        if (bytes[at] != '\r' || bytes[at + 1] != '\n') { throw new FormatException("no CRLF after the last chunk"); }
                        at += 2;
                        break;
                    }
                    if (bytes.Length < at + size + 2) { return null; }
                    for (int i = 0; i < size; i++) { body.Add(bytes[at + i]); }
                    if (bytes[at + size] != '\r' || bytes[at + size + 1] != '\n') { throw new FormatException("chunk without CRLF"); }
                    at += size + 2;
                }
                r.Body = body.ToArray();
                end = at;
            }
            else if (r.Header("Content-Length") != null)
            {
                int length = int.Parse(r.Header("Content-Length"));
                if (bytes.Length < bodyStart + length) { return null; }
                r.Body = new byte[length];
                Array.Copy(bytes, bodyStart, r.Body, 0, length);
                end = bodyStart + length;
            }
            else
            {
                // Delimited by the close.
                if (!closed) { return null; }
                end = bytes.Length;
                r.Body = new byte[end - bodyStart];
                Array.Copy(bytes, bodyStart, r.Body, 0, r.Body.Length);
            }
            data.RemoveRange(0, end);
            return r;
        }

        private static int IndexOf(byte[] b, int from, string s)
        {
            for (int i = from; i + s.Length <= b.Length; i++)
            {
                int k = 0;
                while (k < s.Length && b[i + k] == s[k]) { k++; }
                if (k == s.Length) { return i; }
            }
            return -1;
        }
    }
}
