using System;

namespace Firmware.Interpreter;

/// <summary>No nanoCLR kit was found; the message says how to get one.</summary>
public sealed class InterpreterKitMissingException : Exception
{
    public InterpreterKitMissingException(string message) : base(message)
    {
    }
}
