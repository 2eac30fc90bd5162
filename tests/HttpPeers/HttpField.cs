namespace Firmware.HttpPeers;

/// <summary>One header field of a response, as the client received it.</summary>
public sealed record HttpField(string Name, string Value)
{
    public override string ToString() => Name + ": " + Value;
}
