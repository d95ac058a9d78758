"""A deployment on one machine for the multi-node test: PostgreSQL (a fresh database on the local server),
Redis, two gunicorn application nodes behind a real nginx, two task workers and two schedulers, each a
process of its own that the test can kill."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from .pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("MULTINODE_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/9")


def missing() -> str:
    if shutil.which("nginx") is None:
        return "nginx is not installed (scripts/ensure-deploy-tools installs it: apt-get install nginx)"
    if not (BIN / "gunicorn").exists():
        return "gunicorn is not installed in the virtual environment"
    try:
        import psycopg
        import redis

        psycopg.connect(f"{PG_URL}/postgres", connect_timeout=3).close()
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any reason the services cannot be reached
        return f"PostgreSQL or Redis cannot be reached ({exc.__class__.__name__})"
    return ""


def require() -> None:
    reason = missing()
    if reason:
        if os.environ.get("CI") or os.environ.get("REQUIRE_DEPLOY_TESTS"):
            pytest.fail(f"deployment tests cannot run: {reason}")
        pytest.skip(f"SKIPPED LOUDLY: {reason}")


def _sql(statement: str, database: str = "postgres"):
    import psycopg

    with psycopg.connect(f"{PG_URL}/{database}", autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else None


NGINX_CONF = """
daemon off;
user root;
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/nginx-body;
    proxy_temp_path {root}/nginx-proxy;
    fastcgi_temp_path {root}/nginx-fastcgi;
    uwsgi_temp_path {root}/nginx-uwsgi;
    scgi_temp_path {root}/nginx-scgi;
    client_max_body_size 64m;
    upstream chengguan_app {{
        server 127.0.0.1:{app_a} max_fails=1 fail_timeout=60s;
        server 127.0.0.1:{app_b} max_fails=1 fail_timeout=60s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://chengguan_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 non_idempotent;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


@dataclass
class Cluster:
    root: Path
    database: str
    env: dict
    token: str = ""
    ports: dict = field(default_factory=dict)
    processes: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['nginx']}"

    def node_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=log, start_new_session=True, cwd=ROOT
        )
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL the process and everything it started (gunicorn's workers)."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def sql(self, statement: str):
        return _sql(statement, self.database)

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "chengguan"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text(errors="replace")[-3000:]


def _wait_for(url: str, process: subprocess.Popen, cluster: Cluster, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{name} exited: {cluster.log(name)}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{name} did not answer: {cluster.log(name)}")


def start_cluster(root: Path, *, job_intervals: str) -> Cluster:
    database = f"multinode_{uuid.uuid4().hex[:8]}"
    _sql(f'CREATE DATABASE "{database}"')
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    (root / "sms").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chengguan.settings.production",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CHENGGUAN_NOTIFY_BASE_URL": "https://cg.example.gov.cn",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": f"{PG_URL}/{database}",
        "CACHE_URL": REDIS_URL,
        "CHENGGUAN_DATA_DIR": str(root / "data"),
        "CHENGGUAN_KEYS_DIR": str(root / "keys"),
        "CHENGGUAN_NUM_PROXIES": "1",
        "CHENGGUAN_USER_RATE": "1000000/min",
        "CHENGGUAN_ANON_RATE": "10/min",
        "CHENGGUAN_JOB_INTERVALS": job_intervals,
        "CHENGGUAN_OUTBOX_GRACE_SECONDS": "3",
        "CHENGGUAN_SMS_GATEWAY": "tests.deploy.sms_gateway.SlowFileGateway",
        "CHENGGUAN_TEST_SMS_DIR": str(root / "sms"),
        "CHENGGUAN_TEST_SMS_DELAY": "4",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    cluster = Cluster(root=root, database=database, env=env)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("multinode_setup.py"))],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    cluster.token = done.stdout.strip().splitlines()[-1]
    for node in ("app_a", "app_b"):
        cluster.ports[node] = free_port()
        process = cluster.start(
            node,
            [
                str(BIN / "gunicorn"),
                "chengguan.wsgi:application",
                "--bind",
                f"127.0.0.1:{cluster.ports[node]}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
        )
        _wait_for(f"{cluster.node_url(node)}/healthz", process, cluster, node)
    cluster.ports["nginx"] = free_port()
    (root / "nginx.conf").write_text(
        NGINX_CONF.format(
            root=root, port=cluster.ports["nginx"], app_a=cluster.ports["app_a"], app_b=cluster.ports["app_b"]
        )
    )
    nginx = cluster.start("nginx", ["nginx", "-c", str(root / "nginx.conf"), "-p", str(root)])
    _wait_for(f"{cluster.url}/healthz", nginx, cluster, "nginx")
    for n in (1, 2):
        cluster.start(f"worker{n}", [str(BIN / "chengguan"), "db_worker", "--interval", "0.2", "--no-reload"])
        cluster.start(
            f"scheduler{n}",
            [
                str(BIN / "chengguan"),
                "scheduler",
                "--tick",
                "0.5",
                "--jobs",
                "supervise,close_notices,notifications",
            ],
        )
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    for name in list(cluster.processes):
        cluster.kill(name)
    _sql(f'DROP DATABASE IF EXISTS "{cluster.database}" WITH (FORCE)')
