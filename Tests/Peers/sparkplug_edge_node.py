#!/usr/bin/env python3
"""A Sparkplug B edge node for Gemba's tests: pysparkplug's payloads over paho-mqtt.

Usage: sparkplug_edge_node.py PORT GROUP EDGE_NODE
Driven by JSON commands on stdin, one per line; answers one line per command on stdout:
"ok" or "error <why>".

  {"op": "connect", "bdseq": 3}                     will = NDEATH with that bdSeq; connects
  {"op": "nbirth", "metrics": [M...]}               NBIRTH, seq 0, with bdSeq
  {"op": "dbirth", "device": "D", "metrics": [M...]}
  {"op": "ddata", "device": "D", "metrics": [M...], "by_alias": true}
  {"op": "ndata", "metrics": [M...]}
  {"op": "ddeath", "device": "D"}
  {"op": "ndeath"}                                  an explicit NDEATH with the session's bdSeq
  {"op": "skip_seq"}                                lose one message (a sequence gap)
  {"op": "wait_rebirth", "timeout": 5}              until an NCMD Node Control/Rebirth came
  {"op": "die"}                                     the process ends without DISCONNECT: the broker sends the will
  M = {"name": "Status/State", "type": "INT32", "value": 1, "alias": 1, "ts": 1764000000000}

On a rebirth request it publishes its NBIRTH and DBIRTHs again (new seq 0), as the
specification asks of an edge node.
"""
import json
import os
import sys
import threading

import paho.mqtt.client as mqtt
from pysparkplug import DataType, DBirth, DData, DDeath, Metric, NBirth, NData, NDeath, get_current_timestamp

port, group, node = int(sys.argv[1]), sys.argv[2], sys.argv[3]
seq = 0
bdseq = 0
births = {}  # device (None: the node) -> metric dicts of its last birth
rebirths = threading.Event()
connected = threading.Event()
lock = threading.Lock()


def metric(m, by_alias=False):
    dtype = DataType[m["type"]]
    return Metric(
        timestamp=m.get("ts", get_current_timestamp()),
        name=None if by_alias and "alias" in m else m["name"],
        datatype=dtype,
        value=m.get("value"),
        alias=m.get("alias"),
        is_historical=m.get("historical", False),
        is_null=m.get("value") is None,
    )


def topic(kind, device=None):
    return f"spBv1.0/{group}/{kind}/{node}" + (f"/{device}" if device else "")


def next_seq():
    global seq
    s = seq
    seq = (seq + 1) % 256
    return s


def send(t, payload):
    client.publish(t, payload, qos=0).wait_for_publish()


def bd_metric():
    return Metric(timestamp=get_current_timestamp(), name="bdSeq", datatype=DataType.INT64, value=bdseq)


def publish_births():
    global seq
    seq = 0
    metrics = tuple(metric(m) for m in births.get(None, [])) + (bd_metric(),)
    send(topic("NBIRTH"), NBirth(get_current_timestamp(), next_seq(), metrics).encode(include_dtypes=True))
    for device, ms in births.items():
        if device is not None:
            send(topic("DBIRTH", device), DBirth(get_current_timestamp(), next_seq(), tuple(metric(m) for m in ms)).encode(include_dtypes=True))


def rebirth():
    with lock:
        publish_births()
    rebirths.set()


def on_message(_client, _userdata, msg):
    # Not on paho's network thread: publishing waits for that thread to send.
    if msg.topic == topic("NCMD"):
        threading.Thread(target=rebirth, daemon=True).start()


def on_connect(_client, _userdata, _flags, rc):
    if rc == 0:
        client.subscribe(topic("NCMD"), qos=0)
        connected.set()


client = mqtt.Client(client_id=f"edge-{group}-{node}-{os.getpid()}", clean_session=True)
client.on_message = on_message
client.on_connect = on_connect

for raw in sys.stdin:
    raw = raw.strip()
    if not raw:
        continue
    cmd = json.loads(raw)
    op = cmd["op"]
    try:
        with lock:
            if op == "connect":
                bdseq = cmd.get("bdseq", 0)
                will = NDeath(get_current_timestamp(), bd_metric()).encode()
                client.will_set(topic("NDEATH"), will, qos=0, retain=False)
                client.connect("127.0.0.1", port, keepalive=5)
                client.loop_start()
            elif op == "nbirth":
                births = {None: cmd.get("metrics", [])}
                publish_births()
            elif op == "dbirth":
                births[cmd["device"]] = cmd["metrics"]
                send(topic("DBIRTH", cmd["device"]), DBirth(get_current_timestamp(), next_seq(), tuple(metric(m) for m in cmd["metrics"])).encode(include_dtypes=True))
            elif op == "ddata":
                ms = tuple(metric(m, cmd.get("by_alias", False)) for m in cmd["metrics"])
                send(topic("DDATA", cmd["device"]), DData(get_current_timestamp(), next_seq(), ms).encode(include_dtypes=not cmd.get("by_alias", False)))
            elif op == "ndata":
                ms = tuple(metric(m, cmd.get("by_alias", False)) for m in cmd["metrics"])
                send(topic("NDATA"), NData(get_current_timestamp(), next_seq(), ms).encode(include_dtypes=True))
            elif op == "ddeath":
                births.pop(cmd["device"], None)
                send(topic("DDEATH", cmd["device"]), DDeath(get_current_timestamp(), next_seq()).encode())
            elif op == "ndeath":
                send(topic("NDEATH"), NDeath(get_current_timestamp(), bd_metric()).encode())
            elif op == "skip_seq":
                next_seq()
        if op == "connect" and not connected.wait(cmd.get("timeout", 10)):
            raise RuntimeError("not connected")
        if op == "wait_rebirth":
            if not rebirths.wait(cmd.get("timeout", 5)):
                raise RuntimeError("no rebirth request came")
            rebirths.clear()
        if op == "die":
            sys.stdout.write("ok\n")
            sys.stdout.flush()
            os._exit(0)
        sys.stdout.write("ok\n")
    except Exception as e:  # the test reads the reason
        sys.stdout.write(f"error {e}\n")
    sys.stdout.flush()
