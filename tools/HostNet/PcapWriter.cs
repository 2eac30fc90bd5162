using System;
using System.IO;

namespace Firmware.HostNet;

/// <summary>
/// Writes a classic libpcap file (https://www.tcpdump.org/manpages/pcap-savefile.5.html): a 24-byte global
/// header (magic 0xa1b2c3d4 in our byte order, version 2.4, snaplen 65535, LINKTYPE_ETHERNET) and one 16-byte
/// record header per frame. Each record is flushed, so the file is complete whenever the process stops.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    public const uint Magic = 0xa1b2c3d4;
    public const ushort VersionMajor = 2;
    public const ushort VersionMinor = 4;
    public const int SnapLengthBytes = 65535;
    public const uint LinkTypeEthernet = 1;
    public const int GlobalHeaderBytes = 24;
    public const int RecordHeaderBytes = 16;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly byte[] _header = new byte[RecordHeaderBytes];
    private bool _disposed;

    /// <summary>Creates (or replaces) the file at <paramref name="path"/>.</summary>
    public PcapWriter(string path)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), ownsStream: true)
    {
    }

    public PcapWriter(Stream stream, bool ownsStream = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _ownsStream = ownsStream;
        var header = new byte[GlobalHeaderBytes];
        WriteUInt32(header, 0, Magic);
        WriteUInt16(header, 4, VersionMajor);
        WriteUInt16(header, 6, VersionMinor);
        WriteUInt32(header, 8, 0);   // thiszone: timestamps are UTC
        WriteUInt32(header, 12, 0);  // sigfigs: always 0 in practice
        WriteUInt32(header, 16, SnapLengthBytes);
        WriteUInt32(header, 20, LinkTypeEthernet);
        _stream.Write(header, 0, header.Length);
        _stream.Flush();
    }

    public long RecordsWritten { get; private set; }

    /// <summary>Appends one frame stamped <paramref name="timestampMs"/> milliseconds after the Unix epoch.</summary>
    public void Write(long timestampMs, byte[] frame, int offset, int length)
    {
        if (_disposed)
        {
            return;
        }
        int captured = Math.Min(length, SnapLengthBytes);
        long ms = Math.Max(0, timestampMs);
        WriteUInt32(_header, 0, (uint)(ms / 1000));
        WriteUInt32(_header, 4, (uint)(ms % 1000 * 1000));
        WriteUInt32(_header, 8, (uint)captured);
        WriteUInt32(_header, 12, (uint)length);
        _stream.Write(_header, 0, _header.Length);
        _stream.Write(frame, offset, captured);
        _stream.Flush();
        RecordsWritten++;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stream.Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    // pcap files are written in the writer's byte order; readers tell it from the magic. We always write little-endian.
    private static void WriteUInt32(byte[] b, int o, uint v)
    {
        b[o] = (byte)v;
        b[o + 1] = (byte)(v >> 8);
        b[o + 2] = (byte)(v >> 16);
        b[o + 3] = (byte)(v >> 24);
    }

    private static void WriteUInt16(byte[] b, int o, ushort v)
    {
        b[o] = (byte)v;
        b[o + 1] = (byte)(v >> 8);
    }
}
