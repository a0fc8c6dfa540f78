#!/usr/bin/env python3
"""Feeds a gemba daemon for the memory measurement: RATE lines a second spread over the
plant's machines, every machine changing state once a second (so the shift's intervals grow
as fast as a plant can make them), its counters rising on every line.

usage: feed.py TELEMETRY_SOCKET SECONDS RATE MACHINES REPORT_FILE
Each second's lines go in one write; the daemon's back-pressure slows the writer, so the
rate achieved (written to REPORT_FILE every 10 s: elapsed seconds, lines sent, lines/s over
the last 10 s) is what the daemon took, not what was offered.
"""
import random, socket, sys, time

path, seconds, rate, count, report = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
machines = [f"m-{i:03d}" for i in range(count)]
per_machine = max(1, rate // count)
states = ["running", "idle", "down", "setup", "starved", "blocked"]
state = {m: "running" for m in machines}
total = {m: 0 for m in machines}
rng = random.Random(11)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
start = time.time()
sent = 0
last_report, last_sent = start, 0
with open(report, "w") as out:
    out.write("elapsed_s lines_sent lines_per_s\n")
    while time.time() - start < seconds:
        base = time.time_ns()
        step = 1_000_000_000 // per_machine
        parts = []
        for m in machines:
            # One state change a second, at a random line of the second.
            change = rng.randrange(per_machine)
            st = state[m]
            t0 = total[m]
            for k in range(per_machine):
                if k == change:
                    st = rng.choice([x for x in states if x != st])
                    reason = ',reason="jam"' if st == "down" else ""
                    parts.append(f'machine,machine={m} state="{st}"{reason},count_total={t0 + k}i {base + k * step}\n')
                else:
                    parts.append(f"machine,machine={m} count_total={t0 + k}i {base + k * step}\n")
            state[m] = st
            total[m] = t0 + per_machine
        try:
            s.sendall("".join(parts).encode())
        except BrokenPipeError:
            break
        sent += per_machine * count
        now = time.time()
        if now - last_report >= 10:
            out.write(f"{now - start:.0f} {sent} {(sent - last_sent) / (now - last_report):.0f}\n")
            out.flush()
            last_report, last_sent = now, sent
        # Lines are dated up to a second ahead of when they are sent: wait for the clock.
        pause = base / 1e9 + 1 - time.time()
        if pause > 0:
            time.sleep(pause)
