"""What the connectivity benchmarks share: a mosquitto on a free port, `gemba serve` on a
plant file, and the daemon's status."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def unblocked():
    # Children inherit blocked signals; a broker or daemon must hear SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


class Bench:
    """A work folder, a broker (optional) and a daemon, all stopped by `close()`."""

    def __init__(self, name, broker=True):
        self.work = tempfile.mkdtemp(prefix=f"gemba-{name}-")
        self.procs = []
        self.port = None
        if broker:
            self.port = free_port()
            with open(f"{self.work}/mosquitto.conf", "w") as f:
                f.write(f"listener {self.port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n")
            mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
            self.procs.append(subprocess.Popen([mosquitto, "-c", f"{self.work}/mosquitto.conf"], stderr=subprocess.DEVNULL, preexec_fn=unblocked))
            deadline = time.time() + 10
            while time.time() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)

    def serve(self, gemba, plant):
        self.gemba = gemba
        with open(f"{self.work}/plant.yaml", "w") as f:
            f.write(plant)
        self.run = f"{self.work}/run"
        self.daemon = subprocess.Popen(
            [gemba, "serve", "--config", f"{self.work}/plant.yaml", "--runtime-dir", self.run, "--db", f"{self.work}/gemba.db",
             "--log-file", f"{self.work}/log"],
            stdout=subprocess.DEVNULL, stderr=open(f"{self.work}/serve.err", "w"), preexec_fn=unblocked)
        self.procs.insert(0, self.daemon)
        deadline = time.time() + 30
        while self.status() is None:
            if time.time() > deadline or self.daemon.poll() is not None:
                raise SystemExit("the daemon did not start: " + open(f"{self.work}/serve.err").read())
            time.sleep(0.1)

    def status(self):
        out = subprocess.run([self.gemba, "status", "--runtime-dir", self.run, "--json"], capture_output=True, text=True)
        return json.loads(out.stdout) if out.returncode == 0 else None

    def wait(self, what, predicate, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.status()
            if s is not None and predicate(s):
                return s
            time.sleep(0.1)
        raise SystemExit(f"timed out waiting for {what}")

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(self.work, ignore_errors=True)


def client(client_id):
    """A paho client under paho 1.x and 2.x alike."""
    import paho.mqtt.client as mqtt
    if hasattr(mqtt, "CallbackAPIVersion"):
        return mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id=client_id)
    return mqtt.Client(client_id=client_id)


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


class StatusConnection:
    """The daemon's status over one console connection (docs/console-protocol.md): asking
    often costs a JSON line, where `gemba status` costs a process start that would take a
    core from the daemon it measures."""

    def __init__(self, run):
        import json as _json
        self.json = _json
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(f"{run}/console.sock")
        self.file = self.sock.makefile("rb")
        self.file.readline()  # the daemon's hello
        self.next = 1

    def status(self):
        self.next += 1
        self.sock.sendall(self.json.dumps({"id": self.next, "type": "status"}).encode() + b"\n")
        while True:
            reply = self.json.loads(self.file.readline())
            if reply.get("id") == self.next:
                return reply["result"]

    def close(self):
        self.sock.close()
