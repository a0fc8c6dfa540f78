#!/usr/bin/env bash
# Makes WORK/g.db (schema by gemba itself, then a week of a 200-machine plant from
# generate.py) and WORK/plant.yaml; shared by the restart and the ping-latency measurements.
# Usage: Benchmarks/restart/prepare.sh GEMBA WORK   (from the package root)
set -euo pipefail
gemba=$1
work=$2
printf 'plant: T\ntimezone: UTC\nlines:\n  - { id: L, name: L, machines: [{ id: x, name: X, ideal_cycle_time: 1 }] }\nshifts:\n  - { name: A, start: "00:00", end: "12:00" }\n  - { name: B, start: "12:00", end: "00:00" }\n' > "$work/t.yaml"
"$gemba" serve --config "$work/t.yaml" --db "$work/g.db" --runtime-dir "$work/run" --log-file "$work/log" & pid=$!
until "$gemba" status --runtime-dir "$work/run" >/dev/null 2>&1; do sleep 0.1; done
kill -TERM $pid; wait $pid || true
python3 Benchmarks/restart/generate.py "$work/g.db" "$work/plant.yaml"
