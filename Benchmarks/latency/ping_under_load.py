#!/usr/bin/env python3
"""Ping latency while the heaviest allowed requests run.

One connection pipelines OEE requests over the longest window the plant allows (400 days,
`max_query_window`) on a database with a week of a 200-machine plant; meanwhile a second
connection pings every 20 ms and times each answer. Prints one JSON line: pings, median,
p99 and max in milliseconds, and how many heavy requests were answered meanwhile.

usage: ping_under_load.py RUNDIR SECONDS
"""
import json, os, socket, statistics, sys, threading, time

rundir, seconds = sys.argv[1], float(sys.argv[2])
path = os.path.join(rundir, "console.sock")


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    f = s.makefile("rb")
    f.readline()  # hello
    return s, f


stop = threading.Event()
heavy_done = [0]


def heavy():
    s, f = connect()
    now = time.time()
    frm = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 399 * 86400))
    to = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
    n = 0
    while not stop.is_set():
        # Four at a time, pipelined: one connection trying to take every worker.
        for _ in range(4):
            n += 1
            s.sendall((json.dumps({"id": n, "type": "oee", "from": frm, "to": to}) + "\n").encode())
        for _ in range(4):
            f.readline()
            heavy_done[0] += 1


t = threading.Thread(target=heavy, daemon=True)
t.start()
time.sleep(0.5)
s, f = connect()
samples = []
end = time.time() + seconds
k = 0
while time.time() < end:
    k += 1
    t0 = time.perf_counter()
    s.sendall((json.dumps({"id": k, "type": "ping"}) + "\n").encode())
    f.readline()
    samples.append((time.perf_counter() - t0) * 1000)
    time.sleep(0.02)
stop.set()
samples.sort()
print(json.dumps({"pings": len(samples), "median_ms": round(statistics.median(samples), 2),
                  "p99_ms": round(samples[int(0.99 * (len(samples) - 1))], 2), "max_ms": round(samples[-1], 2),
                  "heavy_answered": heavy_done[0]}))
