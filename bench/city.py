"""A synthetic city at scale: the demo district's generator for the grid (10,000+ cells), then departments,
staff and a year of cases added through bulk paths — cases with their whole timelines in a realistic mix of
channels, categories, states, reworks, send-backs, extensions and follow-ups. Deterministic for a seed."""

import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from chengguan.cases.models import Case, CaseEvent, CaseNumberCounter, FollowUp
from chengguan.cases.states import Action, Channel, State
from chengguan.demo.builder import build_demo_city
from chengguan.grid.models import Area, Cell
from chengguan.org.models import Department, DepartmentKind, Staff
from chengguan.taxonomy.models import Category, TimeLimit, TimeUnit
from chengguan.taxonomy.selectors import responsible_department

from . import rows

LOCAL = ZoneInfo("Asia/Shanghai")
CHANNELS = [
    (Channel.HOTLINE, 40),
    (Channel.PATROL, 22),
    (Channel.WEB, 12),
    (Channel.MOBILE, 14),
    (Channel.VIDEO, 6),
    (Channel.OPEN311, 4),
    (Channel.LEADER, 2),
]
SYNTHETIC_MARK = "（压测）"  # ends every generated description
TEXTS = ["路灯不亮", "井盖缺失", "占道经营", "暴露垃圾", "乱堆物料", "违章搭建", "道路破损", "绿地脏乱"]


@dataclass
class Scale:
    cells: int = 10_000
    streets: int = 12
    departments: int = 300
    staff: int = 5_000
    cases: int = 1_000_000
    days: int = 365


@dataclass
class Built:
    cases: int = 0
    events: int = 0
    follow_ups: int = 0
    seconds: dict = field(default_factory=dict)


def build_city(scale: Scale, *, seed: int = 2026, progress=print) -> Built:
    built = Built()
    started = time.monotonic()
    build_demo_city(seed=seed, streets=scale.streets, cells=scale.cells, cases=0)
    built.seconds["grid and organisation"] = time.monotonic() - started
    rng = random.Random(seed)
    with transaction.atomic():
        extra = _add_departments(scale.departments)
        _add_staff(rng, scale.staff)
    started = time.monotonic()
    built.cases, built.events, built.follow_ups = add_cases(rng, scale.cases, days=scale.days, units=extra)
    built.seconds["cases"] = time.monotonic() - started
    progress(f"  {built.cases:,} cases, {built.events:,} events, {built.follow_ups:,} follow-ups")
    started = time.monotonic()
    # As in service, where PostgreSQL's autovacuum does both (VACUUM sets the visibility map that lets
    # counts read the index alone); it cannot run in a transaction, such as a test's.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    built.seconds["statistics"] = time.monotonic() - started
    return built


def _add_departments(total: int) -> list[int]:
    """Community work stations (社区工作站) as outside departments, up to `total` departments in all."""
    missing = max(0, total - Department.objects.count())
    start = rows.next_id(Department)
    now = timezone.now()
    codes = [f"BENCH{i:04d}" for i in range(missing)]
    rows.insert(
        Department,
        [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "path",
            "sort_order",
            "is_active",
            "created_at",
            "updated_at",
        ],
        (
            (
                start + i,
                code,
                f"第{i + 1}社区工作站",
                f"工作站{i + 1}",
                DepartmentKind.EXTERNAL,
                f"/{code}/",
                900 + i,
                True,
                now,
                now,
            )
            for i, code in enumerate(codes)
        ),
    )
    rows.reset_sequence(Department)
    return list(Department.objects.filter(code__in=codes).values_list("pk", flat=True))


def _add_staff(rng: random.Random, total: int) -> None:
    missing = max(0, total - Staff.objects.count())
    departments = list(Department.objects.values_list("pk", flat=True))
    start = rows.next_id(Staff)
    now = timezone.now()
    rows.insert(
        Staff,
        [
            "id",
            "name",
            "employee_no",
            "department",
            "title",
            "phone",
            "is_active",
            "created_at",
            "updated_at",
        ],
        (
            (start + i, f"职工{i:05d}", f"BENCH{i:05d}", rng.choice(departments), "", "", True, now, now)
            for i in range(missing)
        ),
    )
    rows.reset_sequence(Staff)


@dataclass
class _Reference:
    cells: list[tuple]  # (id, community_id, street_id, center_lng, center_lat, unit department id)
    categories: list[int]
    routes: dict  # (category id, street id) → department id
    limits: dict  # category id → (hours of calendar time for the limit, amount, unit)


def _reference(rng: random.Random, units: list[int]) -> _Reference:
    cells = []
    for i, (pk, community, street, lng, lat) in enumerate(
        Cell.objects.filter(is_active=True)
        .order_by("code")
        .values_list("pk", "community_id", "community__parent_id", "center_lng", "center_lat")
    ):
        cells.append((pk, community, street, lng, lat, units[i % len(units)] if units else None))
    categories = list(Category.objects.filter(parent__isnull=False, is_active=True).select_related("parent"))
    streets = {cell[2] for cell in cells}
    areas = {area.pk: area for area in Area.objects.filter(pk__in=streets)}
    routes = {}
    for category in categories:
        for street in streets:
            department = responsible_department(category, areas[street])
            routes[category.pk, street] = department.pk if department else None
    limits = {}
    for limit in TimeLimit.objects.filter(urgency="normal"):
        hours = float(limit.amount) * (1 if limit.unit == TimeUnit.HOURS else 8)
        limits[limit.category_id] = (hours, limit.amount, limit.unit)
    return _Reference(cells, [c.pk for c in categories], routes, limits)


def _numbers_taken() -> dict:
    """{day: last sequence number used}: the demo district's modules already filed a few cases, some of
    them on past days, whose numbers the generated ones must not repeat."""
    taken = {row.day: row.last for row in CaseNumberCounter.objects.all()}
    for number in Case.objects.values_list("number", flat=True):
        day = datetime.strptime(number[:8], "%Y%m%d").date()
        taken[day] = max(taken.get(day, 0), int(number[8:]))
    return taken


def add_cases(rng: random.Random, count: int, *, days: int, units: list[int]) -> tuple[int, int, int]:
    """`count` cases reported over the `days` before today, with their timelines; returns the counts of
    cases, events and follow-ups written."""
    ref = _reference(rng, units)
    fallback = units[0] if units else Department.objects.order_by("pk").values_list("pk", flat=True).first()
    now = timezone.now()
    first_day = (now.astimezone(LOCAL) - timedelta(days=days)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    reported = sorted(first_day + timedelta(seconds=rng.uniform(0, days * 86400)) for _ in range(count))
    reported = [moment for moment in reported if moment.date() < now.astimezone(LOCAL).date()]
    case_rows, event_rows, follow_rows, counters = [], [], [], _numbers_taken()
    case_id, event_id = rows.next_id(Case), rows.next_id(CaseEvent)
    channels, weights = zip(*CHANNELS, strict=True)
    for moment in reported:
        day = moment.date()
        counters[day] = counters.get(day, 0) + 1
        cell = ref.cells[rng.randrange(len(ref.cells))]
        category = ref.categories[rng.randrange(len(ref.categories))]
        # A category no department leads in this street (and a cell with no work station) goes to a unit.
        department = ref.routes.get((category, cell[2])) or cell[5] or fallback
        if cell[5] is not None and rng.random() < 0.45:
            department = cell[5]  # the community work station takes the everyday events
        plan = _plan(rng, moment, now, ref.limits.get(category, (48.0, 2, TimeUnit.DAYS))[0])
        limit = ref.limits.get(category)
        dispatched = plan.times.get("dispatched")
        case_rows.append(
            (
                case_id,
                f"{day:%Y%m%d}{counters[day]:05d}",
                plan.state,
                rng.choices(channels, weights)[0],
                rng.choice(TEXTS) + SYNTHETIC_MARK,
                rng.choice(TEXTS),
                "",
                cell[3] + rng.uniform(-0.0004, 0.0004),
                cell[4] + rng.uniform(-0.0004, 0.0004),
                cell[0],
                cell[1],
                cell[2],
                category,
                "normal",
                department if dispatched else None,
                "",
                "",
                "",
                "",
                limit[1] if limit and dispatched else None,
                limit[2] if limit and dispatched else "",
                plan.deadline,
                "",
                "",
                plan.reworks,
                plan.send_backs,
                0,
                0,
                moment,
                plan.times.get("accepted"),
                dispatched,
                plan.times.get("handled"),
                plan.times.get("closed"),
                plan.last,
            )
        )
        for action, old, new, at in plan.events:
            event_rows.append((event_id, case_id, at, action, "", old, new, "", {}, True))
            event_id += 1
        if plan.state == State.CLOSED and rng.random() < 0.35:
            rating = rng.choices([5, 4, 3, 2, 1], [55, 25, 10, 6, 4])[0]
            closed = plan.times["closed"]
            follow_rows.append((case_id, secrets.token_hex(16), closed, rating, closed + timedelta(hours=30)))
        case_id += 1
    rows.insert(
        Case,
        [
            "id",
            "number",
            "state",
            "channel",
            "description",
            "search_text",
            "address",
            "lng",
            "lat",
            "cell",
            "community",
            "street",
            "category",
            "urgency",
            "department",
            "reporter_name",
            "reporter_phone",
            "origin_type",
            "origin_id",
            "limit_amount",
            "limit_unit",
            "deadline",
            "resume_state",
            "supervision",
            "rework_count",
            "send_back_count",
            "reopen_count",
            "support_count",
            "reported_at",
            "accepted_at",
            "dispatched_at",
            "handled_at",
            "closed_at",
            "updated_at",
        ],
        case_rows,
    )
    del case_rows
    events = rows.insert(
        CaseEvent,
        [
            "id",
            "case",
            "at",
            "action",
            "actor_name",
            "from_state",
            "to_state",
            "note",
            "changes",
            "is_public",
        ],
        event_rows,
    )
    del event_rows
    follow_ups = rows.insert(FollowUp, ["case", "token", "created_at", "rating", "answered_at"], follow_rows)
    CaseNumberCounter.objects.filter(day__in=list(counters)).delete()
    rows.insert(CaseNumberCounter, ["day", "last"], sorted(counters.items()))
    for model in (Case, CaseEvent, FollowUp):
        rows.reset_sequence(model)
    return len(reported), events, follow_ups


@dataclass
class _Plan:
    state: str = State.REPORTED
    events: list = field(default_factory=list)
    times: dict = field(default_factory=dict)
    deadline: datetime | None = None
    reworks: int = 0
    send_backs: int = 0
    last: datetime | None = None


def _plan(rng: random.Random, reported: datetime, now: datetime, limit_hours: float) -> _Plan:
    """The path a case took: how far it got depends on its age, with the usual share of rejections,
    send-backs, extensions, late handling and reworks."""
    plan = _Plan(events=[(Action.REPORT, "", State.REPORTED, reported)], last=reported)
    at = reported
    # Work in hand: the last days' cases, and a few older ones, stop somewhere along the way.
    recent = now - reported < timedelta(days=3)
    stop_after = rng.randrange(0, 8) if recent or rng.random() < 0.01 else None

    def step(action, new, hours):
        nonlocal at
        at = at + timedelta(hours=hours)
        if at >= now or (stop_after is not None and len(plan.events) > stop_after):
            return False
        plan.events.append((action, plan.state, new, at))
        plan.state, plan.last = new, at
        return True

    rejected = rng.random() < 0.04
    accept = (Action.REJECT, State.REJECTED) if rejected else (Action.ACCEPT, State.ACCEPTED)
    if not step(*accept, rng.uniform(0.05, 1)) or rejected:
        return plan
    plan.times["accepted"] = at
    if not step(Action.DISPATCH, State.DISPATCHED, rng.uniform(0.05, 0.5)):
        return plan
    plan.times["dispatched"] = at  # a case that stops here is dispatched (and has a deadline)
    limit = limit_hours * (1.4 if limit_hours >= 8 else 1.0) * (1.5 if rng.random() < 0.03 else 1.0)
    plan.deadline = at + timedelta(hours=limit)
    if rng.random() < 0.03:  # sent back as not their duty, then dispatched again
        if not step(Action.SEND_BACK, State.SENT_BACK, rng.uniform(0.5, 4)):
            return plan
        plan.send_backs = 1
        if not step(Action.DISPATCH, State.DISPATCHED, rng.uniform(0.1, 2)):
            del plan.times["dispatched"]  # back on the desk, with no department or deadline
            plan.deadline = None
            return plan
        plan.times["dispatched"] = at
        plan.deadline = at + timedelta(hours=limit)
    if not step(Action.START, State.IN_PROGRESS, rng.uniform(0.1, 2)):
        return plan
    late = rng.random() < 0.08
    rounds = 2 if rng.random() < 0.04 else 1
    for round_no in range(rounds):
        share = rng.uniform(1.05, 2.5) if late else rng.uniform(0.1, 0.9)
        if not step(Action.REPORT_HANDLED, State.HANDLED, max(0.2, limit * share / rounds)):
            return plan
        plan.times.setdefault("handled", at)
        if round_no + 1 < rounds:
            if not step(Action.VERIFY_FAIL, State.REWORK, rng.uniform(1, 8)):
                return plan
            plan.reworks += 1
            if not step(Action.START, State.IN_PROGRESS, rng.uniform(0.1, 2)):
                return plan
    if not step(Action.VERIFY_PASS, State.VERIFIED, rng.uniform(0.5, 8)):
        return plan
    if step(Action.CLOSE, State.CLOSED, rng.uniform(0.1, 2)):
        plan.times["closed"] = at
    return plan


def scale_for(cases: int) -> Scale:
    """The large city's shape, smaller grids for the quick pass."""
    if cases >= 1_000_000:
        return Scale(cases=cases)
    cells = 10_000 if cases >= 100_000 else 2_000
    return Scale(cells=cells, departments=300, staff=5_000 if cases >= 100_000 else 1_000, cases=cases)
