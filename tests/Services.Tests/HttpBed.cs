using System;
using System.Collections.Generic;
using Firmware.App;
using Firmware.HostNet;
using Firmware.Net;
using Firmware.Net.Transport;
using Firmware.Services.Http;

namespace Services.Tests
{
    /// <summary>
    /// A client stack and a server stack (Ethernet, ARP, IPv4, TCP) on an in-memory cable, the HTTP server on the
    /// second, in virtual time: each Step advances the clock and polls both stacks, the server, and the clients.
    /// </summary>
    public sealed class HttpBed
    {
        public const uint ClientAddress = 0x0A000001;
        public const uint ServerAddress = 0x0A000002;

        public readonly QueueMac ClientMac;
        public readonly QueueMac ServerMac;
        public readonly NetworkStack ClientStack;
        public readonly NetworkStack ServerStack;
        public readonly TcpLayer ClientTcp;
        public readonly TcpLayer ServerTcp;
        public readonly HttpServer Server;
        public readonly TestSite Site;

        /// <summary>The device app serving on the server side (<see cref="ForDevice"/>), else null.</summary>
        public readonly DeviceApp App;
        public long Now;
        private readonly List<TestClient> _clients = new List<TestClient>();

        public HttpBed(HttpServerConfig config = null, TcpConfig serverTcp = null, int clientConnections = 8, bool withSite = true)
        {
            ClientMac = new QueueMac(QueueMac.Mac(1), 256);
            ServerMac = new QueueMac(QueueMac.Mac(2), 256);
            QueueMac.Connect(ClientMac, ServerMac);
            ClientStack = new NetworkStack(new StackConfig(), ClientMac, new SystemRandomSource(1));
            ServerStack = new NetworkStack(new StackConfig(), ServerMac, new SystemRandomSource(2));
            ClientStack.SetAddress(ClientAddress, 24, 0, 0);
            ServerStack.SetAddress(ServerAddress, 24, 0, 0);
            ClientTcp = new TcpLayer(new TcpConfig { Connections = clientConnections, MinRtoMs = 200 }, ClientStack.Output, new SystemRandomSource(3));
            ServerTcp = new TcpLayer(serverTcp ?? new TcpConfig { Connections = 8, MinRtoMs = 200 }, ServerStack.Output, new SystemRandomSource(4));
            ClientStack.AttachTransport(6, ClientTcp);
            ServerStack.AttachTransport(6, ServerTcp);
            config = config ?? new HttpServerConfig();
            if (withSite)
            {
                // The test site has more routes than a device needs.
                config.MaxRoutes = Math.Max(config.MaxRoutes, 16);
            }
            Server = new HttpServer(ServerTcp, config);
            if (withSite)
            {
                Site = new TestSite(this);
                Site.Register(Server);
            }
        }

        /// <summary>The device app (its stack, TCP and web server as configured) at 10.0.0.2 instead of a bare server.</summary>
        public static HttpBed ForDevice(AppConfig config, GpioTable pins) => new HttpBed(config, pins);

        private HttpBed(AppConfig config, GpioTable pins)
        {
            ClientMac = new QueueMac(QueueMac.Mac(1), 256);
            ServerMac = new QueueMac(QueueMac.Mac(2), 256);
            QueueMac.Connect(ClientMac, ServerMac);
            ClientStack = new NetworkStack(new StackConfig(), ClientMac, new SystemRandomSource(1));
            ClientStack.SetAddress(ClientAddress, 24, 0, 0);
            ClientTcp = new TcpLayer(new TcpConfig { Connections = 8, MinRtoMs = 200 }, ClientStack.Output, new SystemRandomSource(3));
            ClientStack.AttachTransport(6, ClientTcp);
            config.Address = ServerAddress;
            config.PrefixLength = 24;
            config.DhcpEnabled = false;
            App = new DeviceApp(config, ServerMac, new SystemRandomSource(2), pins);
            App.Start(0);
            ServerStack = App.Stack;
            ServerTcp = App.Tcp;
            Server = App.Http;
        }

        public void Step(int ms = 1)
        {
            Now += ms;
            ClientStack.Poll(Now);
            if (App != null)
            {
                App.Poll(Now);
            }
            else
            {
                ServerStack.Poll(Now);
                Server.Poll(Now);
            }
            foreach (TestClient c in _clients)
            {
                c.Pump();
            }
        }

        public void Run(int steps, int ms = 1)
        {
            for (int i = 0; i < steps; i++)
            {
                Step(ms);
            }
        }

        public void RunUntil(Func<bool> done, int maxSteps = 200000, int ms = 1)
        {
            for (int i = 0; i < maxSteps; i++)
            {
                if (done())
                {
                    return;
                }
                Step(ms);
            }
            throw new TimeoutException("condition not met after " + maxSteps + " steps (t=" + Now + " ms); " + Server.Counters.Describe());
        }

        public TestClient Connect(ushort port = 80)
        {
            TcpConnection c = ClientTcp.Connect(ServerAddress, port, Now);
            if (c == null)
            {
                throw new InvalidOperationException("client table full");
            }
            var client = new TestClient(this, c);
            _clients.Add(client);
            RunUntil(() => c.State == TcpState.Established || c.State == TcpState.Closed, 10000);
            return client;
        }

        internal void Forget(TestClient client)
        {
            _clients.Remove(client);
        }

        /// <summary>Runs (in 10 ms steps) until every slot of the server and every TCP connection on both sides is free again.</summary>
        public void Settle()
        {
            foreach (TestClient c in _clients.ToArray())
            {
                c.Close();
            }
            RunUntil(() => Server.ActiveSlots == 0 && ServerTcp.FreeConnections == ServerTcp.Capacity
                && ClientTcp.FreeConnections == ClientTcp.Capacity, 100000, 10);
        }
    }
}
