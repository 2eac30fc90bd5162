using System;
using Firmware.Hal;
using Firmware.Net.Wire;

namespace Firmware.Net.Diagnostics
{
    /// <summary>
    /// A MAC middleware that keeps the last frames sent and received in one fixed byte ring (the oldest go first when
    /// it is full) and reads them back as pcap records, so a device can hand its recent traffic to Wireshark without a
    /// file system. Allocated once; recording and reading allocate nothing. Set <see cref="NowMs"/> before each Poll:
    /// the records' timestamps are the device's uptime, or wall time once <see cref="Clock"/> is set.
    /// </summary>
    public sealed class CaptureRing : IEthernetMac
    {
        /// <summary>Bytes of the pcap global header.</summary>
        public const int PcapHeaderBytes = 24;

        /// <summary>Bytes of the pcap record header before each frame.</summary>
        public const int PcapRecordHeaderBytes = 16;

        // Each stored record: sequence (4, low bits), time ms (4), frame length (2), then the frame; wraps at the end.
        private const int StoredHeaderBytes = 10;

        private readonly IEthernetMac _inner;
        private readonly byte[] _ring;
        private readonly byte[] _header = new byte[StoredHeaderBytes];
        private readonly byte[] _pcapHeader = new byte[PcapRecordHeaderBytes];
        private int _oldestPosition;
        private int _usedBytes;
        private long _oldestSequence;
        private long _nextSequence;

        /// <summary>Records through <paramref name="inner"/> into a ring of <paramref name="capacityBytes"/> bytes.</summary>
        public CaptureRing(IEthernetMac inner, int capacityBytes)
        {
            if (inner == null || capacityBytes < 2 * (StoredHeaderBytes + 1514))
            {
                throw new ArgumentException("capture ring: a MAC and room for two full frames");
            }
            _inner = inner;
            _ring = new byte[capacityBytes];
        }

        /// <summary>Now, in ms since boot: the timestamp given to the frames recorded next.</summary>
        public long NowMs;

        /// <summary>
        /// The device's wall clock, when it has one: once set, records read out carry Unix time (the uptime each frame was
        /// recorded at, moved by the clock's offset) instead of the uptime.
        /// </summary>
        public WallClock Clock;

        /// <summary>When false, frames pass without being recorded.</summary>
        public bool Enabled = true;

        /// <summary>Frames recorded since start.</summary>
        public long FramesRecorded;

        /// <summary>Frames pushed out of the ring by newer ones.</summary>
        public long FramesEvicted;

        /// <summary>Frames that passed while recording was paused (<see cref="Enabled"/> false).</summary>
        public long FramesNotRecorded;

        /// <summary>Records a reader lost halfway through to the writer (their rest read as zeros).</summary>
        public int ReadsLapped;

        /// <summary>The ring's size in bytes.</summary>
        public int CapacityBytes { get { return _ring.Length; } }

        /// <summary>Sequence number of the oldest frame still held.</summary>
        public long OldestSequence { get { return _oldestSequence; } }

        /// <summary>Sequence number the next recorded frame will get (one past the newest held).</summary>
        public long NextSequence { get { return _nextSequence; } }

        public byte[] MacAddress { get { return _inner.MacAddress; } }

        public bool IsLinkUp { get { return _inner.IsLinkUp; } }

        public bool TrySend(byte[] frame, int offset, int length)
        {
            bool sent = _inner.TrySend(frame, offset, length);
            if (sent)
            {
                Record(frame, offset, length);
            }
            return sent;
        }

        public int TryReceive(byte[] buffer, int offset, int capacity)
        {
            int length = _inner.TryReceive(buffer, offset, capacity);
            if (length > 0)
            {
                Record(buffer, offset, length);
            }
            return length;
        }

        /// <summary>
        /// Writes the pcap global header (microsecond timestamps, Ethernet link type); returns its 24 bytes. The file is
        /// big-endian: the magic number tells readers the byte order, and BigEndian is how this stack writes fields.
        /// </summary>
        public static int WritePcapHeader(byte[] destination, int offset)
        {
            Array.Clear(destination, offset, PcapHeaderBytes);
            BigEndian.WriteUInt32(destination, offset, 0xA1B2C3D4);
            BigEndian.WriteUInt16(destination, offset + 4, 2);      // version 2.4
            BigEndian.WriteUInt16(destination, offset + 6, 4);
            BigEndian.WriteUInt32(destination, offset + 16, 65535); // snaplen
            BigEndian.WriteUInt32(destination, offset + 20, 1);     // LINKTYPE_ETHERNET
            return PcapHeaderBytes;
        }

        /// <summary>Places <paramref name="reader"/> at the oldest frame held.</summary>
        public void Rewind(CaptureReader reader)
        {
            reader.Sequence = _oldestSequence;
            reader.Position = _oldestPosition;
            reader.InRecord = 0;
            reader.RecordBytes = 0;
        }

        /// <summary>
        /// Copies pcap records (a 16-byte record header, then the frame) from where <paramref name="reader"/> is, as far as
        /// <paramref name="count"/> bytes go, and moves the reader on: a record may span calls. A reader the ring lapped
        /// restarts at the oldest frame still held; one lapped halfway through a record gets that record's rest as zeros
        /// (counted in <see cref="ReadsLapped"/>), so the file's framing never breaks. Returns the bytes written, or -1
        /// when the reader has caught up with <see cref="NextSequence"/>. Pause recording (<see cref="Enabled"/>) while a
        /// download reads: otherwise its own frames push out what it is about to read.
        /// </summary>
        public int ReadPcap(CaptureReader reader, byte[] destination, int offset, int count)
        {
            int written = 0;
            while (written < count)
            {
                bool held = reader.Sequence >= _oldestSequence && reader.Sequence < _nextSequence && HoldsAt(reader.Sequence, reader.Position);
                if (!held && reader.InRecord > 0)
                {
                    // Lapped mid-record: the header already read promised RecordBytes; keep the promise with zeros.
                    int pad = Min(reader.RecordBytes - reader.InRecord, count - written);
                    Array.Clear(destination, offset + written, pad);
                    written += pad;
                    reader.InRecord += pad;
                    if (reader.InRecord < reader.RecordBytes)
                    {
                        break;
                    }
                    ReadsLapped++;
                    reader.InRecord = 0;
                    reader.Sequence++;
                    continue;
                }
                if (!held)
                {
                    if (reader.Sequence >= _nextSequence)
                    {
                        break;
                    }
                    Rewind(reader);
                    if (reader.Sequence >= _nextSequence)
                    {
                        break;
                    }
                }
                Copy(reader.Position, _header, 0, StoredHeaderBytes);
                int length = BigEndian.ReadUInt16(_header, 8);
                reader.RecordBytes = PcapRecordHeaderBytes + length;
                if (reader.InRecord < PcapRecordHeaderBytes)
                {
                    long timeMs = BigEndian.ReadUInt32(_header, 4);
                    if (Clock != null && Clock.IsSet)
                    {
                        timeMs = Clock.UnixMs(timeMs);
                    }
                    BigEndian.WriteUInt32(_pcapHeader, 0, (uint)(timeMs / 1000));
                    BigEndian.WriteUInt32(_pcapHeader, 4, (uint)(timeMs % 1000 * 1000));
                    BigEndian.WriteUInt32(_pcapHeader, 8, (uint)length);
                    BigEndian.WriteUInt32(_pcapHeader, 12, (uint)length);
                    int n = Min(PcapRecordHeaderBytes - reader.InRecord, count - written);
                    Array.Copy(_pcapHeader, reader.InRecord, destination, offset + written, n);
                    written += n;
                    reader.InRecord += n;
                }
                int frameAt = reader.InRecord - PcapRecordHeaderBytes;
                if (frameAt >= 0 && frameAt < length)
                {
                    int n = Min(length - frameAt, count - written);
                    Copy(Advance(reader.Position, StoredHeaderBytes + frameAt), destination, offset + written, n);
                    written += n;
                    reader.InRecord += n;
                }
                if (reader.InRecord == reader.RecordBytes)
                {
                    reader.Sequence++;
                    reader.Position = Advance(reader.Position, StoredHeaderBytes + length);
                    reader.InRecord = 0;
                }
            }
            return written == 0 && reader.InRecord == 0 && reader.Sequence >= _nextSequence ? -1 : written;
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        private void Record(byte[] frame, int offset, int length)
        {
            int total = StoredHeaderBytes + length;
            if (!Enabled)
            {
                FramesNotRecorded++;
                return;
            }
            if (length < 0 || length > 0xFFFF || total > _ring.Length)
            {
                return;
            }
            while (_ring.Length - _usedBytes < total)
            {
                Copy(_oldestPosition, _header, 0, StoredHeaderBytes);
                int oldest = StoredHeaderBytes + BigEndian.ReadUInt16(_header, 8);
                _oldestPosition = Advance(_oldestPosition, oldest);
                _usedBytes -= oldest;
                _oldestSequence++;
                FramesEvicted++;
            }
            int at = Advance(_oldestPosition, _usedBytes);
            BigEndian.WriteUInt32(_header, 0, (uint)_nextSequence);
            BigEndian.WriteUInt32(_header, 4, (uint)NowMs);
            BigEndian.WriteUInt16(_header, 8, length);
            Store(at, _header, 0, StoredHeaderBytes);
            Store(Advance(at, StoredHeaderBytes), frame, offset, length);
            _usedBytes += total;
            _nextSequence++;
            FramesRecorded++;
        }

        // A reader's (sequence, position) is still good when the record there carries that sequence number.
        private bool HoldsAt(long sequence, int position)
        {
            if (position < 0 || position >= _ring.Length)
            {
                return false;
            }
            Copy(position, _header, 0, 4);
            return BigEndian.ReadUInt32(_header, 0) == (uint)sequence;
        }

        private int Advance(int position, int bytes)
        {
            int next = position + bytes;
            return next >= _ring.Length ? next - _ring.Length : next;
        }

        private void Store(int position, byte[] source, int offset, int length)
        {
            int first = _ring.Length - position < length ? _ring.Length - position : length;
            Array.Copy(source, offset, _ring, position, first);
            Array.Copy(source, offset + first, _ring, 0, length - first);
        }

        private void Copy(int position, byte[] destination, int offset, int length)
        {
            int first = _ring.Length - position < length ? _ring.Length - position : length;
            Array.Copy(_ring, position, destination, offset, first);
            Array.Copy(_ring, 0, destination, offset + first, length - first);
        }
    }
}
