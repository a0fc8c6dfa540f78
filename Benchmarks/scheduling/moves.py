#!/usr/bin/env python3
"""Moves per second of two builds of `gemba schedule` on the same instances, run one after
the other on the same core (before, after, before, after, ...), with the makespans they
reach; medians over the rounds. For the note and docs/scheduling.md:

    python3 Benchmarks/scheduling/moves.py --before /tmp/gemba-before --after .build/release/gemba \\
        --time-limit 5 --rounds 3 ft10 abz7 swv06 swv11 yn1 mk10
"""
import argparse, os, re, statistics, subprocess

def run(gemba, path, kind, limit):
    out = subprocess.run([gemba, "schedule", f"--{kind}", path, "--time-limit", str(limit)],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"makespan (\d+) .*?, (\d+) moves in ([\d.]+) s", out)
    return int(m.group(1)), int(m.group(2)) / float(m.group(3))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    ap.add_argument("--time-limit", type=float, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("instances", nargs="+")
    a = ap.parse_args()
    print("| instance | moves/s before | moves/s after | ratio | makespan before | makespan after |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in a.instances:
        kind = "fjsp" if name.startswith("mk") else "jssp"
        path = os.path.join(a.data, kind, name + ".txt")
        before, after = [], []
        for _ in range(a.rounds):
            before.append(run(a.before, path, kind, a.time_limit))
            after.append(run(a.after, path, kind, a.time_limit))
        rb = statistics.median(r for _, r in before)
        ra = statistics.median(r for _, r in after)
        mb = statistics.median(m for m, _ in before)
        ma = statistics.median(m for m, _ in after)
        print(f"| {name} | {rb:,.0f} | {ra:,.0f} | {ra / rb:.2f} | {mb:g} | {ma:g} |", flush=True)

if __name__ == "__main__":
    main()
