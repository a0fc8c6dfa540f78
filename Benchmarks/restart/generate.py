#!/usr/bin/env python3
"""A week of a 200-machine plant in a Gemba database, for the restart-time measurement.

usage: generate.py DB PLANT_YAML
The database must have been created by `gemba` (its schema migrated) and be closed. Each
machine changes state about once a minute (running most of the time, stops with reasons) and
counts every minute, for the 7 days up to now; the plant file names the 200 machines.
"""
import random, sqlite3, sys, time

db, plant_path = sys.argv[1], sys.argv[2]
machines = [f"m-{i:03d}" for i in range(200)]
with open(plant_path, "w") as f:
    f.write("plant: Restart Bench\ntimezone: UTC\ncomm_loss_timeout: 1h\nlines:\n")
    for l in range(10):
        f.write(f"  - id: L{l}\n    name: Line {l}\n    machines:\n")
        for m in machines[l * 20:(l + 1) * 20]:
            f.write(f"      - {{ id: {m}, name: Machine {m[2:]}, ideal_cycle_time: 2 }}\n")
    f.write('shifts:\n  - { name: A, start: "06:00", end: "14:00" }\n  - { name: B, start: "14:00", end: "22:00" }\n'
            '  - { name: C, start: "22:00", end: "06:00" }\n')
    f.write("reasons:\n  jam: Jam\n  tool_change: Tool change\n")
rng = random.Random(3)
NS = 1_000_000_000
now = time.time_ns() // NS * NS
start = now - 7 * 86400 * NS
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
intervals, minutes = [], []
for m in machines:
    t = start
    state = "running"
    while t < now - 120 * NS:
        d = rng.randint(30, 90) * NS
        end = min(t + d, now - 60 * NS)
        reason = rng.choice(["jam", "tool_change", None]) if state == "down" else None
        intervals.append((m, state, reason, t, end))
        t = end
        state = "running" if state != "running" else rng.choice(["down", "idle", "setup", "running"])
    for minute in range(start // (60 * NS), now // (60 * NS)):
        minutes.append((m, minute, 28, rng.randint(0, 1)))
    con.execute("INSERT OR REPLACE INTO machine_live(machine_id, state, since, last_seen, last_received, count_total, count_reject) "
                "VALUES (?, 'running', ?, ?, ?, ?, 0)", (m, t, t, t, 28 * 10080))
con.executemany("INSERT INTO state_interval(machine_id, state, reason, start_ns, end_ns) VALUES (?, ?, ?, ?, ?)", intervals)
con.executemany("INSERT OR REPLACE INTO minute_count(machine_id, minute, total, reject) VALUES (?, ?, ?, ?)", minutes)
con.commit()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()
print(f"{len(intervals):,} intervals and {len(minutes):,} minute counts over 7 days for {len(machines)} machines")
