#!/usr/bin/env bash
# Captures the device app talking to the Linux kernel's peers (ping, curl, nc) through the simulator on a TAP
# device in a network namespace of its own, then writes seed corpora from that pcap. Needs root, curl, nc, ping.
#   bash tools/Fuzz/capture-seeds.sh [OUTDIR]     (default: tools/Fuzz/corpus; keeps the pcap as tools/Fuzz/captures/kernel-peers.pcap)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-tools/Fuzz/corpus}
ns=fuzzcap-$$
pcap=tools/Fuzz/captures/kernel-peers.pcap
mkdir -p "$(dirname "$pcap")"
dotnet build tools/Simulator/Simulator.csproj -v q -nologo >/dev/null
dotnet build tools/Fuzz/Fuzz.csproj -v q -nologo >/dev/null
cleanup() { [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null && wait "$sim" 2>/dev/null; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" addr add 10.0.0.1/24 dev tap0
ip -n "$ns" link set tap0 up
ip -n "$ns" link set lo up
ip netns exec "$ns" dotnet tools/Simulator/bin/Debug/net10.0/Simulator.dll --tap tap0 --ip 10.0.0.2/24 --pcap "$pcap" --seconds 60 --quiet >/dev/null &
sim=$!
run() { ip netns exec "$ns" timeout 10 "$@" >/dev/null 2>&1 || echo "capture-seeds: '$*' failed (continuing)"; }
for _ in $(seq 50); do ip netns exec "$ns" ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1 && break; sleep 0.2; done
run ping -c 2 -s 100 10.0.0.2
run curl -s http://10.0.0.2/api/status
run curl -s --compressed http://10.0.0.2/ http://10.0.0.2/api/counters
run curl -s -X PUT --data 1 http://10.0.0.2/api/gpio/0
run curl -s -H 'Content-Type: text/plain' --data hello http://10.0.0.2/api/echo
run curl -s -H 'Transfer-Encoding: chunked' --data-binary chunked-body http://10.0.0.2/api/echo
run curl -s http://10.0.0.2/no/such/page
run sh -c "printf 'echo me\n' | nc -N -w 3 10.0.0.2 7"
run sh -c "printf 'discard me\n' | nc -N -w 3 10.0.0.2 9"
run sh -c "printf 'udp echo\n' | nc -u -w 1 10.0.0.2 7"
kill "$sim"; wait "$sim" 2>/dev/null || true; sim=
dotnet tools/Fuzz/bin/Debug/net10.0/Fuzz.dll seeds "$pcap" "$out"
