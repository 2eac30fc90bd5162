#!/usr/bin/env bash
# Coverage-guided fuzzing of the stack with AFL++ and SharpFuzz (see README.md).
#   bash tools/Fuzz/afl.sh [--seconds N] [--out DIR] [--resume] [TARGET...]
# Publishes tools/Fuzz in Release, instruments the firmware assemblies (Firmware.Net, Firmware.Services,
# Firmware.App) with SharpFuzz, then runs afl-fuzz on each harness for N seconds (default 600) from its
# corpus (tools/Fuzz/corpus/TARGET), one after the other. Prints execs/s, paths and crashes per harness and exits
# 1 when any harness found a crash (an exception escaping the stack) or a hang; each finding is replayed so its
# exception is printed. Findings stay in DIR (default: a fresh temporary folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=600
out=""
resume=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --resume) resume=1; shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
command -v afl-fuzz >/dev/null || { echo "afl.sh: afl-fuzz missing (apt-get install afl++)"; exit 1; }
[ -n "$out" ] || out=$(mktemp -d /tmp/fuzz-XXXXXX)
mkdir -p "$out"
bin="$out/bin"

echo "== fuzz: publishing and instrumenting into $bin"
dotnet tool restore >/dev/null
rm -rf "$bin"
dotnet publish tools/Fuzz/Fuzz.csproj -c Release -o "$bin" -v q -nologo >/dev/null
for assembly in Firmware.Net Firmware.Services Firmware.App; do
  dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null
done
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(dotnet "$bin/Fuzz.dll" list | awk '{print $1}')
fi

export AFL_SKIP_BIN_CHECK=1               # the target is dotnet; the coverage map comes from SharpFuzz's instrumentation
export AFL_NO_UI=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=60000       # the runtime's start-up, the first run's JIT
export AFL_SHUFFLE_QUEUE=0
export DOTNET_TieredPGO=0

failed=0
printf '%-12s %10s %9s %7s %8s %7s %6s\n' harness execs execs/s paths bitmap crashes hangs
for t in "${targets[@]}"; do
  findings="$out/$t"
  input="tools/Fuzz/corpus/$t"
  if [ "$resume" = 1 ] && [ -d "$findings/default/queue" ]; then input=-; fi
  [ "$resume" = 1 ] || rm -rf "$findings"
  dictionary=()
  [ -f "tools/Fuzz/dictionaries/$t.dict" ] && dictionary=(-x "tools/Fuzz/dictionaries/$t.dict")
  if ! afl-fuzz -i "$input" -o "$findings" -t 5000 -m none -V "$seconds" "${dictionary[@]}" -- dotnet "$bin/Fuzz.dll" afl "$t" >"$out/$t.log" 2>&1; then
    echo "fuzz: afl-fuzz failed on $t; the end of its log ($out/$t.log):"
    tail -30 "$out/$t.log"
    failed=1
    continue
  fi
  stats="$findings/default/fuzzer_stats"
  get() { awk -F': *' -v k="$1" '$1 ~ "^"k" *$" {print $2}' "$stats"; }
  crashes=$(get saved_crashes); hangs=$(get saved_hangs)
  printf '%-12s %10s %9s %7s %8s %7s %6s\n' "$t" "$(get execs_done)" "$(get execs_per_sec)" "$(get corpus_count)" "$(get bitmap_cvg)" "$crashes" "$hangs"
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    failed=1
    for f in "$findings"/default/crashes/id* "$findings"/default/hangs/id*; do
      [ -f "$f" ] || continue
      echo "--- $f"
      timeout 60 dotnet "$bin/Fuzz.dll" run "$t" "$f" 2>&1 | head -20 || true
    done
  fi
done
echo "fuzz: findings in $out"
exit $failed
