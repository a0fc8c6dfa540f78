#!/usr/bin/env python3
"""Feeds a gemba daemon for the terminal-bytes measurement: 50 machines report
every second; 10% of them (5) change state each second."""
import random, socket, sys, time

path, seconds = sys.argv[1], float(sys.argv[2])
machines = [f"m-{i:02d}" for i in range(50)]
states = ["running", "idle", "down", "setup", "starved", "blocked", "planned_stop"]
current = {m: "running" for m in machines}
counts = {m: 1000 + i for i, m in enumerate(machines)}
rng = random.Random(7)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
end = time.time() + seconds
while time.time() < end:
    now = time.time_ns()
    for m in rng.sample(machines, 5):
        current[m] = rng.choice([x for x in states if x != current[m]])
    lines = []
    for m in machines:
        # A part every 2 s (the ideal cycle time) while running.
        if current[m] == "running" and rng.random() < 0.5:
            counts[m] += 1
        reason = ',reason="jam"' if current[m] == "down" else ""
        lines.append(f'machine,machine={m} state="{current[m]}"{reason},count_total={counts[m]}i,count_reject=0i {now}')
    try:
        s.sendall(("\n".join(lines) + "\n").encode())
    except BrokenPipeError:
        break  # the measurement is over and the daemon stopped
    time.sleep(1 - (time.time() % 1))
