#!/usr/bin/env python3
"""Publish latency: from a state change written to the daemon's telemetry socket to its DDATA
reaching a subscriber of Gemba's edge node through mosquitto. Prints p50, p99 and the worst.

Usage: publish_latency.py GEMBA [CHANGES] [PER_SECOND]   (defaults 600 changes at 20 a second)

Ten machines fed by line protocol; each change flips one machine between running and down,
in turn. The subscriber (paho-mqtt) reads each DDATA's State metric by the alias its DBIRTH
gave it, and pairs it with the oldest change of that machine not yet seen.
"""
import collections
import socket
import sys
import threading
import time

from pysparkplug._protobuf import Payload

from common import Bench, client, percentile

gemba = sys.argv[1]
changes = int(sys.argv[2]) if len(sys.argv) > 2 else 600
per_second = float(sys.argv[3]) if len(sys.argv) > 3 else 20
machines = [f"m{i:02}" for i in range(10)]
plant = "plant: Publish Bench\ntimezone: UTC\ncomm_loss_timeout: 1h\n"
plant += "mqtt: { broker: \"mqtt://127.0.0.1:PORT\", client_id: gemba-bench, host_id: gemba-bench, publish: { group: Gemba, edge_node: bench } }\n"
plant += "lines:\n  - id: L1\n    name: Line\n    machines:\n"
plant += "".join(f"      - {{ id: {m}, name: {m}, ideal_cycle_time: 1.0 }}\n" for m in machines)

bench = Bench("publish-bench")
try:
    bench.serve(gemba, plant.replace("PORT", str(bench.port)))
    bench.wait("the edge node on the broker", lambda s: (s.get("mqtt") or {}).get("publish", {}).get("connected"))
    lock = threading.Lock()
    aliases = {}
    sent = collections.defaultdict(collections.deque)
    latencies = []

    def on_message(_c, _u, msg):
        now = time.time()
        device = msg.topic.rsplit("/", 1)[-1]
        p = Payload()
        p.ParseFromString(msg.payload)
        with lock:
            if "/DBIRTH/" in msg.topic:
                aliases[device] = next(m.alias for m in p.metrics if m.name == "State")
                return
            alias = aliases.get(device)
            if "/DDATA/" not in msg.topic or alias is None:
                return
            for m in p.metrics:
                if m.alias == alias and not m.is_historical and sent[device]:
                    latencies.append(now - sent[device].popleft())

    sub = client("bench-sub")
    sub.on_message = on_message
    sub.on_connect = lambda c, *_: c.subscribe("spBv1.0/Gemba/#", qos=0)
    sub.connect("127.0.0.1", bench.port)
    sub.loop_start()
    time.sleep(0.5)
    # Rebirth, so that the subscriber has every alias.
    rebirth = Payload()
    m = rebirth.metrics.add()
    m.name, m.datatype, m.boolean_value = "Node Control/Rebirth", 11, True
    sub.publish("spBv1.0/Gemba/NCMD/bench", rebirth.SerializeToString())
    deadline = time.time() + 10
    while len(aliases) < len(machines) and time.time() < deadline:
        time.sleep(0.05)
    feed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    feed.connect(f"{bench.run}/telemetry.sock")
    state = {m: "down" for m in machines}
    for m in machines:
        feed.sendall(f'machine,machine={m} state="down",reason="jam" {time.time_ns()}\n'.encode())
    time.sleep(1)
    with lock:
        sent.clear()
        latencies.clear()
    start = time.time()
    for i in range(changes):
        m = machines[i % len(machines)]
        state[m] = "running" if state[m] == "down" else "down"
        line = f'machine,machine={m} state="{state[m]}"' + (',reason="jam"' if state[m] == "down" else "") + f" {time.time_ns()}\n"
        with lock:
            sent[m].append(time.time())
        feed.sendall(line.encode())
        delay = start + (i + 1) / per_second - time.time()
        if delay > 0:
            time.sleep(delay)
    time.sleep(2)
    sub.loop_stop()
    with lock:
        ms = [x * 1000 for x in latencies]
    print(f"{changes} state changes at {per_second:g}/s, {len(ms)} seen by the subscriber")
    if ms:
        print(f"latency ms: p50 {percentile(ms, 50):.1f}  p99 {percentile(ms, 99):.1f}  max {max(ms):.1f}")
finally:
    bench.close()
