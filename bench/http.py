"""A real server (gunicorn, several workers) over the bench database, and a concurrent load generator:
client processes each driving threads with keep-alive connections, recording every latency."""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with `workers` sync workers on a free loopback port, bench.settings, the caller's
    environment (DATABASE_URL or CHENGGUAN_DATA_DIR)."""

    def __init__(self, workers: int = 4):
        self.workers = workers
        self.port = free_port()
        self.process = None

    def __enter__(self) -> "Server":
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "chengguan.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                "2",
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request("127.0.0.1", self.port, "GET", "/api/v1/grid/locate?lng=0&lat=0")
                if status in (200, 400, 404):
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("the bench server did not start within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def request(host, port, method, path, body=None, headers=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Call:
    method: str
    path: str
    body: bytes | None = None
    headers: dict | None = None
    key: str = ""  # an idempotency key to check afterwards


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list  # seconds, of the successful calls
    statuses: dict
    accepted_keys: list

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """In milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


def _client(port: int, calls: list[Call], threads: int) -> tuple[list, dict, list]:
    """One client process: `threads` threads sharing `calls`, each with its own keep-alive connection."""
    latencies, statuses, keys = [], {}, []
    lock = threading.Lock()
    position = iter(range(len(calls)))

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            call = calls[index]
            started = time.perf_counter()
            try:
                connection.request(call.method, call.path, body=call.body, headers=call.headers or {})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    latencies.append(elapsed)
                    if call.key:
                        keys.append(call.key)
        connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, statuses, keys


def run_load(port: int, calls: list[Call], concurrency: int, processes: int = 2) -> LoadResult:
    """Send `calls` with `concurrency` requests in flight, from `processes` client processes."""
    processes = max(1, min(processes, concurrency))
    shares = [calls[i::processes] for i in range(processes)]
    threads = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        parts = list(pool.map(_client, [port] * processes, shares, threads))
    seconds = time.perf_counter() - started
    latencies, statuses, keys = [], {}, []
    for part_latencies, part_statuses, part_keys in parts:
        latencies += part_latencies
        keys += part_keys
        for status, count in part_statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    return LoadResult(len(calls), seconds, latencies, statuses, keys)


def json_call(path: str, payload: dict, headers: dict, key: str = "") -> Call:
    headers = {"Content-Type": "application/json", **headers}
    if key:
        headers["Idempotency-Key"] = key
    return Call("POST", path, json.dumps(payload).encode(), headers, key)
