#!/usr/bin/env python3
"""Runs `gemba schedule` on the benchmark instances of Benchmarks/data (jssp, fjsp) and
prints a Markdown table of makespans and gaps to the best known, with the families'
means. Each instance gets one process and one core; `--jobs` runs that many at once.

    python3 Benchmarks/scheduling/table.py --gemba .build/release/gemba --time-limit 10 --jobs 2 [--only la] [--threads 1]

`--only` takes prefixes separated by commas (`swv,yn,abz`; `mk0,mk10` is mk01-mk10);
`--threads N` gives each instance N threads (then use --jobs 1 on a machine with N cores).
"""
import argparse, concurrent.futures, csv, json, os, re, subprocess, sys, time

def bks(path):
    with open(path) as f:
        return {r["instance"]: r for r in csv.DictReader(f)}

def feasible(instance_path, kind, result):
    """An independent check: precedence inside jobs and no overlap on machines."""
    ops = result["operations"]
    by_job = {}
    for o in ops:
        by_job.setdefault(o["job"], []).append(o)
    for job in by_job.values():
        job.sort(key=lambda o: o["index"])
        for a, b in zip(job, job[1:]):
            if a["start"] + a["duration"] > b["start"]:
                return False
    by_machine = {}
    for o in ops:
        by_machine.setdefault(o["machine"], []).append(o)
    for ms in by_machine.values():
        # By start, then length: an operation of no length at a start comes first and overlaps nothing.
        ms.sort(key=lambda o: (o["start"], o["duration"]))
        for a, b in zip(ms, ms[1:]):
            if a["start"] + a["duration"] > b["start"]:
                return False
    return max(o["start"] + o["duration"] for o in ops) == result["makespan"]

def run(gemba, kind, path, limit, seed, threads):
    t = time.time()
    out = subprocess.run([gemba, "schedule", f"--{kind}", path, "--time-limit", str(limit), "--seed", str(seed),
                          "--threads", str(threads), "--json"],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    return r, time.time() - t

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gemba", default=".build/release/gemba")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    ap.add_argument("--time-limit", type=float, default=10)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="prefixes of instance names, separated by commas (la, mk, swv,yn,abz, ...)")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    work = []
    for kind in ("jssp", "fjsp"):
        known = bks(os.path.join(a.data, kind, "bks.csv"))
        for name in sorted(known, key=lambda s: (re.sub(r"\d+", "", s), int(re.sub(r"\D", "", s) or 0))):
            if a.only and not any(name.startswith(p) for p in a.only.split(",")):
                continue
            work.append((kind, name, os.path.join(a.data, kind, name + ".txt"), known[name]))
    rows = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        futures = {pool.submit(run, a.gemba, k, p, a.time_limit, a.seed, a.threads): (k, n, p, b) for k, n, p, b in work}
        for f in concurrent.futures.as_completed(futures):
            k, n, p, b = futures[f]
            r, secs = f.result()
            best = int(b["best_known"])
            rows[n] = (k, n, b, r["makespan"], (r["makespan"] - best) / best, feasible(p, k, r), secs)
            print(f"{n}: {r['makespan']} (best known {best}, gap {100 * rows[n][4]:.2f}%)", file=sys.stderr, flush=True)
    print(f"| instance | size | best known | Gemba | gap | feasible |")
    print(f"| --- | --- | --- | --- | --- | --- |")
    families = {}
    for k, n, p, b in work:
        _, _, b, m, gap, ok, _ = rows[n]
        size = b["size"].replace(" x ", "×") if "size" in b else f"{b['jobs']}×{b['machines']}"
        print(f"| {n} | {size} | {b['best_known']} | {m} | {100 * gap:.2f}% | {'yes' if ok else 'NO'} |")
        fam = re.sub(r"\d+$", "", n)
        families.setdefault(fam, []).append(gap)
    print()
    print("| family | instances | mean gap | optimum or best known reached |")
    print("| --- | --- | --- | --- |")
    for fam, gaps in families.items():
        print(f"| {fam} | {len(gaps)} | {100 * sum(gaps) / len(gaps):.2f}% | {sum(1 for g in gaps if g <= 0)} |")

if __name__ == "__main__":
    main()
