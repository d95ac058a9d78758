"""Two application nodes behind nginx, two task workers and two schedulers, on PostgreSQL and Redis:
rate limits count across nodes; 2,000 reports posted while a node is killed with SIGKILL are each stored
exactly once once the client retries with its keys; periodic jobs run once per interval; a worker killed
during a text message leaves exactly one delivery."""

import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from . import cluster as deployment
from .pgcluster import wait_until

pytestmark = pytest.mark.deploy
REPORTS = 2000
KILL_AFTER = 300
INTERVAL = 2  # seconds, for the jobs the schedulers run here


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("runs with the PostgreSQL suite (DATABASE_URL set), once")
    deployment.require()
    running = deployment.start_cluster(
        tmp_path_factory.mktemp("multinode"),
        job_intervals=f"supervise={INTERVAL},close_notices={INTERVAL},notifications=1",
    )
    yield running
    deployment.stop_cluster(running)


def test_rate_limits_count_across_both_nodes(cluster):
    # The limits count in fixed one-minute windows: twenty requests across a window's end would count
    # twice from zero. Start in a window with time enough left.
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.5)
    answers = []
    for i in range(20):
        node = "app_a" if i % 2 else "app_b"
        answers.append(
            requests.get(f"{cluster.node_url(node)}/api/v1/grid/locate?lng=117.49&lat=30.66").status_code
        )
    assert answers.count(429) == 10, answers


def _post(session: requests.Session, cluster, key: str) -> str:
    payload = {
        "channel": "hotline",
        "category": "S0102",
        "description": f"多节点测试 {key}",
        "address": "长江路",
    }
    headers = {"Authorization": f"Token {cluster.token}", "Idempotency-Key": key}
    for _attempt in range(40):
        try:
            response = session.post(f"{cluster.url}/api/v1/cases/", json=payload, headers=headers, timeout=30)
        except requests.RequestException:
            time.sleep(0.2)
            continue
        if response.status_code in (200, 201):
            return response.json()["number"]
        if response.status_code in (429, 500, 502, 503, 504):
            time.sleep(0.2)
            continue
        raise AssertionError(f"{response.status_code}: {response.text[:300]}")
    raise AssertionError(f"report {key} was never acknowledged")


def test_reports_posted_while_a_node_is_killed_are_stored_exactly_once(cluster):
    keys = [uuid.uuid4().hex for _ in range(REPORTS)]
    done = []
    killed = threading.Event()
    local = threading.local()

    def post(key):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        number = _post(local.session, cluster, key)
        done.append(number)
        if len(done) >= KILL_AFTER and not killed.is_set():
            killed.set()
            cluster.kill("app_a")
        return number

    with ThreadPoolExecutor(16) as pool:
        numbers = list(pool.map(post, keys))
    assert killed.is_set()
    assert len(set(numbers)) == REPORTS
    quoted = ",".join(f"'{key}'" for key in keys)
    [(stored, distinct)] = cluster.sql(
        f"SELECT count(*), count(DISTINCT intake_key) FROM cases_case WHERE intake_key IN ({quoted})"
    )
    assert (stored, distinct) == (REPORTS, REPORTS)


def test_each_periodic_job_ran_once_per_interval(cluster):
    time.sleep(3 * INTERVAL)
    for job in ("supervise", "close_notices"):
        rows = cluster.sql(
            f"SELECT extract(epoch FROM started_at), node FROM ops_jobrun WHERE job = '{job}' "
            "ORDER BY started_at"
        )
        starts = [float(start) for start, _node in rows]
        assert len(starts) >= 3, (job, rows)
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
        assert min(gaps) >= INTERVAL - 0.05, (job, gaps)
        assert len({node for _start, node in rows}) >= 1


def test_a_worker_killed_during_a_text_message_leaves_exactly_one_delivery(cluster):
    sms = cluster.root / "sms"
    cluster.run(
        "shell", "-c", "from chengguan.core.notify import notify_phone; notify_phone('13912345678', 'x')"
    )
    wait_until(lambda: (sms / "sending.pid").exists(), timeout=30)
    os.kill(int((sms / "sending.pid").read_text()), signal.SIGKILL)  # mid-send: delivered, not yet marked
    wait_until(
        lambda: cluster.sql("SELECT count(*) FROM core_outgoing WHERE sent_at IS NOT NULL")[0][0] == 1, 60
    )
    [(key, attempts, outcome)] = cluster.sql("SELECT key::text, attempts, outcome::text FROM core_outgoing")
    assert (sms / "delivered").read_text().split() == [key.replace("-", "")] or (
        sms / "delivered"
    ).read_text().split() == [key]
    assert attempts == 2 and "resumed" in outcome
