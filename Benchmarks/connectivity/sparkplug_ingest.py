#!/usr/bin/env python3
"""Sparkplug B ingest through mosquitto: the metrics per second the daemon takes into its
engine, side by side in one run with the rate at which `mosquitto_sub` alone receives the
same stream, and whether anything was lost.

Usage: sparkplug_ingest.py GEMBA [MESSAGES] [METRICS_PER_MESSAGE] [DEVICES] [RUNS]
(defaults 20,000 messages of 100 metrics into 10 devices: 2,000,000 metrics; 1 run). With
more than one run, each on a fresh broker and daemon, it ends with the median of each rate
and of the ratio: on two cores the publisher, the broker, `mosquitto_sub` and the daemon
share the processors, and one run's ratio moves with how the scheduler shared them.

One edge node (paho-mqtt, payloads built with pysparkplug's protobuf module and encoded before
the clock starts) publishes DDATA as fast as it can at QoS 0. Each metric is a process value
of its machine, by alias; the payload carries no timestamp, so the daemon stamps each at
arrival and none is refused as older than the last. `mosquitto_sub -C N` and the daemon
subscribe before the first message; each rate is metrics over the time from the first
publish to the last message taken: `mosquitto_sub`'s exit (a thread waits for it), and the
daemon's `mqtt.accepted` reaching the count (asked every 50 ms over one console connection,
not by starting `gemba status`, which would take a core from the daemon it measures).
"""
import statistics
import subprocess
import sys
import threading
import time

import paho.mqtt.client as mqtt
from pysparkplug._protobuf import DataType, Payload

from common import Bench, StatusConnection, client

gemba = sys.argv[1]
messages = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
per = int(sys.argv[3]) if len(sys.argv) > 3 else 100
devices = int(sys.argv[4]) if len(sys.argv) > 4 else 10
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 1

machines = "\n".join(
    f"      - {{ id: m{d:02}, name: M{d:02}, ideal_cycle_time: 1.0, sparkplug: {{ group: Bench, edge_node: node, device: d{d:02} }} }}"
    for d in range(devices))
plant = f"""plant: Sparkplug Bench
timezone: UTC
comm_loss_timeout: 1h
max_process_values: {per + 10}
mqtt: {{ broker: "mqtt://127.0.0.1:PORT", client_id: gemba-bench, host_id: gemba-bench }}
lines:
  - id: L1
    name: Line
    machines:
{machines}
"""
def run_once():
    bench = Bench("sparkplug-bench")
    try:
        bench.serve(gemba, plant.replace("PORT", str(bench.port)))
        bench.wait("the broker", lambda s: s.get("mqtt", {}).get("connected"))

        def payload(seq, metrics, ts=None):
            p = Payload()
            if ts is not None:
                p.timestamp = ts
            p.seq = seq
            p.metrics.extend(metrics)
            return p.SerializeToString()

        def metric(k, value, born):
            m = Payload.Metric()
            m.alias = k + 1
            if born:
                m.name = f"v{k:03}"
                m.datatype = DataType.Double
            m.double_value = value
            return m

        now_ms = int(time.time() * 1000)
        bd = Payload.Metric()
        bd.name, bd.datatype, bd.long_value = "bdSeq", DataType.Int64, 0
        births = [("spBv1.0/Bench/NBIRTH/node", Payload(timestamp=now_ms, seq=0, metrics=[bd]).SerializeToString())]
        for d in range(devices):
            births.append((f"spBv1.0/Bench/DBIRTH/node/d{d:02}", payload(d + 1, [metric(k, 0.0, True) for k in range(per)], now_ms)))
        # Every (device, sequence number) pair is encoded once: the stream repeats them in order.
        cache = {}
        stream = []
        for i in range(messages):
            d, seq = i % devices, (devices + 1 + i) % 256
            key = (d, seq)
            if key not in cache:
                cache[key] = payload(seq, [metric(k, float((seq * 7 + k) % 97), False) for k in range(per)])
            stream.append((f"spBv1.0/Bench/DDATA/node/d{d:02}", cache[key]))

        pub = client("bench-edge")
        pub.max_queued_messages_set(0)
        pub.connect("127.0.0.1", bench.port)
        pub.loop_start()
        for topic, p in births:
            pub.publish(topic, p, qos=0).wait_for_publish()
        time.sleep(1)
        before = bench.status()["mqtt"]
        sub = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(bench.port), "-t", "spBv1.0/Bench/DDATA/#", "-C", str(messages)],
                               stdout=subprocess.DEVNULL)
        # mosquitto_sub's end, taken the moment it exits (not at the next look).
        sub_end = []
        waiter = threading.Thread(target=lambda: (sub.wait(), sub_end.append(time.time())))
        waiter.start()
        watch = StatusConnection(bench.run)
        time.sleep(0.5)
        t0 = time.time()
        for topic, p in stream:
            pub.publish(topic, p, qos=0)
        sent = time.time()
        sub_done = None
        taken, taken_at = 0, None
        deadline = time.time() + 300
        while time.time() < deadline:
            if sub_done is None and sub_end:
                sub_done = sub_end[0]
            s = watch.status()["mqtt"]
            if s["accepted"] - before["accepted"] != taken:
                taken, taken_at = s["accepted"] - before["accepted"], time.time()
            if taken >= messages and sub_done is not None:
                break
            if taken_at is not None and time.time() - taken_at > 10 and sub_done is not None:
                break
            time.sleep(0.05)
        watch.close()
        s = bench.status()
        rejected = s["mqtt"]["rejected"] - before["rejected"]
        gaps = s["mqtt"]["seq_gaps"] - before["seq_gaps"]
        sub_rate = messages * per / (sub_done - t0) if sub_done else 0
        gemba_rate = taken * per / (taken_at - t0) if taken_at else 0
        print(f"published {messages:,} DDATA x {per} metrics = {messages * per:,} metrics into {devices} devices in {sent - t0:.2f} s")
        print(f"mosquitto_sub alone : {'all' if sub_done else 'NOT all'} {messages:,} messages, {sub_rate:,.0f} metrics/s")
        print(f"gemba (into engine) : {taken:,} messages accepted, {rejected} rejected, {gaps} sequence gaps, {gemba_rate:,.0f} metrics/s")
        print(f"lost: {messages - taken}; telemetry rejected: {s['telemetry']['rejected']}")
        print(f"ratio gemba / mosquitto_sub: {gemba_rate / sub_rate:.2f}" if sub_rate else "ratio: n/a")
        pub.loop_stop()
        if sub.poll() is None:
            sub.kill()
        return sub_rate, gemba_rate, messages - taken
    finally:
        bench.close()


results = []
for k in range(runs):
    if runs > 1:
        print(f"-- run {k + 1} of {runs}")
    results.append(run_once())
if runs > 1:
    subs = [r[0] for r in results]
    gembas = [r[1] for r in results]
    ratios = [g / m for m, g, _ in results if m]
    print(f"== {runs} runs: mosquitto_sub median {statistics.median(subs):,.0f} metrics/s, gemba median {statistics.median(gembas):,.0f} metrics/s, "
          f"ratio median {statistics.median(ratios):.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)}); lost in all runs: {sum(r[2] for r in results)}")
