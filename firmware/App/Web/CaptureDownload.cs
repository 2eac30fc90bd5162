using Firmware.Net.Diagnostics;
using Firmware.Services.Http;

namespace Firmware.App.Web
{
    /// <summary>
    /// /capture.pcap: the frames the capture ring holds when the request comes, as a pcap file (Wireshark, tshark),
    /// streamed whole record by whole record as the send ring frees room. Frames recorded after the request (the
    /// download's own among them) are left for the next one, so the download ends.
    /// </summary>
    public sealed class CaptureDownload : IHttpBodySource
    {
        private static readonly byte[] DispositionName = HttpAscii.Encode("Content-Disposition");
        private static readonly byte[] DispositionValue = HttpAscii.Encode("attachment; filename=\"capture.pcap\"");

        private readonly CaptureRing _ring;
        private readonly long[] _sequence;
        private readonly int[] _position;
        private readonly long[] _end;

        public CaptureDownload(CaptureRing ring, int slots)
        {
            _ring = ring;
            _sequence = new long[slots];
            _position = new int[slots];
            _end = new long[slots];
        }

        /// <summary>Downloads served to the end.</summary>
        public int Completed;

        public void Handle(HttpRequest request, HttpResponse response)
        {
            int slot = response.Slot;
            _sequence[slot] = _ring.OldestSequence;
            _position[slot] = _ring.OldestPosition;
            _end[slot] = _ring.NextSequence;
            response.SetContentType(HttpMediaType.Pcap);
            response.AddHeader(DispositionName, DispositionValue);
            response.Stream(this);
        }

        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            int written = 0;
            if (position == 0)
            {
                if (count < CaptureRing.PcapHeaderBytes)
                {
                    return 0;
                }
                written = CaptureRing.WritePcapHeader(buffer, offset);
            }
            long sequence = _sequence[slot];
            int at = _position[slot];
            while (sequence < _end[slot])
            {
                int n = _ring.ReadPcapRecord(ref sequence, ref at, buffer, offset + written, count - written);
                if (n <= 0)
                {
                    break;
                }
                written += n;
            }
            // A reader the ring lapped restarts at its oldest record, which may be past the snapshot's end.
            _sequence[slot] = sequence;
            _position[slot] = at;
            if (written == 0 && sequence >= _end[slot])
            {
                return -1;
            }
            return written;
        }

        public void Finish(int slot, bool completed)
        {
            if (completed)
            {
                Completed++;
            }
        }
    }
}
