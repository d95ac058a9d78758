"""Liveness, readiness, metrics and request ids."""

import pytest
from django.db import connection
from django.db.utils import OperationalError

from chengguan.ops import scheduler
from chengguan.ops.jobs import Job

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_the_database_cache_queue_and_scheduler(client):
    scheduler.run_job(Job("quick", "check", 60, "stand-in"))
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert body["checks"]["task_queue"]["waiting"] == 0
    assert body["checks"]["scheduler"]["job"] == "quick"


def test_readyz_is_unavailable_while_the_database_does_not_answer(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_metrics_are_served_to_the_monitoring_host_only(client):
    client.get("/healthz")
    body = client.get("/metrics").content.decode()
    assert 'chengguan_request_seconds_count{method="GET",status="2xx",view="ops:healthz"}' in body
    assert "chengguan_cases_overdue 0.0" in body and "chengguan_task_queue_depth" in body
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403


def test_every_response_carries_a_request_id(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-req-12345")["X-Request-ID"] == "proxy-req-12345"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"
