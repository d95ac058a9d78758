"""PostgreSQL servers of a test's own: a primary made with initdb and a streaming replica made from it with
pg_basebackup, each on its own port under a temporary folder, run as the `postgres` user. Nothing of the
machine's own PostgreSQL is touched."""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def missing() -> str:
    """Why servers of our own cannot be made here ("" when they can)."""
    if _bin_dir() is None:
        return "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "there is no postgres user to run the servers as"
    if os.geteuid() != 0:
        return "making servers as the postgres user needs root"
    return ""


def require() -> None:
    reason = missing()
    if reason:
        if os.environ.get("REQUIRE_DEPLOY_TESTS") or os.environ.get("CI"):
            pytest.fail(f"deployment tests cannot run: {reason}")
        pytest.skip(f"SKIPPED LOUDLY: {reason}")


@contextlib.contextmanager
def folder():
    """A folder the postgres user owns (pytest's own temporary folders are closed to other users)."""
    root = Path(tempfile.mkdtemp(prefix="chengguan-pg-"))
    shutil.chown(root, "postgres", "postgres")
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*command, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)], capture_output=True, text=True, check=check
    )


class Server:
    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        _as_postgres(
            _bin_dir() / "pg_ctl",
            "-D",
            self.folder,
            "-l",
            self.folder / "server.log",
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        _as_postgres(_bin_dir() / "pg_ctl", "-D", self.folder, "-m", "fast", "-w", "stop", check=False)

    def sql(self, statement: str) -> str:
        done = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-Atc",
                statement,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()


def primary_and_replica(root: Path) -> tuple[Server, Server]:
    """A running primary and a running hot-standby replica streaming from it."""
    primary = Server(root / "primary", free_port())
    _as_postgres(_bin_dir() / "initdb", "-D", primary.folder, "-A", "trust", "-U", "postgres", "-E", "UTF8")
    with open(primary.folder / "postgresql.conf", "a") as conf:
        conf.write(
            f"\nport = {primary.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
            "wal_level = replica\nmax_wal_senders = 5\nfsync = off\n"
        )
    with open(primary.folder / "pg_hba.conf", "a") as hba:
        hba.write("\nhost replication all 127.0.0.1/32 trust\n")
    primary.start()
    replica = Server(root / "replica", free_port())
    _as_postgres(
        _bin_dir() / "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        primary.port,
        "-U",
        "postgres",
        "-D",
        replica.folder,
        "-R",
        "-X",
        "stream",
    )
    with open(replica.folder / "postgresql.conf", "a") as conf:
        conf.write(f"\nport = {replica.port}\nhot_standby = on\n")
    replica.start()
    return primary, replica


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.2)
