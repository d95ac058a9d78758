"""A real server over the bench database — gunicorn alone, or as deployed: nginx in front of two
application processes (`ProxiedServer`) — and a concurrent load generator: client processes each driving
threads with keep-alive connections, recording every latency. The client speaks HTTP/1.1 over plain
sockets (requests encoded once, responses read by their length): http.client's header parsing cost more
CPU than the server's own work per request, and the client shares the machine's two cores with it."""

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
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


def _gunicorn(port: int, workers: int, threads: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "chengguan.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def _wait_until_up(port: int, processes: list, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = request("127.0.0.1", port, "GET", "/api/v1/grid/locate?lng=0&lat=0")
            if status in (200, 400, 404):
                return
        except OSError:
            time.sleep(0.3)
        if any(process.poll() is not None for process in processes):
            break
    raise RuntimeError(f"{what} did not start within 60 s")


def _stop(process) -> None:
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


class Server:
    """gunicorn with `workers` workers (2 threads each) on a free loopback port, bench.settings, the
    caller's environment (DATABASE_URL or CHENGGUAN_DATA_DIR)."""

    label = "gunicorn"

    def __init__(self, workers: int = 4):
        self.workers = workers
        self.port = free_port()
        self.process = None

    def __enter__(self) -> "Server":
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
        self.process = _gunicorn(self.port, self.workers, 2, env)
        try:
            _wait_until_up(self.port, [self.process], "the bench server")
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        _stop(self.process)


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    client_max_body_size 64m;
    upstream chengguan_app {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        keepalive_requests 100000;
        location / {{
            proxy_pass http://chengguan_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class ProxiedServer:
    """As deployed (deploy/nginx): nginx on a free loopback port in front of `nodes` application processes
    (gunicorn, one worker of `threads` threads each), the proxy's address trusted for the client's."""

    label = "nginx + 2 application processes"

    def __init__(self, nodes: int = 2, threads: int = 4):
        self.nodes, self.threads = nodes, threads
        self.port = free_port()
        self.processes: list = []
        self.root = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.label = f"nginx + {nodes} application processes"

    def __enter__(self) -> "ProxiedServer":
        if shutil.which("nginx") is None:
            raise RuntimeError("nginx is not installed (scripts/ensure-deploy-tools installs it)")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "CHENGGUAN_NUM_PROXIES": "1",
        }
        ports = [free_port() for _ in range(self.nodes)]
        self.processes = [_gunicorn(port, 1, self.threads, env) for port in ports]
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in ports)
        config = self.root / "nginx.conf"
        config.write_text(NGINX_CONF.format(root=self.root, port=self.port, servers=servers))
        self.processes.append(
            subprocess.Popen(["nginx", "-c", str(config), "-p", str(self.root)], start_new_session=True)
        )
        try:
            for port in ports:
                _wait_until_up(port, self.processes, "an application process")
            _wait_until_up(self.port, self.processes, "nginx")
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            _stop(process)
        shutil.rmtree(self.root, ignore_errors=True)


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


def _encode(call: Call, port: int) -> bytes:
    head = [f"{call.method} {call.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{name}: {value}" for name, value in (call.headers or {}).items()]
    if call.body is not None:
        head.append(f"Content-Length: {len(call.body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + (call.body or b"")


class _Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read the status and the whole response."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.buffer += chunk

    def _take_line(self) -> bytes:
        while (end := self.buffer.find(b"\r\n")) < 0:
            self._fill()
        line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
        return line

    def _take(self, size: int) -> None:
        while len(self.buffer) < size:
            self._fill()
        self.buffer = self.buffer[size:]

    def exchange(self, data: bytes) -> tuple[int, bool]:
        """(status, whether the server keeps the connection open)."""
        self.sock.sendall(data)
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._fill()
        head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4 :]
        lines = head.split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        if headers.get("transfer-encoding") == "chunked":
            while size := int(self._take_line().split(b";")[0], 16):
                self._take(size + 2)
            while self._take_line():  # trailers, then the empty line
                pass
        else:
            self._take(int(headers.get("content-length", "0")))
        return status, headers.get("connection") != "close"

    def close(self) -> None:
        self.sock.close()


def _client(port: int, calls: list[Call], threads: int) -> tuple[list, dict, list]:
    """One client process: `threads` threads sharing `calls`, each with its own keep-alive connection."""
    latencies, statuses, keys = [], {}, []
    lock = threading.Lock()
    position = iter(range(len(calls)))
    encoded = [_encode(call, port) for call in calls]

    def worker():
        connection = None
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            started = time.perf_counter()
            try:
                connection = connection or _Connection(port)
                status, keep = connection.exchange(encoded[index])
                if not keep:
                    connection.close()
                    connection = None
            except (OSError, ValueError, IndexError):
                if connection is not None:
                    connection.close()
                connection, status = None, 0
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    latencies.append(elapsed)
                    if calls[index].key:
                        keys.append(calls[index].key)
        if connection is not None:
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
