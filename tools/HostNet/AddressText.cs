using System;
using System.Globalization;

namespace Firmware.HostNet;

/// <summary>Parses and prints IPv4 addresses (uint, host byte order) and MAC addresses for command lines and logs.</summary>
public static class AddressText
{
    public static bool TryParseIpv4(string text, out uint address)
    {
        address = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        foreach (var part in parts)
        {
            if (part.Length == 0 || part.Length > 3 || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }
            address = address << 8 | b;
        }
        return true;
    }

    public static string FormatIpv4(uint address) =>
        (address >> 24) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);

    /// <summary>Accepts "02:00:00:00:00:02" or "02-00-00-00-00-02".</summary>
    public static bool TryParseMac(string text, out byte[] mac)
    {
        mac = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            return false;
        }
        var bytes = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        mac = bytes;
        return true;
    }

    public static string FormatMac(byte[] mac) =>
        mac == null || mac.Length != 6 ? "?" : string.Join(":", Array.ConvertAll(mac, b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
