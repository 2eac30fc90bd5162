using System;

namespace Firmware.Fuzz;

/// <summary>
/// A cursor over one fuzz input. Past the end every read gives zero or nothing, so a harness never checks
/// lengths and every byte string is a valid input.
/// </summary>
public sealed class FuzzInput
{
    private readonly byte[] _data;
    private readonly int _length;
    private int _position;

    public FuzzInput(byte[] data, int length)
    {
        _data = data;
        _length = Math.Min(length, data.Length);
    }

    public int Remaining => _length - _position;

    public bool IsEmpty => _position >= _length;

    public byte TakeByte() => _position < _length ? _data[_position++] : (byte)0;

    public int TakeUInt16() => TakeByte() << 8 | TakeByte();

    /// <summary>Copies up to <paramref name="count"/> bytes into <paramref name="destination"/>; returns how many.</summary>
    public int TakeInto(byte[] destination, int offset, int count)
    {
        int n = Math.Min(count, Remaining);
        Array.Copy(_data, _position, destination, offset, n);
        _position += n;
        return n;
    }

    /// <summary>
    /// A record: a 16-bit big-endian length, then that many bytes (fewer at the end of the input), copied into
    /// <paramref name="destination"/> up to <paramref name="capacity"/> (the rest skipped). -1 when no input is left.
    /// </summary>
    public int TakeRecord(byte[] destination, int capacity)
    {
        if (IsEmpty)
        {
            return -1;
        }
        int declared = TakeUInt16();
        int available = Math.Min(declared, Remaining);
        int copied = Math.Min(available, capacity);
        Array.Copy(_data, _position, destination, 0, copied);
        _position += available;
        return copied;
    }
}
