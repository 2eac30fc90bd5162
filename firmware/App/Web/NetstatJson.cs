using Firmware.Net.Diagnostics;
using Firmware.Net.Transport;
using Firmware.Services.Http;

namespace Firmware.App.Web
{
    /// <summary>
    /// /api/netstat: the TCP table as JSON — <c>{"address":…,"listening":[80,…],"timeWait":n,"tcp":[{…},…]}</c>, one
    /// connection a piece (closed entries skipped), so the table's size does not depend on the response buffer.
    /// </summary>
    public sealed class NetstatJson : JsonStreamSource
    {
        private readonly DeviceApp _app;
        private readonly bool[] _listed;

        public NetstatJson(DeviceApp app, int slots) : this(app, slots, null)
        {
        }

        /// <summary>As above, writing with <paramref name="writer"/> (shared with the other JSON documents; null: its own).</summary>
        public NetstatJson(DeviceApp app, int slots, JsonWriter writer) : base(slots, 320, writer)
        {
            _app = app;
            _listed = new bool[slots];
        }

        protected override bool WritePiece(int slot, int index, JsonWriter json)
        {
            TcpLayer tcp = _app.Tcp;
            if (index == 0)
            {
                _listed[slot] = false;
                // The object and the "tcp" array stay open: the connections and the closing "]}" are pieces of their own.
                json.BeginObject();
                json.Name("address");
                json.Ipv4Value(_app.Stack.Interface.Address);
                json.Name("listening");
                json.BeginArray();
                for (int i = 0; i < tcp.Config.Listeners; i++)
                {
                    TcpListener listener = tcp.GetListener(i);
                    if (listener.IsListening)
                    {
                        json.Value(listener.LocalPort);
                    }
                }
                json.EndArray();
                json.Property("timeWait", tcp.TimeWait.Count);
                json.Name("tcp");
                return json.BeginArray();
            }
            if (index <= tcp.Capacity)
            {
                TcpConnection c = tcp.GetConnection(index - 1);
                if (c.State == TcpState.Closed)
                {
                    return true;
                }
                if (_listed[slot])
                {
                    json.WriteAscii(",");
                }
                _listed[slot] = true;
                json.BeginObject();
                json.Property("localPort", c.LocalPort);
                json.Name("remoteAddress");
                json.Ipv4Value(c.RemoteAddress);
                json.Property("remotePort", c.RemotePort);
                json.Property("state", TcpNetstat.StateName(c.State));
                json.Property("recvQ", c.BytesAvailable);
                json.Property("sendQ", c.SendQueueBytes);
                json.Property("srttMs", c.SrttMs);
                json.Property("rtoMs", c.RtoMs);
                return json.EndObject();
            }
            if (index == tcp.Capacity + 1)
            {
                return json.WriteAscii("]}");
            }
            return false;
        }
    }
}
