namespace Firmware.HostNet;

/// <summary>
/// A frame the <see cref="FaultInjector"/> holds back: due at <see cref="DueMs"/>, ties broken by <see cref="Sequence"/>;
/// a reordered frame waits for a successor to pass first (<see cref="WaitingForSuccessor"/>).
/// </summary>
internal readonly record struct HeldFrame(byte[] Frame, long DueMs, long Sequence, bool WaitingForSuccessor);
