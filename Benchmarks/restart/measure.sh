#!/usr/bin/env bash
# Restart time at a week of a 200-machine plant: the time from `gemba serve` starting on the
# database to its console socket answering a status request, three times, median printed.
# Usage: Benchmarks/restart/measure.sh   (from the package root; builds gemba in release)
set -euo pipefail
cd "$(dirname "$0")/../.."
# GEMBA=path uses that binary instead of building one.
gemba=${GEMBA:-}
if [ -z "$gemba" ]; then swift build -c release --product gemba >/dev/null; gemba=.build/release/gemba; fi
work=$(mktemp -d /tmp/gemba-restart-XXXXXX)
trap 'pkill -f "runtime-dir $work/run" 2>/dev/null; rm -rf "$work"' EXIT
Benchmarks/restart/prepare.sh "$gemba" "$work"
ls -la "$work/g.db" | awk '{print "database: " $5 " bytes"}'
times=()
for r in 1 2 3; do
  t0=$(date +%s.%N)
  "$gemba" serve --config "$work/plant.yaml" --db "$work/g.db" --runtime-dir "$work/run" --log-file "$work/log" & pid=$!
  until "$gemba" status --runtime-dir "$work/run" >/dev/null 2>&1; do sleep 0.01; done
  t1=$(date +%s.%N)
  times+=("$(echo "$t1 - $t0" | bc)")
  kill -TERM $pid; wait $pid || true
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "restart (start to first status answer), 3 runs: " a[1] " " a[2] " " a[3] " s; median " a[2] " s"}'
