#!/usr/bin/env python3
"""CPU a console uses when nothing happens, as a share of one core.

Runs COMMAND in a pseudo-terminal for SECONDS (after a 3 s warm-up), draining its
output, and reads its user+system CPU time from /proc. Prints one JSON line.

usage: idle.py SECONDS -- COMMAND [ARG...]
"""
import json, os, pty, select, sys, time

k = sys.argv.index("--")
seconds, command = float(sys.argv[1]), sys.argv[k + 1 :]
pid, fd = pty.fork()
if pid == 0:
    os.environ.setdefault("TERM", "xterm-256color")
    os.execvp(command[0], command)
tick = os.sysconf("SC_CLK_TCK")


def cpu():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def drain(until):
    while time.monotonic() < until:
        r, _, _ = select.select([fd], [], [], max(0, until - time.monotonic()))
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return


drain(time.monotonic() + 3)
c0, t0 = cpu(), time.monotonic()
drain(t0 + seconds)
c1, t1 = cpu(), time.monotonic()
os.kill(pid, 15)
print(json.dumps({"command": " ".join(command), "seconds": round(t1 - t0, 1), "cpu_seconds": round(c1 - c0, 3),
                  "core_percent": round(100 * (c1 - c0) / (t1 - t0), 2)}))
