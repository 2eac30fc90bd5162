using System;
using Firmware.App;
using Firmware.ChipEmulators;

namespace Firmware.Simulator;

/// <summary>The simulated board's GPIO, served at /api/gpio: an LED the app may drive (its changes logged) and a button it reads.</summary>
public static class SimulatedPins
{
    public static GpioTable Create(Action<string> log)
    {
        var pins = new GpioTable(2);
        pins.Add("led", new EmulatedPin(false, level => log("gpio: led " + (level ? "on" : "off"))), isOutput: true);
        pins.Add("button", new EmulatedPin(true, null), isOutput: false);
        return pins;
    }
}
