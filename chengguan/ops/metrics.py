"""Prometheus metrics at /metrics (prometheus_client): request latency by view, and figures read from the
database when scraped — the background-task queue, overdue cases, failed log-ins and notification tasks of
the last day. Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR so the workers' request
histograms are added up. Only the addresses in CHENGGUAN_METRICS_ALLOWED may read it."""

import os
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from chengguan.core.net import client_ip

from . import selectors

REQUEST_SECONDS = Histogram(
    "chengguan_request_seconds",
    "Time to answer a request, by view.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10),
)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unresolved"
        REQUEST_SECONDS.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class DatabaseFigures:
    """Figures read from the database at each scrape (so every node reports the same)."""

    def describe(self):
        return []  # registering must not query the database (it may not exist yet)

    def collect(self):
        yield GaugeMetricFamily(
            "chengguan_task_queue_depth",
            "Background tasks waiting for a worker.",
            value=selectors.queue()["waiting"],
        )
        yield GaugeMetricFamily(
            "chengguan_cases_overdue",
            "Cases a department holds past their deadline.",
            value=selectors.overdue_cases(),
        )
        yield GaugeMetricFamily(
            "chengguan_failed_logins_last_day",
            "Failed log-ins in the last 24 hours.",
            value=selectors.failed_logins_last_day(),
        )
        tasks = GaugeMetricFamily(
            "chengguan_tasks_finished_last_day",
            "Background tasks (notifications, text messages) finished in the last 24 hours.",
            labels=["outcome"],
        )
        for outcome, count in selectors.tasks_finished_last_day().items():
            tasks.add_metric([outcome], count)
        yield tasks


FIGURES = DatabaseFigures()
REGISTRY.register(FIGURES)


def _registry() -> CollectorRegistry:
    """One process's registry, or under PROMETHEUS_MULTIPROC_DIR the sum of every worker's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(FIGURES)
    return registry


def metrics_view(request):
    allowed = getattr(settings, "CHENGGUAN_METRICS_ALLOWED", ["127.0.0.1", "::1"])
    if client_ip(request) not in allowed:
        return HttpResponseForbidden("metrics are served to the monitoring host only\n")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
