#!/usr/bin/env bash
# Runs every test in the solution and prints one closing line: "Tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
dotnet test Firmware.sln --logger "trx" --results-directory "$results" "$@"
status=$?
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print("Tests: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
PY
rm -rf "$results"
exit $status
