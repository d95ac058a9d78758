"""The measured scenarios. Each returns rows of (scenario, figure, unit, floor, target) for the report; the
floor is measured in the same run, on the same server or in the same process."""

import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

import numpy as np
import shapely
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from chengguan.accounts.middleware import SESSION_VERIFIED
from chengguan.accounts.services import issue_token
from chengguan.cases.models import Case
from chengguan.core.actors import SystemActor
from chengguan.grid import locator
from chengguan.grid.models import Cell
from chengguan.taxonomy.models import Category

from .http import Call, json_call, run_load


@dataclass
class Row:
    scenario: str
    figure: float
    unit: str
    floor: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.floor:
            return None
        return self.figure / self.floor


def _token(username: str) -> str:
    user = get_user_model().objects.get(username=username)
    return issue_token(actor=SystemActor("bench"), user=user, name="bench")[1]


def _session(username: str) -> str:
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_VERIFIED] = True  # a benchmark session stands for a staff member past the second step
    session.create()
    return session.session_key


def _points(rng: random.Random, count: int) -> list[tuple[float, float]]:
    cells = list(Cell.objects.values_list("center_lng", "center_lat")[:5000])
    return [
        (lng + rng.uniform(-0.0004, 0.0004), lat + rng.uniform(-0.0004, 0.0004))
        for lng, lat in (rng.choice(cells) for _ in range(count))
    ]


def intake(port: int, *, reports: int, levels: list[int], rng: random.Random, via: str = "") -> list[Row]:
    """POST /api/v1/cases/ at each concurrency level, as a gateway forwarding reports does (its own
    idempotency key per report, `Prefer: return=minimal`: it keeps the number, not the whole case), then
    the bare-insert floor at the same level; every acknowledged report is looked up afterwards."""
    headers = {"Authorization": f"Token {_token('intake_operator')}", "Prefer": "return=minimal"}
    codes = list(Category.objects.filter(parent__isnull=False, is_public=True).values_list("code", flat=True))
    rows = []
    for level in levels:
        run = uuid.uuid4().hex[:8]
        payloads = [
            {
                "description": "压测：路灯不亮",
                "lng": lng,
                "lat": lat,
                "category": rng.choice(codes),
                "channel": "api",
            }
            for lng, lat in _points(rng, reports)
        ]
        calls = [
            json_call("/api/v1/cases/", p, headers, key=f"bench-{run}-{i}") for i, p in enumerate(payloads)
        ]
        # Unmeasured first: every worker thread that takes a connection at this level builds its locator
        # and reference caches on its first report (a second or more at 10,000 cells), as after a restart.
        warm = 4 * level
        warm_up = run_load(port, calls[:warm], level)
        result = run_load(port, calls[warm:], level)
        acknowledged = warm_up.accepted_keys + result.accepted_keys
        stored = Case.objects.filter(intake_key__in=acknowledged).count()
        floor = run_load(
            port,
            [
                json_call("/bench/floor/insert/", {**p, "key": f"floor-{run}-{i}"}, {})
                for i, p in enumerate(payloads)
            ][warm:],
            level,
        )
        lost = len(acknowledged) - stored
        refused = {status: n for status, n in result.statuses.items() if status not in (200, 201)}
        note = f"{len(acknowledged)} acknowledged ({warm} to warm up), {stored} found afterwards"
        if via:
            note = f"through {via}; {note}"
        if refused:
            note += f"; refused {refused}"
        rows.append(
            Row(
                f"intake, {level} in flight",
                result.throughput,
                "reports/s",
                floor.throughput,
                "≥ 500/s and ≥ 50% of floor",
                result.throughput >= 500 and result.throughput >= 0.5 * floor.throughput,
                note,
            )
        )
        rows.append(
            Row(
                f"intake p99, {level} in flight",
                result.percentile(99),
                "ms",
                floor.percentile(99),
                "≤ 200 ms",
                result.percentile(99) <= 200,
                f"p50 {result.p50:.1f} ms, p95 {result.percentile(95):.1f} ms",
            )
        )
        if lost:
            rows.append(Row("LOST acknowledged reports", lost, "reports", None, "0", False))
    return rows


def reads(port: int, *, samples: int, rng: random.Random) -> list[Row]:
    """p50/p95 of the pages people wait for, one request at a time, against the hand-written SQL floors."""
    session = {"Cookie": f"sessionid={_session('dispatcher')}"}
    token = {"Authorization": f"Token {_token('dispatcher')}"}
    numbers = list(Case.objects.order_by("?").values_list("number", flat=True)[:samples])
    category_ids = dict(Category.objects.filter(parent__isnull=False).values_list("code", "pk"))
    codes = list(category_ids)
    since = quote((timezone.now() - timedelta(days=90)).isoformat())  # its "+08:00" must stay a plus
    points = _points(rng, samples)

    def bbox(lng, lat):
        return lng - 0.01, lat - 0.008, lng + 0.01, lat + 0.008

    scenarios = {
        "dispatcher's desk (page)": (
            lambda i: Call("GET", "/cases/desk/", headers=session),
            lambda i: Call("GET", "/bench/floor/sql/desk/"),
        ),
        "case list API, state + category filter": (
            lambda i: Call(
                "GET", f"/api/v1/cases/?state=closed&category={codes[i % len(codes)]}", headers=token
            ),
            lambda i: Call(
                "GET", f"/bench/floor/sql/list/?state=closed&category={category_ids[codes[i % len(codes)]]}"
            ),
        ),
        "public map markers, bounding box": (
            lambda i: Call(
                "GET", "/map/cases.geojson?bbox={:.5f},{:.5f},{:.5f},{:.5f}".format(*bbox(*points[i]))
            ),
            lambda i: Call(
                "GET",
                "/bench/floor/sql/markers/?west={:.5f}&south={:.5f}&east={:.5f}&north={:.5f}".format(
                    *bbox(*points[i])
                )
                + f"&since={since}",
            ),
        ),
        "case page with timeline": (
            lambda i: Call("GET", f"/cases/{numbers[i % len(numbers)]}/", headers=session),
            lambda i: Call("GET", f"/bench/floor/sql/case/?number={numbers[i % len(numbers)]}"),
        ),
        "GET /api/v1/grid/locate": (
            lambda i: Call("GET", "/api/v1/grid/locate?lng={:.6f}&lat={:.6f}".format(*points[i])),
            lambda i: Call("GET", "/bench/floor/sql/locate/?lng={:.6f}&lat={:.6f}".format(*points[i])),
        ),
    }
    rows = []
    for name, (real, floor) in scenarios.items():
        run_load(port, [real(i) for i in range(10)], 1, processes=1)  # warm the worker's caches
        measured = run_load(port, [real(i) for i in range(samples)], 1, processes=1)
        floored = run_load(port, [floor(i) for i in range(samples)], 1, processes=1)
        failed = samples - len(measured.latencies)
        rows.append(
            Row(
                f"{name} p95",
                measured.percentile(95),
                "ms",
                floored.percentile(95),
                "≤ 50 ms",
                measured.percentile(95) <= 50,
                f"p50 {measured.p50:.1f} ms (floor {floored.p50:.1f})"
                + (f"; {failed} failed {measured.statuses}" if failed else ""),
            )
        )
    return rows


def locator_speed(*, points: int, rng: random.Random) -> list[Row]:
    """In-process: single `locate` calls and `locate_many`, against shapely's own bulk STRtree query over
    the same prepared polygons."""
    index = locator.get_locator()
    xy = np.array(_points(rng, points))
    started = time.perf_counter()
    for lng, lat in xy.tolist():
        index.locate(lng, lat)
    single = points / (time.perf_counter() - started)
    started = time.perf_counter()
    index.locate_many(xy[:, 0], xy[:, 1])
    bulk = points / (time.perf_counter() - started)
    started = time.perf_counter()
    index.tree.query(shapely.points(xy[:, 0], xy[:, 1]), predicate="intersects")
    floor = points / (time.perf_counter() - started)
    return [
        Row("locator, single calls", single, "points/s", floor, "≥ 50,000/s", single >= 50_000),
        Row("locator, bulk", bulk, "points/s", floor, ""),
    ]


RANKING_FLOOR = """
SELECT c.department_id,
       COUNT(DISTINCT CASE WHEN e.action = 'dispatch' THEN e.case_id END),
       COUNT(DISTINCT CASE WHEN e.action = 'report_handled' THEN e.case_id END),
       COUNT(DISTINCT CASE WHEN e.action = 'report_handled' AND c.handled_at <= c.deadline
                           THEN e.case_id END),
       SUM(CASE WHEN e.action = 'verify_fail' THEN 1 ELSE 0 END),
       SUM(CASE WHEN e.action = 'approve_extension' THEN 1 ELSE 0 END)
FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id
WHERE e.at >= %s AND e.at < %s
  AND e.action IN ('dispatch', 'report_handled', 'verify_fail', 'approve_extension')
GROUP BY c.department_id
"""


def assessment_ranking() -> list[Row]:
    """A month's department ranking computed and stored as the service does it (every default indicator,
    ranks and grades, the case ids behind each figure), against one hand-written GROUP BY of the event
    counts it is built from."""
    from django.db import connection

    from chengguan.assessment import periods, services
    from chengguan.assessment.models import Subject

    period = periods.previous_month(periods.previous_month(periods.this_month()))  # a whole month of data
    started = time.perf_counter()
    snapshot = services.compute_snapshot(
        actor=SystemActor("bench"), subject=Subject.DEPARTMENT, period=period
    )
    figure = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(RANKING_FLOOR, [period.start, period.end])
        groups = cursor.fetchall()
    floor = time.perf_counter() - started
    ranked = snapshot.rows.count()
    return [
        Row(
            f"department ranking of {period.label}",
            figure,
            "s",
            floor,
            "≤ 2 s",
            figure <= 2,
            f"{ranked} departments ranked; the floor counts {len(groups)} groups (events only)",
        ),
    ]
