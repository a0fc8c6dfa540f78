#!/usr/bin/env python3
"""A Modbus TCP PLC for Gemba's tests: pymodbus's server with 100 coils, discrete inputs,
holding and input registers, all writable by clients (write_registers / write_coil on the
holding registers and coils; the input registers and discrete inputs take their first values
from the command line).

Usage: modbus_plc.py PORT [JSON]   JSON = {"hr": {"0": 1}, "ir": {"0": 415}, "co": {}, "di": {}}
Prints "listening" once it accepts connections.
"""
import asyncio
import json
import socket
import sys
import time
import threading

from pymodbus.server import StartAsyncTcpServer
from pymodbus.simulator import SimData, SimDevice, DataType

port = int(sys.argv[1])
init = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}


def block(key, bits):
    values = [0] * 100
    for address, value in init.get(key, {}).items():
        values[int(address)] = value
    if bits:
        return [SimData(0, values=[bool(v) for v in values], datatype=DataType.BITS)]
    return [SimData(0, values=values, datatype=DataType.REGISTERS)]


device = SimDevice(id=0, simdata=(block("co", True), block("di", True), block("hr", False), block("ir", False)))


def announce():
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            print("listening", flush=True)
            return
        except OSError:
            time.sleep(0.05)


threading.Thread(target=announce, daemon=True).start()
asyncio.run(StartAsyncTcpServer(context=device, address=("127.0.0.1", port)))
