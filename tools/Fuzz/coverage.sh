#!/usr/bin/env bash
# Line coverage of firmware/ reached by the fuzzing corpora: replays tools/Fuzz/corpus (and, given DIR, the
# queues afl-fuzz saved there: DIR/TARGET/default/queue) through every harness under .NET's code coverage
# collector (tests/Fuzz.Tests), then prints covered/total lines per firmware folder.
#   bash tools/Fuzz/coverage.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
FUZZ_REPLAY_DIR=${1:-} dotnet test tests/Fuzz.Tests/Fuzz.Tests.csproj --collect "Code Coverage;Format=cobertura" \
  --results-directory "$results" -v q -nologo >/dev/null
python3 - "$results" "$(pwd)" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
results, root = sys.argv[1], sys.argv[2]
lines = {}
for report in glob.glob(results + "/**/*.cobertura.xml", recursive=True):
    for cls in ET.parse(report).getroot().iter("class"):
        path = os.path.relpath(os.path.abspath(os.path.join(root, cls.get("filename"))), root) if not os.path.isabs(cls.get("filename")) else os.path.relpath(cls.get("filename"), root)
        if not path.startswith("firmware/") or "/Device/" in path:
            continue
        for line in cls.iter("line"):
            key = (path, int(line.get("number")))
            lines[key] = lines.get(key, 0) + int(line.get("hits"))
folders = {}
for (path, _), hits in lines.items():
    folder = os.path.dirname(path)
    covered, total = folders.get(folder, (0, 0))
    folders[folder] = (covered + (hits > 0), total + 1)
covered = sum(c for c, _ in folders.values()); total = sum(t for _, t in folders.values())
for folder in sorted(folders):
    c, t = folders[folder]
    print("%-32s %5d / %5d lines  %5.1f%%" % (folder, c, t, 100.0 * c / t))
print("%-32s %5d / %5d lines  %5.1f%%" % ("firmware/ (all)", covered, total, 100.0 * covered / max(total, 1)))
PY
