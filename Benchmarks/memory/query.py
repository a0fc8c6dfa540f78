#!/usr/bin/env python3
"""What a console asks of the daemon during the memory measurement: every EVERY seconds the
OEE screen (`oee_board`, current and last shift of every machine, hourly, Pareto) and one
machine's detail (`machine_detail`, its intervals of the shift), so that the curve shows
what answering them leaves behind. Prints one line per round: seconds, reply bytes, time.

usage: query.py RUNDIR SECONDS EVERY MACHINE
"""
import json, os, socket, sys, time

rundir, seconds, every, machine = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(os.path.join(rundir, "console.sock"))
f = s.makefile("rb")
f.readline()  # the daemon's hello
start = time.time()
n = 0
while time.time() - start < seconds:
    time.sleep(every)
    for req in ({"type": "oee_board"}, {"type": "machine_detail", "machine": machine}):
        n += 1
        req["id"] = n
        t0 = time.time()
        try:
            s.sendall((json.dumps(req) + "\n").encode())
        except BrokenPipeError:
            sys.exit(0)  # the measurement is over and the daemon stopped
        line = f.readline()
        print(f"{time.time() - start:.0f} s: {req['type']} {len(line)} bytes in {time.time() - t0:.2f} s", flush=True)
