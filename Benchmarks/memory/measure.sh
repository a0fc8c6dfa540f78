#!/usr/bin/env bash
# The daemon's resident memory under a heavy feed: RATE lines/s (default 100,000) into
# MACHINES machines (default 200) that each change state every second, for SECONDS (default
# 3600). Every QUERY_EVERY seconds (default 300; 0: never) a console asks for the OEE screen
# and one machine's detail (query.py). Prints the RSS curve (every minute) and the achieved
# rate; GEMBA=path uses that binary.
# Usage: Benchmarks/memory/measure.sh [SECONDS] [RATE] [MACHINES]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-3600}
rate=${2:-100000}
count=${3:-200}
gemba=${GEMBA:-}
if [ -z "$gemba" ]; then swift build -c release --product gemba >/dev/null; gemba=.build/release/gemba; fi
work=$(mktemp -d /tmp/gemba-memory-XXXXXX)
trap 'pkill -f "runtime-dir $work/run" 2>/dev/null; rm -rf "$work"' EXIT
{
  printf 'plant: Memory Bench\ntimezone: UTC\ncomm_loss_timeout: 1h\nlines:\n'
  for l in $(seq 0 $(( (count - 1) / 20 ))); do
    printf '  - id: L%d\n    name: Line %d\n    machines:\n' "$l" "$l"
    for i in $(seq $(( l * 20 )) $(( l * 20 + 19 ))); do
      [ "$i" -lt "$count" ] && printf '      - { id: m-%03d, name: Machine %03d, ideal_cycle_time: 0.001 }\n' "$i" "$i"
    done
  done
  printf 'shifts:\n  - { name: A, start: "06:00", end: "14:00" }\n  - { name: B, start: "14:00", end: "22:00" }\n'
  printf '  - { name: C, start: "22:00", end: "06:00" }\nreasons:\n  jam: Jam\n'
} > "$work/plant.yaml"
"$gemba" serve --config "$work/plant.yaml" --db "$work/g.db" --runtime-dir "$work/run" --log-file "$work/log" & pid=$!
until "$gemba" status --runtime-dir "$work/run" >/dev/null 2>&1; do sleep 0.05; done
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
echo "daemon RSS at start: $(rss) MB"
python3 Benchmarks/memory/feed.py "$work/run/telemetry.sock" "$secs" "$rate" "$count" "$work/rate" & feeder=$!
every=${QUERY_EVERY:-300}
if [ "$every" != 0 ]; then python3 Benchmarks/memory/query.py "$work/run" "$secs" "$every" m-000 > "$work/queries" & fi
echo "minute  rss_mb  lines_per_s(last 10 s)"
t0=$(date +%s)
while kill -0 $feeder 2>/dev/null; do
  sleep ${STEP:-60}
  kill -0 $feeder 2>/dev/null || break
  echo "$(( ($(date +%s) - t0) / 60 ))  $(rss)  $(tail -n 1 "$work/rate" | awk '{print $3}')"
done
wait $feeder || true
echo "daemon RSS at the end: $(rss) MB"
[ -f "$work/queries" ] && { echo "console requests (seconds after the start):"; cat "$work/queries"; }
awk 'NR > 1 {s += $3; n++} END {if (n) printf "achieved: %.0f lines/s on average over %d s\n", s / n, $1}' "$work/rate"
"$gemba" status --runtime-dir "$work/run" 2>/dev/null | grep -iE "accepted|refused|telemetry" | head -5 || true
ls -la "$work/g.db" | awk '{print "database: " $5 " bytes"}'
kill -TERM $pid; wait $pid || true
