using System;
using Firmware.Services.Http;
using Services.Tests.Www;

namespace Services.Tests
{
    /// <summary>The routes the tests drive, written the way a device app would write them (nothing allocated per request).</summary>
    public sealed class TestSite
    {
        public const int BigBytes = 65536;

        private static readonly byte[] XBodyLength = HttpAscii.Encode("X-Body-Length");
        private static readonly byte[] XTest = HttpAscii.Encode("x-test");
        private static readonly byte[] Name = HttpAscii.Encode("name");

        private readonly HttpBed _bed;
        private readonly byte[] _scratch = new byte[64];
        public readonly byte[] Big = new byte[BigBytes];
        public readonly int[] Pins = new int[8];
        public readonly PatternSource Pattern;
        public readonly PatternSource ShortPattern;
        public readonly StaticContent Static = new StaticContent(SampleSite.CreateFiles());
        public int Handled;

        public TestSite(HttpBed bed)
        {
            _bed = bed;
            for (int i = 0; i < Big.Length; i++) { Big[i] = PatternSource.ByteAt(i); }
            Pattern = new PatternSource(bed.Server.SlotCount, BigBytes);
            ShortPattern = new PatternSource(bed.Server.SlotCount, 500);
        }

        public void Register(HttpServer server)
        {
            server.MapGet("/api/status", Status);
            server.MapPost("/api/echo", Echo);
            server.MapGet("/api/gpio/*", GpioGet);
            server.MapPut("/api/gpio/*", GpioPut);
            server.MapDelete("/api/gpio/*", GpioDelete);
            server.MapGet("/api/query", Query);
            server.MapGet("/api/header", Header);
            server.MapGet("/big", (request, response) => response.SendBytes(Big, 0, Big.Length));
            server.MapGet("/stream", (request, response) => response.Stream(Pattern));
            server.MapGet("/stream-known", (request, response) => response.Stream(Pattern, BigBytes));
            server.MapGet("/stream-short", (request, response) => response.Stream(ShortPattern, 1000));
            server.MapGet("/throw", (request, response) => throw new InvalidOperationException("handler bug"));
            server.MapGet("/overflow", Overflow);
            server.MapFallback(Static.Handle);
        }

        private void Status(HttpRequest request, HttpResponse response)
        {
            Handled++;
            JsonWriter json = response.Json();
            json.BeginObject();
            json.Property("uptimeMs", _bed.Now);
            json.Property("name", "test \"device\"");
            json.Name("address");
            json.Ipv4Value(HttpBed.ServerAddress);
            json.Name("load");
            json.FixedValue(1234, 2);
            json.Name("slots");
            json.BeginArray();
            for (int i = 0; i < 2; i++) { json.Value(i); }
            json.EndArray();
            json.EndObject();
        }

        private void Echo(HttpRequest request, HttpResponse response)
        {
            Handled++;
            response.SetContentType(HttpMediaType.OctetStream);
            response.AddHeader(XBodyLength, request.BodyLength);
            response.Body.Write(request.Buffer, request.BodyOffset, request.BodyLength);
        }

        private void GpioGet(HttpRequest request, HttpResponse response)
        {
            int pin;
            if (!request.TryGetWildcardInt(out pin) || pin < 0 || pin >= Pins.Length)
            {
                response.Status = HttpStatus.NotFound;
                return;
            }
            JsonWriter json = response.Json();
            json.BeginObject();
            json.Property("pin", pin);
            json.Property("value", Pins[pin]);
            json.EndObject();
        }

        private void GpioPut(HttpRequest request, HttpResponse response)
        {
            int pin;
            int value;
            if (!request.TryGetWildcardInt(out pin) || pin < 0 || pin >= Pins.Length)
            {
                response.Status = HttpStatus.NotFound;
                return;
            }
            if (!request.TryGetBodyInt(out value) || (value != 0 && value != 1))
            {
                response.Status = HttpStatus.BadRequest;
                return;
            }
            Pins[pin] = value;
            GpioGet(request, response);
        }

        private void GpioDelete(HttpRequest request, HttpResponse response)
        {
            response.Status = HttpStatus.NoContent;
        }

        private void Query(HttpRequest request, HttpResponse response)
        {
            int length;
            int n;
            JsonWriter json = response.Json();
            json.BeginObject();
            if (request.TryGetQuery("name", _scratch, 0, _scratch.Length, out length))
            {
                json.Name(Name);
                json.StringValue(_scratch, 0, length);
            }
            if (request.TryGetQueryInt("n", _scratch, out n))
            {
                json.Property("n", n);
            }
            json.EndObject();
        }

        private void Header(HttpRequest request, HttpResponse response)
        {
            int offset;
            int length;
            if (!request.TryGetHeader(XTest, out offset, out length))
            {
                response.Status = HttpStatus.BadRequest;
                return;
            }
            response.Body.Write(request.Buffer, offset, length);
        }

        private void Overflow(HttpRequest request, HttpResponse response)
        {
            for (int i = 0; i < 2000; i++) { response.Body.WriteByte((byte)'x'); }
        }
    }

    /// <summary>A streamed body: a byte pattern of a set length, produced as the server asks; remembers each slot's end.</summary>
    public sealed class PatternSource : IHttpBodySource
    {
        private readonly int _length;
        public readonly int[] Finished;
        public readonly int[] Completed;
        public int Reads;

        public PatternSource(int slots, int length)
        {
            _length = length;
            Finished = new int[slots];
            Completed = new int[slots];
        }

        public static byte ByteAt(long position) => (byte)(position * 31 + (position >> 8));

        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            Reads++;
            long left = _length - position;
            if (left <= 0) { return -1; }
            int n = (int)Math.Min(count, left);
            for (int i = 0; i < n; i++) { buffer[offset + i] = ByteAt(position + i); }
            return n;
        }

        public void Finish(int slot, bool completed)
        {
            Finished[slot]++;
            if (completed) { Completed[slot]++; }
        }
    }
}
