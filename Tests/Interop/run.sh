#!/usr/bin/env bash
# Interoperability check: logs made by the Python `ocpp` library (make_log.py) must be read
# by ocpp-diag without a single skipped line. Usage: run.sh PATH-TO-ocpp-diag
set -euo pipefail
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check ocpp==2.1.0
"$work/venv/bin/python" make_log.py "$work/logs"

check() {  # check LOG [OPTIONS…]: analyze it, fail unless every line was used
    local log="$1"; shift
    "$binary" analyze --format json "$@" "$work/logs/$log" > "$work/$log.json"
    python3 - "$log" "$work/$log.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
s = json.load(open(path))["summary"]
problems = []
if s["linesSkipped"]:
    problems.append(f"skipped lines {s['linesSkipped']}")
if s["linesRead"] == 0 or s["linesUsed"] != s["linesRead"]:
    problems.append(f"{s['linesUsed']} of {s['linesRead']} lines used")
if s["uncorrelatedAnswers"]:
    problems.append(f"{s['uncorrelatedAnswers']} answers without their call")
if problems:
    sys.exit(f"interop: {name}: " + "; ".join(problems))
print(f"interop: {name}: {s['linesRead']} lines, {s['events']} events, {s['diagnoses']} diagnoses")
PY
}
check csms.log
check CP-INTEROP.log --perspective charge-point
check frames.log
