#!/usr/bin/env bash
# Runs HttpProbe.cs on the real nanoFramework interpreter (../shared/nanoclr, see its README): compiles it against the
# nano builds of Firmware.Hal/Net/Services (obj/<cfg>/net10.0/nano, made by `dotnet build firmware/Services`),
# converts everything to .pe and prints the probe's HEAP and RATE lines. The POSIX nanoCLR is 64-bit: its heap blocks
# are 24 bytes where an ESP32's are 12, so object overhead reads about double (byte arrays the same).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
shared=${NANOCLR_KIT:-$root/../shared/nanoclr}
cfg=${CONFIGURATION:-Debug}
ms=$HOME/.nuget/packages/nanoframework.corelibrary/1.17.11/lib
# The C# compiler of the newest SDK: "10.0.401 [/usr/share/dotnet/sdk]" -> /usr/share/dotnet/sdk/10.0.401/Roslyn/bincore/csc.dll
csc=$(dotnet --list-sdks | tail -1 | sed -E 's/^([^ ]+) \[(.*)\]$/\2\/\1/')/Roslyn/bincore/csc.dll
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for a in hal/Hal/obj/$cfg/net10.0/nano/Firmware.Hal.dll firmware/Net/obj/$cfg/net10.0/nano/Firmware.Net.dll firmware/Services/obj/$cfg/net10.0/nano/Firmware.Services.dll; do
  cp "$root/$a" "$out/"
done
cp "$shared/runtime-native/nanoFramework.Runtime.Native.dll" "$out/"
cd "$out"
dotnet "$csc" -nologo -noconfig -nostdlib+ -langversion:9.0 -define:NANOFRAMEWORK_1_0 -optimize+ -target:exe \
  -r:"$ms/mscorlib.dll" -r:nanoFramework.Runtime.Native.dll -r:Firmware.Hal.dll -r:Firmware.Net.dll -r:Firmware.Services.dll \
  -out:HttpProbe.exe "$root/tools/Bench/Interpreter/HttpProbe.cs"
mdp() { dotnet "$shared/mdp/MetadataProcessor.dll" -loadHints mscorlib "$ms/mscorlib.dll" "$@" >/dev/null; }
mdp -parse Firmware.Hal.dll -compile Firmware.Hal.pe false
mdp -loadHints Firmware.Hal Firmware.Hal.dll -parse Firmware.Net.dll -compile Firmware.Net.pe false
mdp -loadHints Firmware.Hal Firmware.Hal.dll -loadHints Firmware.Net Firmware.Net.dll -parse Firmware.Services.dll -compile Firmware.Services.pe false
mdp -loadHints nanoFramework.Runtime.Native nanoFramework.Runtime.Native.dll -loadHints Firmware.Hal Firmware.Hal.dll \
  -loadHints Firmware.Net Firmware.Net.dll -loadHints Firmware.Services Firmware.Services.dll -parse HttpProbe.exe -compile HttpProbe.pe false
output=$("$shared/nanoclr/nanoFramework.nanoCLR.test" "$ms/mscorlib.pe" "$shared/runtime-native/nanoFramework.Runtime.Native.pe" \
  Firmware.Hal.pe Firmware.Net.pe Firmware.Services.pe HttpProbe.pe 2>&1)
echo "$output" | grep -E "^(HEAP|RATE)|Assembly: Firmware.Services|\+\+\+\+"
# nanoCLR exits 0 even when managed code throws: the probe's own verdict line decides.
echo "$output" | grep -q "RESULT=PASS"
