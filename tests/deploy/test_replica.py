"""Dashboards read from a real streaming replica made on this machine (a primary from initdb, a standby
from pg_basebackup); writes and reads after them go to the primary; when the replica goes away reads fall
back to the primary; /readyz follows the primary going away and coming back."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from . import pgcluster

pytestmark = pytest.mark.deploy
PROBE = Path(__file__).with_name("replica_probe.py")


@pytest.fixture(scope="module")
def servers():
    if connection.vendor != "postgresql":
        pytest.skip("runs with the PostgreSQL suite (DATABASE_URL set), once")
    pgcluster.require()
    with pgcluster.folder() as root:
        primary, replica = pgcluster.primary_and_replica(root)
        primary.sql("CREATE DATABASE chengguan")
        try:
            # Here, not in the first test: xdist may run this module's tests on different workers.
            _probe("migrate", primary, replica)
            yield primary, replica
        finally:
            replica.stop()
            primary.stop()


def _probe(step: str, primary, replica, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chengguan.settings.test",
        "DATABASE_URL": primary.url("chengguan"),
        "DATABASE_REPLICA_URL": replica.url("chengguan"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        **extra,
    }
    done = subprocess.run(
        [sys.executable, str(PROBE), step], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reads_in_a_replica_block_come_from_the_standby_and_writes_from_the_primary(servers):
    primary, replica = servers
    assert replica.sql("SELECT pg_is_in_recovery()") == "t"
    seen = _probe("reads", primary, replica)
    assert seen == {
        "alias": "replica",
        "replica_in_recovery": True,
        "after_write": "default",
        "read_back": True,
        "outside": "default",
    }


def test_reads_fall_back_to_the_primary_while_the_replica_is_down(servers):
    primary, replica = servers
    replica.stop()
    try:
        down = _probe("fallback", primary, replica)
        assert down["alias"] == "default" and down["count"] >= 1 and down["seconds"] < 10
    finally:
        replica.start()
    assert _probe("fallback", primary, replica)["alias"] == "replica"


def test_readyz_turns_unhealthy_without_the_database_and_healthy_when_it_returns(servers):
    primary, replica = servers
    assert _probe("readyz", primary, replica)["status"] == 200
    primary.stop()
    try:
        assert _probe("readyz", primary, replica)["status"] == 503
    finally:
        primary.start()
    pgcluster.wait_until(lambda: _probe("readyz", primary, replica)["status"] == 200)
