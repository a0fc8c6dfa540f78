#!/usr/bin/env bash
# Runs Gemba's fuzz targets with libFuzzer and AddressSanitizer.
# Usage: Fuzz/run.sh [SECONDS] [TARGET...]   (default: 30 s each, every target)
# Builds once in Fuzz/.build; each target starts from its seed corpus (Fuzz/Seeds/TARGET,
# copied so the seeds stay as committed) and keeps what it learns in Fuzz/.corpus/TARGET.
# A crash leaves its input in Fuzz/crashes/ and makes the script exit 1: make it a unit test.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzTelemetry FuzzPlantConfig FuzzConsoleRequest FuzzOrderImport)
start=$(date +%s)
# swiftc keeps only the last -sanitize= it is given, and SwiftPM passes fuzzer and address
# as two flags: without the combined flag below the Swift code is built with AddressSanitizer
# but without coverage, and libFuzzer mutates blind ("no interesting inputs were found").
flags=(-c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
swift build "${flags[@]}" 2>&1 | grep -E "error|warning: unre|Compiling Fuzz|Build complete" || true
echo "built in $(( $(date +%s) - start )) s"
bin=$(swift build "${flags[@]}" --show-bin-path)
mkdir -p crashes
status=0
for t in "${targets[@]}"; do
  mkdir -p ".corpus/$t"
  [ -d "Seeds/$t" ] && cp -n Seeds/"$t"/* ".corpus/$t/" 2>/dev/null || true
  echo "== $t for $secs s"
  log=$(mktemp)
  # -rss_limit_mb: a target that grows without bound is a finding too.
  if ! SWIFT_BACKTRACE=enable=no "$bin/$t" ".corpus/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="crashes/$t-" -print_final_stats=1 >"$log" 2>&1; then
    status=1
    echo "!! $t found a crash:"; grep -E "ERROR|SUMMARY|Test unit written|Fatal error" "$log" | head -20
  fi
  grep -q "Loaded 1 modules" "$log" || { echo "!! $t was not built with libFuzzer"; status=1; }
  # A target that sees no coverage in its own Swift code is fuzzing blind: that is a failure.
  if grep -q "no interesting inputs were found" "$log" || ! grep -q " cov: " "$log"; then
    echo "!! $t ran without coverage feedback"; status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " "$log" | tail -3 | sed "s/^/   /"
  rm -f "$log"
done
exit $status
