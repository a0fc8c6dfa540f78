#!/usr/bin/env python3
"""Latency from a telemetry line to the frame that shows it, as a person sees it.

Runs `gemba console` in a pseudo-terminal, feeds the daemon 50 machines a second with
10 % (5) changing state each second (as feed.py does), and follows the console's output
with a terminal emulator (pyte). For every state change sent, it records the time the
line was written to the telemetry socket and the time of the first chunk of console
output after which that machine's tile shows the new state. Prints one JSON line with
the count, median, p90, p99 and max in milliseconds.

usage: latency.py RUNDIR SECONDS [COLS ROWS] [-- CONSOLE COMMAND...]
"""
import json, os, pty, random, select, socket, statistics, sys, time

import pyte

args = sys.argv[1:]
command = None
if "--" in args:
    k = args.index("--")
    args, command = args[:k], args[k + 1 :]
rundir, seconds = args[0], float(args[1])
cols, rows = (int(args[2]), int(args[3])) if len(args) >= 4 else (160, 60)
command = command or [".build/release/gemba", "console", "--runtime-dir", rundir]

LABELS = {"running": "RUNNING", "idle": "IDLE", "down": "DOWN", "setup": "SETUP", "starved": "STARVED", "blocked": "BLOCKED", "planned_stop": "PLANNED STOP"}
machines = [f"m-{i:02d}" for i in range(50)]
names = {f"m-{i:02d}": f"Machine {i:02d}" for i in range(50)}
current = {m: "running" for m in machines}
counts = {m: 1000 + i for i, m in enumerate(machines)}
rng = random.Random(11)

pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = os.environ.get("LATENCY_TERM", "xterm-256color")
    os.environ["LANG"] = "C.UTF-8"
    os.environ["COLUMNS"], os.environ["LINES"] = str(cols), str(rows)
    os.execvp(command[0], command)

import fcntl, struct, termios

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
screen = pyte.Screen(cols, rows)
stream = pyte.ByteStream(screen)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(os.path.join(rundir, "telemetry.sock"))


def tile_state(name):
    """The state label under a machine's name on the floor board, or None when not shown."""
    for y in range(rows - 1):
        line = "".join(screen.buffer[y][x].data for x in range(cols))
        k = line.find(" " + name)
        if k < 0:
            continue
        below = "".join(screen.buffer[y + 1][x].data for x in range(max(0, k - 2), min(cols, k + 24)))
        for label in sorted(LABELS.values(), key=len, reverse=True):
            if below.strip().startswith(label):
                return label
        return ""
    return None


def send(changed):
    now = time.time_ns()
    lines = []
    for m in machines:
        if current[m] == "running" and rng.random() < 0.5:
            counts[m] += 1
        reason = ',reason="jam"' if current[m] == "down" else ""
        lines.append(f'machine,machine={m} state="{current[m]}"{reason},count_total={counts[m]}i,count_reject=0i {now}')
    sock.sendall(("\n".join(lines) + "\n").encode())
    return time.monotonic()


def pump(until, pending, samples):
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        t = time.monotonic()
        stream.feed(data)
        for m in list(pending):
            sent, label = pending[m]
            shown = tile_state(names[m])
            if shown is None:
                del pending[m]  # not on screen at this size
            elif shown == label:
                samples.append((t - sent) * 1000)
                del pending[m]


# Every machine reports "running" first, then the console settles.
send([])
pump(time.monotonic() + 4, {}, [])
samples, missed = [], 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    # At a random point of the next second: changes come whenever the machines make them.
    time.sleep(1 - (time.time() % 1) + rng.random())
    changed = rng.sample(machines, 5)
    for m in changed:
        current[m] = rng.choice([s for s in LABELS if s != current[m]])
    sent = send(changed)
    pending = {m: (sent, LABELS[current[m]]) for m in changed}
    pump(sent + 0.9, pending, samples)
    missed += len([m for m in pending if tile_state(names[m]) is not None])
os.kill(pid, 15)
samples.sort()
q = lambda p: samples[min(len(samples) - 1, int(p * len(samples)))] if samples else None
print(json.dumps({"changes": len(samples), "missed": missed, "median_ms": round(statistics.median(samples), 1) if samples else None,
                  "p90_ms": round(q(0.90), 1) if samples else None, "p99_ms": round(q(0.99), 1) if samples else None,
                  "max_ms": round(samples[-1], 1) if samples else None}))
