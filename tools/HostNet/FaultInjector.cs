using System;
using System.Collections.Generic;
using Firmware.Hal;

namespace Firmware.HostNet;

/// <summary>
/// Middleware that makes the wire hostile (smoltcp's FaultInjector): each frame passing in a direction the
/// injector covers may be dropped, duplicated, reordered, delayed, corrupted or truncated, each with its own
/// probability, drawn from a seeded System.Random — the same seed and the same frames give the same faults.
/// Frames held back (delay, reorder) are released by the clock on the next TrySend/TryReceive or <see cref="Pump"/>.
/// </summary>
public sealed class FaultInjector : IEthernetMac
{
    /// <summary>Frames held back per direction; beyond that, new held frames are dropped (and counted).</summary>
    public const int MaxHeldFrames = 256;

    /// <summary>Frames pulled from the inner MAC per TryReceive, so one call has a bounded cost.</summary>
    public const int MaxPullPerReceive = 64;

    private readonly IEthernetMac _inner;
    private readonly IClock _clock;
    private readonly Random _random;
    private readonly List<HeldFrame> _heldReceive = new();
    private readonly List<HeldFrame> _heldSend = new();
    private readonly byte[] _scratch = new byte[65536];
    private long _sequence;

    public FaultInjector(IEthernetMac inner, IClock clock, int seed)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Seed = seed;
        _random = new Random(seed);
    }

    public int Seed { get; }

    /// <summary>Faults apply to frames sent through this injector.</summary>
    public bool AffectsSend { get; set; } = true;

    /// <summary>Faults apply to frames received through this injector.</summary>
    public bool AffectsReceive { get; set; } = true;

    public double DropProbability { get; set; }

    public double DuplicateProbability { get; set; }

    /// <summary>A reordered frame is held until the next frame in its direction has passed (or <see cref="ReorderHoldMs"/>).</summary>
    public double ReorderProbability { get; set; }

    public double DelayProbability { get; set; }

    /// <summary>A delayed frame is held for a uniformly drawn time in [<see cref="DelayMinMs"/>, <see cref="DelayMaxMs"/>].</summary>
    public int DelayMinMs { get; set; } = 10;

    public int DelayMaxMs { get; set; } = 100;

    /// <summary>The longest a reordered frame waits for a successor before it goes anyway.</summary>
    public int ReorderHoldMs { get; set; } = 50;

    /// <summary>A corrupted frame has <see cref="CorruptBytes"/> random bytes XORed with a non-zero value.</summary>
    public double CorruptProbability { get; set; }

    public int CorruptBytes { get; set; } = 1;

    /// <summary>A truncated frame is cut to a random length from 1 to one less than its own.</summary>
    public double TruncateProbability { get; set; }

    /// <summary>Frames longer than this are dropped (a smaller MTU on the path); 0 for no limit.</summary>
    public int MaxFrameBytes { get; set; }

    public long FramesSeen { get; private set; }
    public long FramesDropped { get; private set; }
    public long FramesDroppedOversize { get; private set; }
    public long FramesDuplicated { get; private set; }
    public long FramesReordered { get; private set; }
    public long FramesDelayed { get; private set; }
    public long FramesCorrupted { get; private set; }
    public long FramesTruncated { get; private set; }

    /// <summary>Held frames dropped because <see cref="MaxHeldFrames"/> were already waiting.</summary>
    public long FramesDroppedHoldFull { get; private set; }

    public byte[] MacAddress => _inner.MacAddress;

    public bool IsLinkUp => _inner.IsLinkUp;

    /// <summary>Frames currently held back (both directions).</summary>
    public int HeldFrames => _heldReceive.Count + _heldSend.Count;

    public bool TrySend(byte[] frame, int offset, int length)
    {
        FlushDueSends();
        if (!AffectsSend)
        {
            return _inner.TrySend(frame, offset, length);
        }
        var copy = new byte[length];
        Array.Copy(frame, offset, copy, 0, length);
        // A frame the injector "loses" still counts as taken: the stack above must not learn about the fault.
        Admit(copy, _heldSend);
        FlushDueSends();
        return true;
    }

    public int TryReceive(byte[] buffer, int offset, int capacity)
    {
        FlushDueSends();
        if (!AffectsReceive && _heldReceive.Count == 0)
        {
            return _inner.TryReceive(buffer, offset, capacity);
        }
        for (int pulled = 0; pulled < MaxPullPerReceive; pulled++)
        {
            int length = _inner.TryReceive(_scratch, 0, _scratch.Length);
            if (length <= 0)
            {
                break;
            }
            var copy = new byte[length];
            Array.Copy(_scratch, 0, copy, 0, length);
            if (AffectsReceive)
            {
                Admit(copy, _heldReceive);
            }
            else
            {
                Hold(_heldReceive, copy, _clock.NowMs, false);
            }
        }
        var next = TakeDue(_heldReceive);
        if (next == null)
        {
            return 0;
        }
        if (next.Length > capacity)
        {
            return 0;
        }
        Array.Copy(next, 0, buffer, offset, next.Length);
        return next.Length;
    }

    /// <summary>Sends held frames that are due; call it when the stack above is idle but time moves on.</summary>
    public void Pump() => FlushDueSends();

    private void Admit(byte[] frame, List<HeldFrame> held)
    {
        FramesSeen++;
        // Every probability is drawn for every frame, in a fixed order, so one fault's setting does not shift
        // the random sequence another fault sees.
        bool drop = _random.NextDouble() < DropProbability;
        bool duplicate = _random.NextDouble() < DuplicateProbability;
        bool reorder = _random.NextDouble() < ReorderProbability;
        bool delay = _random.NextDouble() < DelayProbability;
        bool corrupt = _random.NextDouble() < CorruptProbability;
        bool truncate = _random.NextDouble() < TruncateProbability;
        int delayMs = DelayMinMs + _random.Next(Math.Max(0, DelayMaxMs - DelayMinMs) + 1);

        if (MaxFrameBytes > 0 && frame.Length > MaxFrameBytes)
        {
            FramesDroppedOversize++;
            return;
        }
        if (drop)
        {
            FramesDropped++;
            return;
        }
        if (corrupt)
        {
            FramesCorrupted++;
            for (int i = 0; i < CorruptBytes; i++)
            {
                frame[_random.Next(frame.Length)] ^= (byte)(1 + _random.Next(255));
            }
        }
        if (truncate && frame.Length > 1)
        {
            FramesTruncated++;
            Array.Resize(ref frame, 1 + _random.Next(frame.Length - 1));
        }

        long nowMs = _clock.NowMs;
        long dueMs = nowMs;
        if (delay)
        {
            FramesDelayed++;
            dueMs = nowMs + delayMs;
        }

        if (reorder)
        {
            FramesReordered++;
            Hold(held, frame, nowMs + ReorderHoldMs, true);
        }
        else
        {
            Hold(held, frame, dueMs, false);
            // A frame that passes now lets earlier reordered frames go right after it: that is the reordering.
            if (dueMs == nowMs)
            {
                ReleaseReordered(held, nowMs);
            }
        }
        if (duplicate)
        {
            FramesDuplicated++;
            Hold(held, (byte[])frame.Clone(), dueMs, false);
        }
    }

    private void Hold(List<HeldFrame> held, byte[] frame, long dueMs, bool waitingForSuccessor)
    {
        if (held.Count >= MaxHeldFrames)
        {
            FramesDroppedHoldFull++;
            return;
        }
        held.Add(new HeldFrame(frame, dueMs, _sequence++, waitingForSuccessor));
    }

    private void ReleaseReordered(List<HeldFrame> held, long nowMs)
    {
        for (int i = 0; i < held.Count; i++)
        {
            if (held[i].WaitingForSuccessor)
            {
                // A fresh sequence number puts it after its successor, which was queued just before.
                held[i] = new HeldFrame(held[i].Frame, nowMs, _sequence++, false);
            }
        }
    }

    private byte[] TakeDue(List<HeldFrame> held)
    {
        long nowMs = _clock.NowMs;
        int best = -1;
        for (int i = 0; i < held.Count; i++)
        {
            var h = held[i];
            if (h.DueMs > nowMs)
            {
                continue;
            }
            if (best < 0 || h.DueMs < held[best].DueMs || (h.DueMs == held[best].DueMs && h.Sequence < held[best].Sequence))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            return null;
        }
        var frame = held[best].Frame;
        held.RemoveAt(best);
        return frame;
    }

    private void FlushDueSends()
    {
        for (int i = 0; i < MaxHeldFrames; i++)
        {
            var frame = TakeDue(_heldSend);
            if (frame == null)
            {
                return;
            }
            _inner.TrySend(frame, 0, frame.Length);
        }
    }
}
