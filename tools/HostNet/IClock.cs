namespace Firmware.HostNet;

/// <summary>Milliseconds since some start, monotonic. Middlewares that delay frames or stamp them read it.</summary>
public interface IClock
{
    long NowMs { get; }
}
