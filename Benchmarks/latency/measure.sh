#!/usr/bin/env bash
# Ping latency while one connection pipelines the heaviest allowed OEE requests, on a week of
# a 200-machine plant (Benchmarks/restart/generate.py). GEMBA=path uses that binary.
# Usage: Benchmarks/latency/measure.sh [SECONDS]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
gemba=${GEMBA:-}
if [ -z "$gemba" ]; then swift build -c release --product gemba >/dev/null; gemba=.build/release/gemba; fi
work=$(mktemp -d /tmp/gemba-ping-XXXXXX)
trap 'pkill -f "runtime-dir $work/run" 2>/dev/null; rm -rf "$work"' EXIT
Benchmarks/restart/prepare.sh "$gemba" "$work"
"$gemba" serve --config "$work/plant.yaml" --db "$work/g.db" --runtime-dir "$work/run" --log-file "$work/log" & pid=$!
until "$gemba" status --runtime-dir "$work/run" >/dev/null 2>&1; do sleep 0.05; done
python3 Benchmarks/latency/ping_under_load.py "$work/run" "$secs"
kill -TERM $pid; wait $pid || true
