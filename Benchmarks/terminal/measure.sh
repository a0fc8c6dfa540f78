#!/usr/bin/env bash
# Terminal bytes of the floor board at 120x40 (50 machines, 10% changing per
# second), measured with Benchmarks/terminal/ptymeter side by side with htop;
# then the latency from a telemetry line to the frame showing it, at the same
# load, with Benchmarks/terminal/latency.py (needs python3-pyte or `pip install pyte`).
# Usage: Benchmarks/terminal/measure.sh [seconds]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
swift build -c release --product gemba >/dev/null
work=$(mktemp -d /tmp/gemba-pty-XXXXXX)
{
  echo "plant: Terminal Bench"; echo "timezone: UTC"; echo "comm_loss_timeout: 30s"; echo "lines:"
  for l in 0 1 2 3 4; do
    echo "  - id: L$l"; echo "    name: Line $l"; echo "    machines:"
    for m in 0 1 2 3 4 5 6 7 8 9; do echo "      - { id: m-$l$m, name: Machine $l$m, ideal_cycle_time: 2 }"; done
  done
  echo "shifts:"; echo '  - { name: A, start: "00:00", end: "12:00" }'; echo '  - { name: B, start: "12:00", end: "00:00" }'
} > "$work/plant.yaml"
.build/release/gemba serve --config "$work/plant.yaml" --db "$work/g.db" --runtime-dir "$work/run" --log-file "$work/log" &
daemon=$!
trap 'kill $daemon 2>/dev/null; rm -rf "$work"' EXIT
while [ ! -S "$work/run/console.sock" ]; do sleep 0.1; done
rounds=${ROUNDS:-3}
python3 Benchmarks/terminal/feed.py "$work/run/telemetry.sock" $(( (secs + 4) * rounds * 2 + 10 )) &
feeder=$!
sleep 2
# Alternate the two programs so that both see the same machine load.
for r in $(seq "$rounds"); do
  LANG=C.UTF-8 Benchmarks/terminal/ptymeter 120 40 3 "$secs" -- .build/release/gemba console --runtime-dir "$work/run"
  LANG=C.UTF-8 Benchmarks/terminal/ptymeter 120 40 3 "$secs" -- htop
done
# Latency: the feeder stops and latency.py sends the same load itself, timing each change.
kill $feeder 2>/dev/null || true
python3 Benchmarks/terminal/latency.py "$work/run" "${LATENCY_SECONDS:-60}" 160 60
