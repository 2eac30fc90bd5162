using System;
using System.Collections.Generic;
using System.IO;

namespace Firmware.HostNet;

/// <summary>
/// Reads a classic libpcap file back (either byte order, microsecond timestamps), for tests and tools.
/// Returns false on anything malformed instead of throwing.
/// </summary>
public static class PcapReader
{
    public static bool TryRead(string path, out uint linkType, out List<PcapRecord> records)
    {
        return TryRead(File.ReadAllBytes(path), out linkType, out records);
    }

    public static bool TryRead(byte[] file, out uint linkType, out List<PcapRecord> records)
    {
        linkType = 0;
        records = new List<PcapRecord>();
        if (file == null || file.Length < PcapWriter.GlobalHeaderBytes)
        {
            return false;
        }
        bool little;
        if (ReadUInt32(file, 0, true) == PcapWriter.Magic)
        {
            little = true;
        }
        else if (ReadUInt32(file, 0, false) == PcapWriter.Magic)
        {
            little = false;
        }
        else
        {
            return false;
        }
        linkType = ReadUInt32(file, 20, little);
        int offset = PcapWriter.GlobalHeaderBytes;
        while (offset < file.Length)
        {
            if (file.Length - offset < PcapWriter.RecordHeaderBytes)
            {
                return false;
            }
            long seconds = ReadUInt32(file, offset, little);
            long micros = ReadUInt32(file, offset + 4, little);
            uint captured = ReadUInt32(file, offset + 8, little);
            uint original = ReadUInt32(file, offset + 12, little);
            offset += PcapWriter.RecordHeaderBytes;
            if (captured > file.Length - offset || original > int.MaxValue)
            {
                return false;
            }
            var data = new byte[captured];
            Array.Copy(file, offset, data, 0, captured);
            offset += (int)captured;
            records.Add(new PcapRecord(seconds * 1000 + micros / 1000, (int)original, data));
        }
        return true;
    }

    private static uint ReadUInt32(byte[] b, int o, bool little)
    {
        return little
            ? (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24)
            : (uint)(b[o + 3] | b[o + 2] << 8 | b[o + 1] << 16 | b[o] << 24);
    }
}
