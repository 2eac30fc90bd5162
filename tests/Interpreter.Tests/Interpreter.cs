using System;
using Firmware.Interpreter;

namespace Firmware.Tests.Interpreter;

/// <summary>The kit, found once; a missing kit fails every test with the message that says how to get one.</summary>
internal static class Interpreter
{
    private static readonly Lazy<InterpreterKit> LazyKit = new Lazy<InterpreterKit>(InterpreterKit.Locate);

    public static InterpreterKit Kit => LazyKit.Value;

    public static InterpreterRun Run(string program, TimeSpan timeout) => NanoProgram.Load(program).Run(Kit, timeout);
}
