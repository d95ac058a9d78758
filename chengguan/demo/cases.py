"""Demo cases: a few hundred cases in every state of the lifecycle, deterministic for a seed, each built
through the real services (`chengguan.cases.services`) so its timeline is true.

The demo accounts act (intake operator, dispatcher, shift lead, inspector); department steps are taken
by a handler of the case's department: the demo log-in where the department has one, otherwise a log-in
`h-<department code>` with no usable password, linked to one of its handlers (created when it has none).
The clock is set back for every step (django.utils.timezone.now patched, here only), so the cases spread
over the last 60 days; supervision (督办) runs three times each working day of that span and once at the
end. Notifications of the simulated past are not sent (they would all arrive at once, today); those of
the final supervision run are."""

import io
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from PIL import Image

from chengguan.cases import deadlines, services, supervision
from chengguan.cases.models import Case, CaseNumberCounter, FollowUp
from chengguan.cases.services.intake import PUBLIC_CHANNELS
from chengguan.cases.states import Channel, State
from chengguan.core import notify, worktime
from chengguan.grid import locator
from chengguan.grid.models import Cell
from chengguan.org.models import Department
from chengguan.taxonomy.models import Category, Urgency

from . import case_texts as texts
from .case_plans import WINDOW_DAYS, Planner, Step, allocate
from .handlers import delete_handler_logins, handler_user
from .layout import DISTRICT_CODE
from .names import mobile, person_name
from .org import demo_department_queryset

DEFAULT_CASES = 400
INTAKE_KEY_PREFIX = "demo-"
SUPERVISION_TIMES = ((9, 0), (11, 30), (16, 0))
CHANNELS = (
    (Channel.HOTLINE, 34),
    (Channel.MOBILE, 20),
    (Channel.PATROL, 20),
    (Channel.WEB, 10),
    (Channel.VIDEO, 5),
    (Channel.OPEN311, 5),
    (Channel.LEADER, 3),
    (Channel.MEDIA, 3),
)
CITIZEN_CHANNELS = {Channel.HOTLINE, Channel.MOBILE, Channel.WEB, Channel.OPEN311}
URGENCIES = ((Urgency.NORMAL, 88), (Urgency.URGENT, 9), (Urgency.CRITICAL, 3))
PHONE_PREFIXES = ("139", "138", "137", "135", "150", "152", "158", "180", "186", "189", "199")


@dataclass
class DemoCases:
    """What the demo case build made."""

    by_state: dict[str, int]
    marks: dict[str, int]
    handler_logins: int
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(self.by_state.values())

    def lines(self) -> list[str]:
        states = ", ".join(f"{state} {self.by_state.get(state, 0)}" for state in State.values)
        marks = ", ".join(
            f"{level} {self.marks.get(level, 0)}" for level in supervision.Level.values if level
        )
        lines = [
            f"{self.count} cases ({states})",
            f"supervision marks: {marks}; {self.handler_logins} department handler log-ins (h-…) for "
            f"department steps; cases built in {self.seconds:.1f} s",
        ]
        if self.failures:
            lines.append(f"{len(self.failures)} case steps failed: {'; '.join(self.failures[:3])}")
        return lines


@dataclass
class CasePlan:
    index: int
    scenario: str
    report: dict
    steps: list[Step]
    case_id: int | None = None
    department_id: int | None = None
    failed: bool = False


class _Clock:
    """Stands in for django.utils.timezone.now while the past is replayed."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at


def build_demo_cases(*, seed: int, count: int = DEFAULT_CASES, now: datetime | None = None) -> DemoCases:
    """Create `count` demo cases (see the module's docstring). Call after the demo city is built."""
    started = time.monotonic()
    now = now or timezone.now()
    locator.reset()  # the cells were just written in this transaction: never use a locator from before
    world = _World.load()
    rng = random.Random(f"{seed}:cases")
    scenarios = allocate(count)
    rng.shuffle(scenarios)
    plans = [_plan(rng, index, scenario, world, now) for index, scenario in enumerate(scenarios)]
    queue = [(step.at, 1, plan.index, n, plan, step) for plan in plans for n, step in enumerate(plan.steps)]
    queue += [(at, 0, -1, 0, None, None) for at in _supervision_times(now)]
    queue.sort(key=lambda item: item[:4])
    runner = _Runner(world, seed)
    clock = _Clock(now)
    connection = transaction.get_connection()
    queued = len(connection.run_on_commit)
    with (
        mock.patch("django.utils.timezone.now", new=clock.now),
        mock.patch.object(notify, "notify_users", return_value=0),  # when the steps commit one by one
        mock.patch.object(notify, "notify_phone", return_value=False),
    ):
        for at, _kind, _index, number, plan, step in queue:
            clock.at = at
            if plan is None:
                supervision.supervise(now=at)
            elif not plan.failed:
                runner.run(plan, number, step)
    if connection.in_atomic_block:
        # Inside the city's transaction the steps' after-commit work (notifications about the simulated
        # past) waits in the connection's on-commit list, where TestCase.captureOnCommitCallbacks finds it
        # too: drop it.
        del connection.run_on_commit[queued:]
    supervision.supervise(now=now)  # the board's marks as of now, with real notifications
    summary = _summary(seed, runner)
    summary.seconds = time.monotonic() - started
    return summary


def _summary(seed: int, runner: "_Runner") -> DemoCases:
    cases = Case.objects.filter(intake_key__startswith=f"{INTAKE_KEY_PREFIX}{seed}-")
    by_state = dict(cases.order_by().values_list("state").annotate(n=Count("id")))
    marks = dict(cases.exclude(supervision="").order_by().values_list("supervision").annotate(n=Count("id")))
    return DemoCases(by_state=by_state, marks=marks, handler_logins=runner.created, failures=runner.failures)


def _supervision_times(now: datetime) -> list[datetime]:
    tz = timezone.get_default_timezone()
    day, last = (now - timedelta(days=WINDOW_DAYS)).astimezone(tz).date(), now.astimezone(tz).date()
    times = []
    while day <= last:
        if worktime.is_workday(day):
            times += [datetime(day.year, day.month, day.day, h, m, tzinfo=tz) for h, m in SUPERVISION_TIMES]
        day += timedelta(days=1)
    return [at for at in times if at < now]


@dataclass
class _World:
    """What the cases are made of: the demo accounts, cells, categories and their time limits."""

    users: dict
    cells: list
    categories: list
    weights: list
    departments: dict
    limits: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> "_World":
        names = ("intake_operator", "dispatcher", "shift_lead", "inspector")
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        missing = sorted(set(names) - set(users))
        if missing:
            raise RuntimeError(
                f"the demo log-ins {', '.join(missing)} are missing: build the demo city first"
            )
        cells = list(
            Cell.objects.filter(community__parent__parent__code=DISTRICT_CODE, is_active=True)
            .select_related("community__parent")
            .order_by("code")
        )
        if not cells:
            raise RuntimeError("the demo district has no cells: build the demo city first")
        by_code = texts.templates_by_code()
        categories = list(Category.objects.filter(parent__isnull=False, is_active=True).order_by("code"))
        weights = [by_code[c.code][0] * 4 if c.code in by_code else 0.4 for c in categories]
        departments = {d.code: d for d in demo_department_queryset()}
        return cls(users, cells, categories, weights, departments)

    def limit(self, category: Category, urgency: str) -> tuple:
        key = (category.pk, urgency)
        if key not in self.limits:
            amount, unit = deadlines.limit_for(Case(category=category, urgency=urgency))
            hours = deadlines.limit_hours(Case(limit_amount=amount, limit_unit=unit))
            self.limits[key] = ((amount, unit), hours)
        return self.limits[key]


def _choose(rng: random.Random, table) -> str:
    return rng.choices([key for key, _ in table], weights=[weight for _, weight in table])[0]


def _plan(rng: random.Random, index: int, scenario: str, world: _World, now: datetime) -> CasePlan:
    category = rng.choices(world.categories, weights=world.weights)[0]
    urgency, channel = _choose(rng, URGENCIES), _choose(rng, CHANNELS)
    cell = rng.choice(world.cells)
    width, height = cell.max_lng - cell.min_lng, cell.max_lat - cell.min_lat
    lng = cell.min_lng + width * rng.uniform(0.1, 0.9)
    lat = cell.min_lat + height * rng.uniform(0.1, 0.9)
    words = texts.place_words(rng, cell.community.name)
    name = phone = ""
    if channel in CITIZEN_CHANNELS and rng.random() < 0.85:
        name = person_name(rng)
        phone = mobile(rng, rng.choice(PHONE_PREFIXES)) if rng.random() < 0.92 else ""
    limit, hours = world.limit(category, urgency)
    steps = Planner(rng, now, hours, limit, has_phone=bool(phone)).plan(scenario)
    report = {
        "description": texts.describe(rng, category.code, category.name, words),
        "channel": channel,
        "lng": round(lng, 7),
        "lat": round(lat, 7),
        "address": texts.address(words, cell.community.parent.name),
        "category": category,
        "urgency": urgency,
        "reporter_name": name,
        "reporter_phone": phone,
    }
    return CasePlan(index, scenario, report, steps)


class _Runner:
    """Carries out plan steps through the services, as the right person."""

    def __init__(self, world: _World, seed: int):
        self.world, self.seed = world, seed
        self.users = world.users
        self.handlers: dict[int, object] = {}
        self.created = 0
        self.failures: list[str] = []

    def run(self, plan: CasePlan, number: int, step: Step) -> None:
        rng = random.Random(f"{self.seed}:{plan.index}:{number}")  # for the step's notes and reasons
        try:
            getattr(self, f"_{step.name}")(plan, rng, **step.args)
        except Exception as exc:  # a demo case that cannot go on stops; the build goes on
            plan.failed = True
            self.failures.append(f"case {plan.index} ({plan.scenario}) at {step.name}: {exc}")

    def _report(self, plan, rng):
        channel = plan.report["channel"]
        if channel in (Channel.PATROL, Channel.VIDEO):
            actor = self.users["inspector"]
        elif channel in PUBLIC_CHANNELS:
            actor = AnonymousUser()  # a citizen reporting on their own
        else:  # the hotline, leaders' instructions, the media…: entered by an intake operator
            actor = self.users["intake_operator"]
        key = f"{INTAKE_KEY_PREFIX}{self.seed}-{plan.index:05d}"
        plan.case_id = services.report_case(**plan.report, intake_key=key, actor=actor).case.pk

    def _accept(self, plan, rng):
        citizen = plan.report["channel"] in CITIZEN_CHANNELS
        actor = self.users["intake_operator" if citizen else "dispatcher"]
        services.accept_case(case_id=plan.case_id, actor=actor)

    def _reject(self, plan, rng):
        services.reject_case(
            case_id=plan.case_id, actor=self.users["intake_operator"], reason=rng.choice(texts.REJECT_REASONS)
        )

    def _dispatch(self, plan, rng, other: bool = False):
        department = self._other_department(plan) if other else None
        case = services.dispatch_case(
            case_id=plan.case_id, actor=self.users["dispatcher"], department=department
        )
        plan.department_id = case.department_id

    def _start(self, plan, rng):
        services.start_handling(case_id=plan.case_id, actor=self._handler(plan))

    def _handled(self, plan, rng):
        category = plan.report["category"]
        note = texts.handled_note(rng, category.code, category.name)
        photos = [_after_photo(rng)] if category.after_photo_required else []  # the category demands one
        services.report_handled(case_id=plan.case_id, actor=self._handler(plan), note=note, photos=photos)

    def _verify(self, plan, rng, passed: bool):
        note = "" if passed else rng.choice(texts.VERIFY_FAIL_NOTES)
        services.verify_case(case_id=plan.case_id, actor=self.users["inspector"], passed=passed, note=note)

    def _close(self, plan, rng):
        services.close_case(case_id=plan.case_id, actor=self.users["intake_operator"])

    def _send_back(self, plan, rng):
        reason = rng.choice(texts.SEND_BACK_REASONS)
        services.send_back_case(case_id=plan.case_id, actor=self._handler(plan), reason=reason)

    def _extension(self, plan, rng, days: int):
        reason = rng.choice(texts.EXTENSION_REASONS)
        services.request_extension(
            case_id=plan.case_id, actor=self._handler(plan), working_days=days, reason=reason
        )

    def _suspension(self, plan, rng):
        reason = rng.choice(texts.SUSPENSION_REASONS)
        services.request_suspension(case_id=plan.case_id, actor=self._handler(plan), reason=reason)

    def _decide(self, plan, rng, approve: bool):
        note = "" if approve else rng.choice(texts.REFUSE_NOTES)
        services.decide_request(
            case_id=plan.case_id, actor=self.users["shift_lead"], approve=approve, note=note
        )

    def _resume(self, plan, rng):
        services.resume_case(case_id=plan.case_id, actor=self.users["dispatcher"])

    def _answer(self, plan, rng, rating: int, persists: bool):
        follow_up = FollowUp.objects.filter(case_id=plan.case_id, answered_at__isnull=True).first()
        if follow_up is None:
            raise RuntimeError("no follow-up waiting for an answer")
        comment = rng.choice(texts.FOLLOW_UP_COMMENTS[rating])
        services.answer_follow_up(
            token=follow_up.token,
            actor=AnonymousUser(),  # the reporter, through the private link
            rating=rating,
            comment=comment,
            problem_persists=persists,
        )

    def _reopen(self, plan, rng):
        reason = rng.choice(texts.REOPEN_REASONS)
        services.reopen_case(case_id=plan.case_id, actor=self.users["dispatcher"], reason=reason)

    def _other_department(self, plan) -> Department:
        """Where a sent-back case goes instead: its street's office (属地), else a bureau section."""
        case = Case.objects.select_related("street").get(pk=plan.case_id)
        candidates = [f"JD-{case.street.code}"] if case.street_id else []
        for code in (*candidates, "CGJ-SRHW", "CGJ-SZGY"):
            department = self.world.departments.get(code)
            if department is not None and department.pk != plan.department_id:
                return department
        raise RuntimeError("no other department to dispatch to")

    def _handler(self, plan):
        if plan.department_id not in self.handlers:
            department = Department.objects.get(pk=plan.department_id)
            user, created = handler_user(department, seed=self.seed)
            self.handlers[plan.department_id] = user
            self.created += created
        return self.handlers[plan.department_id]


def delete_demo_cases() -> int:
    """Delete every case in the demo district or held by a demo department (with their timelines,
    requests, follow-ups and notices), the day counters they used, and the `h-…` handler log-ins.
    Returns the number of cases deleted."""
    departments = demo_department_queryset()
    cases = Case.objects.filter(
        Q(intake_key__startswith=INTAKE_KEY_PREFIX)
        | Q(street__code__startswith=DISTRICT_CODE)
        | Q(community__code__startswith=DISTRICT_CODE)
        | Q(cell__code__startswith=DISTRICT_CODE)
        | Q(department__in=departments)
    )
    days = {number[:8] for number in cases.values_list("number", flat=True)}  # numbers begin with the day
    count = cases.count()
    cases.delete()
    unused = [day for day in days if not Case.objects.filter(number__startswith=day).exists()]
    CaseNumberCounter.objects.filter(
        day__in=[datetime.strptime(day, "%Y%m%d").date() for day in unused]
    ).delete()
    delete_handler_logins(departments.values_list("code", flat=True))
    return count


def _after_photo(rng) -> SimpleUploadedFile:
    """A small plain picture standing in for the handler's photo after handling."""
    buffer = io.BytesIO()
    colour = (rng.randrange(60, 200), rng.randrange(60, 200), rng.randrange(60, 200))
    Image.new("RGB", (320, 240), colour).save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile("after.jpg", buffer.getvalue(), content_type="image/jpeg")
