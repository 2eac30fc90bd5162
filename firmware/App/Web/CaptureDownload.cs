using Firmware.Net.Diagnostics;
using Firmware.Services.Http;

namespace Firmware.App.Web
{
    /// <summary>
    /// /capture.pcap: the frames the capture ring holds when the request comes, as a pcap file (Wireshark, tshark),
    /// streamed as the send ring frees room (records span reads: a full frame's record is larger than what the server
    /// takes at once). Recording pauses while any download runs, so the download's own frames cannot push out the
    /// frames it is about to send, and the file is the ring as it was when the request came.
    /// </summary>
    public sealed class CaptureDownload : IHttpBodySource
    {
        private static readonly byte[] DispositionName = HttpAscii.Encode("Content-Disposition");
        private static readonly byte[] DispositionValue = HttpAscii.Encode("attachment; filename=\"capture.pcap\"");

        private readonly CaptureRing _ring;
        private readonly CaptureReader[] _readers;
        private int _active;

        public CaptureDownload(CaptureRing ring, int slots)
        {
            _ring = ring;
            _readers = new CaptureReader[slots];
            for (int i = 0; i < slots; i++)
            {
                _readers[i] = new CaptureReader();
            }
        }

        /// <summary>Downloads served to the end.</summary>
        public int Completed;

        /// <summary>Downloads running now (recording is paused while there is one).</summary>
        public int Active { get { return _active; } }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            _active++;
            _ring.Enabled = false;
            _ring.Rewind(_readers[response.Slot]);
            response.SetContentType(HttpMediaType.Pcap);
            response.AddHeader(DispositionName, DispositionValue);
            response.Stream(this);
        }

        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            if (position == 0)
            {
                if (count < CaptureRing.PcapHeaderBytes)
                {
                    return 0;
                }
                int header = CaptureRing.WritePcapHeader(buffer, offset);
                int records = _ring.ReadPcap(_readers[slot], buffer, offset + header, count - header);
                return header + (records > 0 ? records : 0);
            }
            return _ring.ReadPcap(_readers[slot], buffer, offset, count);
        }

        public void Finish(int slot, bool completed)
        {
            if (completed)
            {
                Completed++;
            }
            _active--;
            if (_active == 0)
            {
                _ring.Enabled = true;
            }
        }
    }
}
