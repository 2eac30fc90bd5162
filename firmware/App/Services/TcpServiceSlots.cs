using Firmware.Net.Transport;

namespace Firmware.App.Services
{
    /// <summary>What the TCP services share: filling free client slots from a listener.</summary>
    internal static class TcpServiceSlots
    {
        /// <summary>Accepts waiting connections into the free slots of <paramref name="clients"/>.</summary>
        public static void AcceptInto(TcpListener listener, TcpConnection[] clients)
        {
            for (int i = 0; i < clients.Length; i++)
            {
                if (clients[i] == null)
                {
                    TcpConnection c = listener.Accept();
                    if (c == null)
                    {
                        return;
                    }
                    clients[i] = c;
                }
            }
        }
    }
}
