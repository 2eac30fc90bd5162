using System;
using Firmware.Net.Wire;
using Firmware.Services.Dhcp;

namespace Firmware.Fuzz.Targets;

/// <summary>
/// DHCP replies from the peer's port 67 to the device app with its defaults (DHCP on, no address yet), each one
/// after the client's next message (DISCOVER, REQUEST, a renewal...): the whole lease life cycle is reachable. A
/// record's control byte can make it a BOOTREPLY carrying the client's xid, hardware address and the magic cookie,
/// so mutations get past the client's first checks to the options. Afterwards a day of virtual time runs the timers
/// (probes, T1, T2, expiry). Whatever the client holds must stay coherent: the interface's address is the lease's,
/// and T1 &lt;= T2 &lt;= expiry.
/// </summary>
public sealed class DhcpTarget : IFuzzTarget
{
    public const int MaxReplies = 4;

    /// <summary>In a record's control byte: op, htype, hlen, xid, chaddr and cookie set from the client's last message.</summary>
    public const byte MatchHeader = 0x01;

    /// <summary>In a record's control byte: sent to the offered address (yiaddr) instead of the broadcast address.</summary>
    public const byte Unicast = 0x02;

    private const int MessageBytes = 1472;

    private readonly byte[] _message = new byte[MessageBytes];

    public string Name => "dhcp";

    public string Description => "DHCP replies to the device's DHCP client, one after each message it sends: records [control: bit 0 match xid/chaddr/cookie, bit 1 unicast][u16 length][message]";

    public void Run(byte[] data, int length)
    {
        var input = new FuzzInput(data, length);
        var device = new DeviceUnderTest(DeviceUnderTest.DhcpConfig());
        DhcpClient client = device.App.Dhcp;
        int seen = 0;
        for (int i = 0; i < MaxReplies && !input.IsEmpty; i++)
        {
            byte control = input.TakeByte();
            int n = input.TakeRecord(_message, _message.Length);
            if (n < 0)
            {
                break;
            }
            // Wait (at most a minute) for the client's next message; answer its last one if none comes.
            byte[] request = null;
            int requestAt = 0;
            for (int waited = 0; waited < 60_000; waited += 250)
            {
                request = device.LastSentUdp(DhcpMessage.ServerPort, seen, out requestAt, out _);
                if (request != null)
                {
                    break;
                }
                device.Advance(250);
            }
            seen = device.Mac.Sent.Count;
            request ??= device.LastSentUdp(DhcpMessage.ServerPort, 0, out requestAt, out _);
            if ((control & MatchHeader) != 0 && request != null)
            {
                n = Math.Max(n, DhcpMessage.OptionsOffset);
                _message[0] = DhcpMessage.OpReply;
                _message[1] = 1;
                _message[2] = 6;
                Array.Copy(request, requestAt + DhcpMessage.XidOffset, _message, DhcpMessage.XidOffset, 4);
                Array.Copy(request, requestAt + DhcpMessage.ChaddrOffset, _message, DhcpMessage.ChaddrOffset, 6);
                BigEndian.WriteUInt32(_message, DhcpMessage.CookieOffset, DhcpMessage.MagicCookie);
            }
            uint destination = (control & Unicast) != 0 && n >= DhcpMessage.YiaddrOffset + 4
                ? BigEndian.ReadUInt32(_message, DhcpMessage.YiaddrOffset) : 0xFFFFFFFF;
            device.InjectUdp(DhcpMessage.ServerPort, destination, DhcpMessage.ClientPort, _message, n);
            Check(device, client);
        }
        for (int step = 0; step < 20; step++)
        {
            device.Advance(1000);
            Check(device, client);
        }
        for (int step = 0; step < 48; step++)
        {
            device.Advance(1_800_000);
            Check(device, client);
        }
    }

    private static void Check(DeviceUnderTest device, DhcpClient client)
    {
        if (client.Source != AddressSource.Dhcp)
        {
            return;
        }
        uint address = device.App.Stack.Interface.Address;
        if (address != 0 && address != client.LeaseAddress)
        {
            throw new InvalidOperationException("the interface has " + address.ToString("x8") + ", the lease " + client.LeaseAddress.ToString("x8"));
        }
        if (client.RenewAtMs > client.RebindAtMs || client.RebindAtMs > client.LeaseExpiresMs)
        {
            throw new InvalidOperationException("T1 " + client.RenewAtMs + ", T2 " + client.RebindAtMs + ", expiry " + client.LeaseExpiresMs);
        }
    }
}
