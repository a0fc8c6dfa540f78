#!/usr/bin/env bash
# The same traces as GenealogyBenchmark, as bare recursive CTEs in the sqlite3 shell:
# the closure, its links and its lots' rows, for the 200 lots of each direction.
# Prints the total wall time per direction; divide by 200 for the per-trace figure.
set -euo pipefail
db=${1:-/tmp/genealogy.db}
command -v sqlite3 >/dev/null || { echo "apt-get install -y sqlite3" >&2; exit 1; }
gen() { # $1 = lot, $2 = from column, $3 = to column
  cat <<SQL
WITH RECURSIVE reach(lot) AS (SELECT '$1' UNION SELECT l.$3 FROM lot_link l JOIN reach r ON l.$2 = r.lot)
SELECT COUNT(*) FROM (SELECT l.* FROM lot_link l JOIN reach r ON l.$2 = r.lot);
WITH RECURSIVE reach(lot) AS (SELECT '$1' UNION SELECT l.$3 FROM lot_link l JOIN reach r ON l.$2 = r.lot)
SELECT COUNT(*) FROM (SELECT * FROM lot WHERE id IN (SELECT lot FROM reach));
SQL
}
for dir in backward forward; do
  sql=/tmp/gemba-bare-$dir.sql
  : > "$sql"
  python3 - "$dir" >> "$sql" <<'PY'
import sys
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
fin = [f"L9-{nxt() % 60000}" for _ in range(200)]
rec = [f"L0-{nxt() % 160000}" for _ in range(200)]
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
  echo "$dir: 200 traces in $(( (end - start) / 1000000 )) ms (bare CTE, sqlite3 shell)"
done
