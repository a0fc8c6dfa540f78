#!/usr/bin/env bash
# The same traces as GenealogyBenchmark, as bare recursive CTEs in the sqlite3 shell:
# the closure's links and its lots, every row printed (to /dev/null), for the 200 lots of each direction
# (backward from delivery lots D-…, forward from received raw lots R-…).
# Prints the total wall time per direction; divide by 200 for the per-trace figure.
set -euo pipefail
db=${1:-/tmp/genealogy.db}
command -v sqlite3 >/dev/null || { echo "apt-get install -y sqlite3" >&2; exit 1; }
gen() { # $1 = lot, $2 = from column, $3 = to column
  cat <<SQL
WITH RECURSIVE reach(lot) AS (SELECT '$1' UNION SELECT l.$3 FROM lot_link l JOIN reach r ON l.$2 = r.lot)
SELECT l.* FROM lot_link l JOIN reach r ON l.$2 = r.lot;
WITH RECURSIVE reach(lot) AS (SELECT '$1' UNION SELECT l.$3 FROM lot_link l JOIN reach r ON l.$2 = r.lot)
SELECT * FROM lot WHERE id IN (SELECT lot FROM reach);
SQL
}
for dir in backward forward; do
  sql=/tmp/gemba-bare-$dir.sql
  : > "$sql"
  python3 - "$dir" "$db" >> "$sql" <<'PY'
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)
def count(prefix):  # the generator numbers each kind from 0 without gaps
    return con.execute("SELECT COUNT(*) FROM lot WHERE id >= ? AND id < ?", (prefix + "-", prefix + ".")).fetchone()[0]
# The same 200 lots as the Swift benchmark (SplitMix64, seed 1).
M = (1 << 64) - 1
state = 1
def nxt():
    global state
    state = (state + 0x9E3779B97F4A7C15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)
deliveries, raw = count("D"), count("R")
fin = [f"D-{nxt() % deliveries}" for _ in range(200)]
rec = [f"R-{nxt() % raw}" for _ in range(200)]
for lot in (fin if sys.argv[1] == "backward" else rec):
    print(lot)
PY
  lots=$(cat "$sql"); : > "$sql"
  for lot in $lots; do
    if [ "$dir" = backward ]; then gen "$lot" child parent >> "$sql"; else gen "$lot" parent child >> "$sql"; fi
  done
  start=$(date +%s%N)
  sqlite3 "$db" < "$sql" > /dev/null
  end=$(date +%s%N)
  echo "$dir: 200 traces in $(( (end - start) / 1000000 )) ms, $(( (end - start) / 200000 )) µs per trace (bare CTE, sqlite3 shell)"
done
