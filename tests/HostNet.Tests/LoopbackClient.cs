using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Xunit;

namespace Firmware.HostNet.Tests;

/// <summary>A test's side of a forwarded connection: blocking TcpClient calls on 127.0.0.1, each bounded in time.</summary>
public static class LoopbackClient
{
    /// <summary>Bound on any single socket read or write, so a stuck forward fails the test instead of hanging it.</summary>
    public const int SocketTimeoutMs = 20000;

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>; a receive buffer size is set before the handshake (the kernel sizes its window scale from it).</summary>
    public static TcpClient Connect(int port, int receiveBufferBytes = 0)
    {
        var client = new TcpClient { NoDelay = true, ReceiveTimeout = SocketTimeoutMs, SendTimeout = SocketTimeoutMs };
        if (receiveBufferBytes > 0)
        {
            client.ReceiveBufferSize = receiveBufferBytes;
        }
        client.Connect(IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Writes everything and half-closes on one thread while this one reads until the peer's FIN.</summary>
    public static byte[] SendAllShutdownAndReadToEnd(TcpClient client, byte[] data)
    {
        Exception writeFailure = null;
        var stream = client.GetStream();  // before the writer's Shutdown, after which TcpClient refuses GetStream
        var writer = new Thread(() =>
        {
            try
            {
                for (int offset = 0; offset < data.Length; offset += 8192)
                {
                    stream.Write(data, offset, Math.Min(8192, data.Length - offset));
                }
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e)
            {
                writeFailure = e;
            }
        });
        writer.Start();
        byte[] back = ReadToEnd(stream);
        Assert.True(writer.Join(SocketTimeoutMs), "the writer is stuck");
        Assert.Null(writeFailure);
        return back;
    }

    public static byte[] ReadToEnd(NetworkStream stream)
    {
        var all = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            all.Write(buffer, 0, n);
        }
        return all.ToArray();
    }

    public static byte[] ReadExactly(TcpClient client, int count)
    {
        var buffer = new byte[count];
        client.GetStream().ReadExactly(buffer, 0, count);
        return buffer;
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        int first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, "first difference at byte " + first);
    }

    /// <summary>Runs each action on its own thread (blocking socket calls would starve the thread pool); returns their failures.</summary>
    public static string RunAll(Action[] actions, int timeoutMs)
    {
        var failures = new StringBuilder();
        var threads = new Thread[actions.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            Action action = actions[i];
            int index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    lock (failures) failures.AppendLine("connection " + index + ": " + e);
                }
            });
            threads[i].Start();
        }
        var stopwatch = Stopwatch.StartNew();
        foreach (var t in threads)
        {
            if (!t.Join(Math.Max(0, timeoutMs - (int)stopwatch.ElapsedMilliseconds)))
            {
                lock (failures) failures.AppendLine("a connection did not finish within " + timeoutMs + " ms");
            }
        }
        lock (failures) return failures.ToString();
    }
}
