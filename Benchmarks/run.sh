#!/usr/bin/env bash
# Fleet-scale benchmark: ocpp-diag analyze (built-in pack) against jq over the same file,
# side by side in one run, alternating, with medians, ratios and peak RSS.
#
#   Benchmarks/run.sh [LINES] [RUNS]      default 1000000 lines, 3 runs each
#
# Needs jq and GNU time (/usr/bin/time). Writes the log to $BENCH_DIR (default .build/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-1000000}
RUNS=${2:-3}
DIR=${BENCH_DIR:-.build/bench}
mkdir -p "$DIR"

swift build -c release --product ocpp-diag >/dev/null
swift build -c release --product fleet-gen >/dev/null
BIN=$(swift build -c release --show-bin-path)

LOG="$DIR/fleet-$LINES.jsonl"
if [ ! -s "$LOG" ]; then
  "$BIN/fleet-gen" --lines "$LINES" > "$LOG"
fi
SIZE=$(stat -c %s "$LOG")
echo "log: $LINES lines, $((SIZE / 1000000)) MB"

JQ_FILTER='select(.message[2]=="StatusNotification" and .message[3].status=="Faulted")'
measure() {  # prints "seconds peakKB"
  /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$@" > /dev/null
  cat "$DIR/time.txt"
}
declare -a JQ OD ODRSS
for i in $(seq 1 "$RUNS"); do
  read -r t _ < <(measure jq -c "$JQ_FILTER" "$LOG"); JQ+=("$t")
  read -r t rss < <(measure "$BIN/ocpp-diag" analyze --format jsonl "$LOG"); OD+=("$t"); ODRSS+=("$rss")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
JQM=$(median "${JQ[@]}"); ODM=$(median "${OD[@]}"); RSS=$(median "${ODRSS[@]}")
echo "jq          median ${JQM}s  (runs: ${JQ[*]})"
echo "ocpp-diag   median ${ODM}s  (runs: ${OD[*]})  peak RSS $((RSS / 1024)) MB"
awk -v a="$ODM" -v b="$JQM" -v l="$LINES" -v s="$SIZE" 'BEGIN {
  printf "ratio ocpp-diag/jq: %.3f\n", a / b
  printf "ocpp-diag: %.0f lines/s, %.1f MB/s\n", l / a, s / a / 1e6 }'
