"""What the home page shows: the city at a glance for everyone, and for staff their workbench (我的工作台):
what is waiting for them, what is due today, what is overdue and what they did last, each linked to the
page where it is handled."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chengguan.cases import selectors as cases
from chengguan.cases.models import CaseEvent
from chengguan.cases.states import OPEN
from chengguan.grid.models import Area, AreaLevel, Cell
from chengguan.org.models import Department, Staff
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy.models import Category

ROWS = 5  # cases shown per list on the workbench; the link opens the whole list
RECENT = 8  # own recent actions shown


@dataclass(frozen=True)
class Duty:
    """A work list of the cases: the roles that work from it, its page, and its cases for a user."""

    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    cases: object  # (user, now) -> QuerySet[Case]


def _overdue_everywhere(user, now):
    return cases.visible_cases(user).filter(state__in=OPEN, deadline__lt=now).order_by("deadline", "id")


DUTIES = [
    Duty(
        "desk",
        _("To accept or dispatch"),
        "cases:desk",
        frozenset({R.DISPATCHER, R.SHIFT_LEAD, R.INTAKE_OPERATOR}),
        lambda user, now: cases.desk_cases(user),
    ),
    Duty(
        "inbox",
        _("To handle in my department"),
        "cases:inbox",
        frozenset({R.HANDLER, R.ENFORCEMENT_OFFICER}),
        lambda user, now: cases.inbox_cases(user),
    ),
    Duty(
        "verify",
        _("To verify on site"),
        "cases:verify",
        frozenset({R.INSPECTOR, R.SHIFT_LEAD}),
        lambda user, now: cases.verify_cases(user),
    ),
    Duty("board", _("Overdue cases to supervise"), "cases:board", frozenset({R.LEADER}), _overdue_everywhere),
]


@dataclass
class DutyView:
    duty: Duty
    url: str
    total: int = 0
    due_today: int = 0
    overdue: int = 0
    row_ids: list = field(default_factory=list)
    rows: list = field(default_factory=list)


def _end_of_today(now: datetime) -> datetime:
    today = timezone.localtime(now).date()
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def workbench(user, staff, *, now: datetime | None = None) -> dict:
    """The workbench of a staff member: per work list of their roles, how many cases wait, how many are
    due today and overdue, and the first ROWS of each (waiting, due today, overdue), then their RECENT
    own actions. A fixed number of queries: three per work list, one for all the rows, one for the
    actions."""
    now = now or timezone.now()
    end = _end_of_today(now)
    roles = staff.role_codes() if staff is not None else set()
    views, wanted = [], {}
    due_today_ids: list[int] = []
    overdue_ids: list[int] = []
    for duty in DUTIES:
        if not roles & duty.roles:
            continue
        qs = duty.cases(user, now)
        view = DutyView(duty, reverse(duty.url_name))
        counts = qs.order_by().aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(deadline__lt=now)),
            due_today=Count("pk", filter=Q(deadline__gte=now, deadline__lt=end)),
        )
        view.total, view.overdue, view.due_today = counts["total"], counts["overdue"], counts["due_today"]
        view.row_ids = list(qs.values_list("pk", flat=True)[:ROWS])
        urgent = qs.filter(deadline__lt=end).order_by("deadline", "id").values_list("pk", "deadline")
        for pk, deadline in urgent[: ROWS * 2]:
            (overdue_ids if deadline < now else due_today_ids).append(pk)
            wanted.setdefault(pk, view)
        for pk in view.row_ids:
            wanted.setdefault(pk, view)
        views.append(view)
    found = {}
    if wanted:
        rows = cases.visible_cases(user).filter(pk__in=list(wanted)).order_by()
        found = {case.pk: case for case in rows}
    for view in views:
        view.rows = [found[pk] for pk in view.row_ids if pk in found]

    def handled_where(ids):
        return [
            {"case": found[pk], "url": wanted[pk].url, "label": wanted[pk].duty.label}
            for pk in dict.fromkeys(ids)
            if pk in found
        ][:ROWS]

    recent = (
        CaseEvent.objects.filter(actor=user)
        .select_related("case")
        .only("action", "at", "note", "case__number", "case__description", "case__state")
        .order_by("-at", "-id")[:RECENT]
    )
    return {
        "duties": views,
        "due_today": handled_where(due_today_ids),
        "overdue": handled_where(overdue_ids),
        "recent": list(recent),
        "now": now,
    }


def home_context(user) -> dict:
    levels = dict(Area.objects.values_list("level").annotate(n=Count("id")))
    context = {
        "counts": {
            "streets": levels.get(AreaLevel.STREET, 0),
            "communities": levels.get(AreaLevel.COMMUNITY, 0),
            "cells": Cell.objects.filter(is_active=True).count(),
            "categories": Category.objects.minors().filter(is_active=True).count(),
            "departments": Department.objects.active().count(),
        },
        "district": Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code").first(),
    }
    if user.is_authenticated:
        staff = Staff.objects.select_related("department").prefetch_related("roles").filter(user=user).first()
        context["staff"] = staff
        if staff is not None:
            context["workbench"] = workbench(user, staff)
    return context
