#!/usr/bin/env bash
# Fleet-scale benchmark of `ocpp-diag analyze` with the built-in pack, measured side by side
# with jq over the same file in one run (runs alternate; medians and ratios are reported).
#
#   Benchmarks/run.sh [LINES] [RUNS]    default 1000000 lines, 3 runs of each command
#   BENCH_10M=1 Benchmarks/run.sh       also a 10M-line log: time ratio and peak memory
#   BENCH_DIR=…                         where logs go (default .build/bench)
#
# Needs jq, GNU time (/usr/bin/time) and python3 with PyYAML (for the 1,000-rule pack).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-1000000}
RUNS=${2:-3}
DIR=${BENCH_DIR:-.build/bench}
mkdir -p "$DIR"

# The release binary as README.md says to build one: Swift runtime and Foundation linked in.
BUILD=(swift build -c release --static-swift-stdlib)
"${BUILD[@]}" --product ocpp-diag >/dev/null
"${BUILD[@]}" --product fleet-gen >/dev/null
BIN=$("${BUILD[@]}" --show-bin-path)

log_of() {  # a deterministic fleet log of N lines, generated once
  local f="$DIR/fleet-$1.jsonl"
  [ -s "$f" ] || "$BIN/fleet-gen" --lines "$1" > "$f"
  echo "$f"
}
LOG=$(log_of "$LINES")
SIZE=$(stat -c %s "$LOG")
BIG="$DIR/pack-1000"
[ -d "$BIG" ] || python3 Benchmarks/make_big_pack.py Rules "$BIG" 1000 2>/dev/null

JQ_FILTER='select(.message[2]=="StatusNotification" and .message[3].status=="Faulted")'
measure() {  # prints "seconds peak-KB cpu-seconds" (cpu: user + sys, all threads)
  /usr/bin/time -f "%e %M %U %S" -o "$DIR/time.txt" "$@" > /dev/null
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$DIR/time.txt"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fastest() { printf '%s\n' "$@" | sort -g | head -1; }

declare -a JQ OD OD1 BIGT RSS JQC ODC
for _ in $(seq 1 "$RUNS"); do
  read -r t _ c < <(measure jq -c "$JQ_FILTER" "$LOG"); JQ+=("$t"); JQC+=("$c")
  read -r t m c < <(measure "$BIN/ocpp-diag" analyze --format jsonl "$LOG"); OD+=("$t"); RSS+=("$m"); ODC+=("$c")
  read -r t _ < <(measure "$BIN/ocpp-diag" analyze --format jsonl --threads 1 "$LOG"); OD1+=("$t")
  read -r t _ < <(measure "$BIN/ocpp-diag" analyze --format jsonl --rules "$BIG" "$LOG"); BIGT+=("$t")
done
JQM=$(median "${JQ[@]}"); ODM=$(median "${OD[@]}"); OD1M=$(median "${OD1[@]}"); BIGM=$(median "${BIGT[@]}"); RSSM=$(median "${RSS[@]}")

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "log: $LINES lines, $((SIZE / 1000000)) MB; $RUNS runs each, alternating; medians"
echo "jq filter                      ${JQM}s   (${JQ[*]})"
echo "ocpp-diag, built-in pack       ${ODM}s   (${OD[*]})   peak RSS $((RSSM / 1024)) MB"
echo "ocpp-diag, --threads 1         ${OD1M}s   (${OD1[*]})"
echo "ocpp-diag, 1,000-rule pack     ${BIGM}s   (${BIGT[*]})"
awk -v od="$ODM" -v jq="$JQM" -v one="$OD1M" -v big="$BIGM" -v l="$LINES" -v s="$SIZE" \
    -v odf="$(fastest "${OD[@]}")" -v jqf="$(fastest "${JQ[@]}")" 'BEGIN {
  printf "ratio ocpp-diag / jq:            %.2f   (fastest runs: %.2f)\n", od / jq, odf / jqf
  printf "speed-up, all cores / 1 thread:  %.2f\n", one / od
  printf "ratio 1,000 rules / built-in:    %.2f\n", big / od
  printf "throughput:                      %.0f lines/s, %.1f MB/s\n", l / od, s / od / 1e6 }'
# CPU time is what other work on the machine hardly changes: a second figure beside the
# wall-clock ratio (which it does change), not a replacement for it. ocpp-diag's is the sum
# over its threads.
awk -v odc="$(median "${ODC[@]}")" -v jqc="$(median "${JQC[@]}")" 'BEGIN {
  printf "cpu time (user+sys), medians:    jq %.2fs, ocpp-diag %.2fs summed over its threads (ratio %.2f)\n", jqc, odc, odc / jqc }'

if [ "${BENCH_10M:-0}" = 1 ]; then
  TEN=$(log_of 10000000)
  ONE=$(log_of 1000000)
  declare -a T10 M10 T1 M1
  for _ in $(seq 1 "$RUNS"); do  # alternating, as above: a busy moment must not land on one size only
    read -r t m _ < <(measure "$BIN/ocpp-diag" analyze --format jsonl "$TEN"); T10+=("$t"); M10+=("$m")
    read -r t m _ < <(measure "$BIN/ocpp-diag" analyze --format jsonl "$ONE"); T1+=("$t"); M1+=("$m")
  done
  t10=$(median "${T10[@]}"); t1=$(median "${T1[@]}"); m10=$(median "${M10[@]}"); m1=$(median "${M1[@]}")
  echo "10M lines: ${t10}s (${T10[*]}), peak RSS $((m10 / 1024)) MB; 1M lines: ${t1}s (${T1[*]}), peak RSS $((m1 / 1024)) MB"
  awk -v a="$t10" -v b="$t1" 'BEGIN { printf "time ratio 10M / 1M:             %.2f\n", a / b }'
fi
