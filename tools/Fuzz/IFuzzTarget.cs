namespace Firmware.Fuzz;

/// <summary>
/// One harness: a part of the stack that faces the network, fed one fuzz input. Anything that escapes
/// <see cref="Run"/> (an exception, a broken invariant thrown as one) is a crash; so is a run that never ends.
/// Adding a harness is adding one class that implements this: the program finds every implementation by
/// reflection (its name is the command-line name, its corpus is corpus/NAME).
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The command-line name, also the corpus folder (lower case, no spaces).</summary>
    string Name { get; }

    /// <summary>One line for <c>list</c>: what is fed where, and the input's layout.</summary>
    string Description { get; }

    /// <summary>Runs one input (the first <paramref name="length"/> bytes of <paramref name="data"/>) from a fresh state.</summary>
    void Run(byte[] data, int length);
}
