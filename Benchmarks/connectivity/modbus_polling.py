#!/usr/bin/env python3
"""Modbus TCP polling at scale: DEVICES simulated PLCs (pymodbus, one process) polled at 1 s
by one daemon, one more device that accepts connections and never answers. Prints each
answering device's poll period over WINDOW seconds (from `gemba status --json`'s
`modbus[].polls`): median, the fastest and the slowest, and whether all are within 10 % of
the configured second; and what the silent device counted.

Usage: modbus_polling.py GEMBA [DEVICES] [WINDOW]   (defaults 100 devices, 60 s)
"""
import asyncio
import socket
import subprocess
import sys
import threading
import time

from common import Bench, free_port, percentile

gemba = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
window = float(sys.argv[3]) if len(sys.argv) > 3 else 60

ports = [free_port() for _ in range(count)]
silent = socket.socket()
silent.bind(("127.0.0.1", 0))
silent.listen(16)
held = []
threading.Thread(target=lambda: [held.append(silent.accept()) for _ in iter(int, 1)], daemon=True).start()

servers = subprocess.Popen([sys.executable, "-c", f"""
import asyncio
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import SimData, SimDevice, DataType

async def main():
    servers = []
    for port in {ports!r}:
        regs = [SimData(0, values=[1, 0, 0, 7, 0, 2] + [0] * 94, datatype=DataType.REGISTERS)]
        bits = [SimData(0, values=[False] * 100, datatype=DataType.BITS)]
        device = SimDevice(id=0, simdata=(bits, bits, regs, regs))
        servers.append(ModbusTcpServer(context=device, address=("127.0.0.1", port)))
    await asyncio.gather(*(s.serve_forever() for s in servers))

asyncio.run(main())
"""])

lines = ["plant: Modbus Bench", "timezone: UTC", "comm_loss_timeout: 1h", "lines:", "  - id: L1", "    name: Line", "    machines:"]
lines += [f"      - {{ id: plc-{i:03}, name: PLC {i:03}, ideal_cycle_time: 1.0 }}" for i in range(count + 1)]
lines.append("modbus:")
for i, port in enumerate(ports + [silent.getsockname()[1]]):
    lines += [
        f"  - {{ id: dev-{i:03}, host: 127.0.0.1, port: {port}, unit: 1, poll: 1s, timeout: 500ms, machines: [",
        f"      {{ machine: plc-{i:03}, state: {{ holding: 0, map: {{ 1: running, 2: idle, 3: down }} }}, count_total: {{ holding: 2, type: uint32 }},",
        f"        values: {{ temp: {{ input: 5, type: int16, scale: 0.1 }} }} }} ] }}",
    ]
bench = Bench("modbus-bench", broker=False)
try:
    # Every simulated PLC listening before the daemon starts.
    deadline = time.time() + 60
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit(f"the simulated PLC on {port} did not listen")
                time.sleep(0.05)
    bench.serve(gemba, "\n".join(lines) + "\n")
    time.sleep(5)
    first, t1 = bench.status()["modbus"], time.time()
    time.sleep(window)
    last, t2 = bench.status()["modbus"], time.time()
    a = {d["id"]: d for d in first}
    periods = []
    for d in last[:count]:
        polls = d["polls"] - a[d["id"]]["polls"]
        periods.append(window / polls if polls else float("inf"))
    dead = last[count]
    within = all(0.9 <= p <= 1.1 for p in periods)
    print(f"{count} devices at 1 s (+1 that never answers), over {window:.0f} s")
    print(f"poll period s: median {percentile(periods, 50):.3f}  fastest {min(periods):.3f}  slowest {max(periods):.3f}  "
          f"all within 10 %: {'yes' if within else 'NO'}")
    errors = sum(d["errors"] - a[d["id"]]["errors"] for d in last[:count])
    print(f"errors on the answering devices: {errors}")
    print(f"silent device: connected {dead['connected']}, polls {dead['polls']}, errors {dead['errors']}, last error: {dead['last_error']}")
finally:
    bench.close()
    servers.kill()
