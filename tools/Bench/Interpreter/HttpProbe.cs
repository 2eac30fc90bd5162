// Device-only probe: compiled against nanoFramework's mscorlib by run-http-probe.sh, never by Bench.csproj.
using System;
using Firmware.Hal;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Http;

/// <summary>Two frame queues back to back (the device build has no QueueMac).</summary>
public class PipeMac : IEthernetMac
{
    private readonly byte[][] _slots = new byte[32][];
    private readonly int[] _lengths = new int[32];
    private int _start, _count;
    private readonly byte[] _mac;
    public PipeMac Peer;
    public PipeMac(byte last) { _mac = new byte[] { 2, 0, 0, 0, 0, last }; for (int i = 0; i < 32; i++) { _slots[i] = new byte[1514]; } }
    public byte[] MacAddress { get { return _mac; } }
    public bool IsLinkUp { get { return true; } }
    public int Pending { get { return _count; } }
    public bool TrySend(byte[] frame, int offset, int length)
    {
        PipeMac p = Peer;
        if (p._count == 32) { return true; }
        int slot = (p._start + p._count) % 32;
        Array.Copy(frame, offset, p._slots[slot], 0, length);
        p._lengths[slot] = length;
        p._count++;
        return true;
    }
    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        if (_count == 0) { return 0; }
        int length = _lengths[_start];
        Array.Copy(_slots[_start], 0, buffer, offset, length);
        _start = (_start + 1) % 32;
        _count--;
        return length;
    }
}

/// <summary>xorshift32: deterministic randomness for the stacks.</summary>
public class Rnd : IRandomSource
{
    private uint _x;
    public Rnd(uint seed) { _x = seed; }
    public uint NextUInt32() { _x ^= _x << 13; _x ^= _x >> 17; _x ^= _x << 5; return _x; }
}

/// <summary>
/// Runs on the nanoCLR interpreter (run-http-probe.sh): the heap the HTTP server keeps with the default 4 slots, and
/// keep-alive requests per second through two whole stacks, the server and a client in one interpreter.
/// </summary>
public class Program
{
    private static long _uptime;

    private static void Status(HttpRequest request, HttpResponse response)
    {
        JsonWriter json = response.Json();
        json.BeginObject();
        json.Property("uptimeMs", _uptime);
        json.EndObject();
    }

    public static void Main()
    {
        PipeMac ma = new PipeMac(1);
        PipeMac mb = new PipeMac(2);
        ma.Peer = mb;
        mb.Peer = ma;
        NetworkStack a = new NetworkStack(new StackConfig(), ma, new Rnd(1));
        NetworkStack b = new NetworkStack(new StackConfig(), mb, new Rnd(2));
        a.SetAddress(0x0A000001, 24, 0, 0);
        b.SetAddress(0x0A000002, 24, 0, 0);
        TcpLayer ta = new TcpLayer(new TcpConfig(), a.Output, new Rnd(3));
        TcpLayer tb = new TcpLayer(new TcpConfig(), b.Output, new Rnd(4));
        a.AttachTransport(6, ta);
        b.AttachTransport(6, tb);
        // Static tables are built by the class constructors nanoCLR runs when it loads the assemblies, before Main.
        long freeB = nanoFramework.Runtime.Native.GC.Run(false);
        HttpServerConfig config = new HttpServerConfig();
        long free0 = nanoFramework.Runtime.Native.GC.Run(false);
        HttpServer server = new HttpServer(tb, config);
        long free1 = nanoFramework.Runtime.Native.GC.Run(false);
        server.MapGet("/api/status", Status);
        long free2 = nanoFramework.Runtime.Native.GC.Run(false);
        Console.WriteLine("HEAP server(4 slots)=" + (free0 - free1).ToString() + " B, its config=" + (freeB - free0).ToString() + " B, one route=" + (free1 - free2).ToString() + " B");

        byte[] request = new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/', (byte)'a', (byte)'p', (byte)'i', (byte)'/', (byte)'s', (byte)'t', (byte)'a', (byte)'t', (byte)'u', (byte)'s', (byte)' ', (byte)'H', (byte)'T', (byte)'T', (byte)'P', (byte)'/', (byte)'1', (byte)'.', (byte)'1', 13, 10, (byte)'H', (byte)'o', (byte)'s', (byte)'t', (byte)':', (byte)' ', (byte)'d', 13, 10, 13, 10 };
        byte[] buffer = new byte[1024];
        long now = 0;
        TcpConnection c = ta.Connect(0x0A000002, 80, now);
        int served = 0;
        long freeWarm = 0;
        long t0 = 0;
        const int warmUp = 20;
        const int measured = 200;
        while (served < warmUp + measured)
        {
            if (served == warmUp)
            {
                freeWarm = nanoFramework.Runtime.Native.GC.Run(false);
                t0 = DateTime.UtcNow.Ticks;
            }
            int sent = 0;
            int got = 0;
            for (int step = 0; step < 10000; step++)
            {
                if (c.State == TcpState.Established && sent < request.Length) { sent += c.Send(request, sent, request.Length - sent); }
                a.Poll(now);
                b.Poll(now);
                server.Poll(now);
                int n = c.Receive(buffer, got, buffer.Length - got);
                if (n > 0) { got += n; }
                if (got > 4 && buffer[got - 1] == (byte)'}') { break; }
                now++;
                _uptime = now;
            }
            served++;
        }
        long t1 = DateTime.UtcNow.Ticks;
        long freeEnd = nanoFramework.Runtime.Native.GC.Run(false);
        Console.WriteLine("RATE " + (measured * 10000000L / (t1 - t0)).ToString() + " requests/s keep-alive on the interpreter; heap change over " + measured.ToString() + " requests: " + (freeWarm - freeEnd).ToString() + " B; counters: " + server.Counters.Requests.ToString() + " requests");
        Console.WriteLine("RESULT=PASS");
    }
}
