"""The supervision board: how many cases are due soon, overdue, sent back, in rework, waiting for a
decision on a request, or suspended, with short lists, decisions and resumption in place (htmx), and the
open and overdue cases per department (a bar chart and a table)."""

from datetime import timedelta

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, selectors, supervision
from ..states import WITH_DEPARTMENT, State, SupervisionLevel
from . import registry
from .common import BOARD_ROLES, role_required, row_done, row_item, working_time_label

LIST_LIMIT = 20
DUE_SOON_HORIZON = timedelta(days=10)  # wall-clock days ahead that may still hold a "due soon" case
BOARD_ACTIONS = ("decide_request", "resume")
CHART_DEPARTMENTS = 15


def _with_remaining(cases, now) -> list:
    cases = list(cases)
    for case in cases:
        case.remaining_label = working_time_label(deadlines.remaining_hours(case, now=now))
    return cases


def _due_soon(open_cases, now) -> list:
    candidates = open_cases.filter(deadline__gte=now, deadline__lt=now + DUE_SOON_HORIZON).order_by(
        "deadline"
    )
    return [case for case in candidates[:500] if supervision.level_at(case, now) == SupervisionLevel.DUE_SOON]


def _row(request, case, *, bound=None) -> dict:
    names = [name for name in registry.available_actions(case, request.user) if name in BOARD_ACTIONS]
    return {
        "case": case,
        "pending": selectors.pending_request(case),
        "forms": registry.action_forms(case, request, names, bound=bound),
        "target": f"row-{case.number}",
    }


def _chart(rows: list[dict]) -> dict:
    rows = [row for row in rows if row["overdue"]][:CHART_DEPARTMENTS]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "inverse": True, "data": [row["department__name"] for row in rows]},
        "series": [
            {
                "type": "bar",
                "name": _("overdue"),
                "data": [row["overdue"] for row in rows],
                "itemStyle": {"color": "#c2410c"},
            }
        ],
    }


@role_required(*BOARD_ROLES)
def board(request):
    now = timezone.now()
    visible = selectors.visible_cases(request.user)
    open_cases = visible.filter(state__in=WITH_DEPARTMENT)
    overdue = open_cases.filter(deadline__lt=now).order_by("deadline")
    due_soon = _due_soon(open_cases, now)
    sent_back = visible.filter(state=State.SENT_BACK).order_by("updated_at")
    rework = visible.filter(state=State.REWORK).order_by("deadline")
    pending = selectors.pending_requests(visible)
    suspended = selectors.cases_waiting(visible.filter(state=State.SUSPENDED).order_by("updated_at"))
    by_department = selectors.counts_by_department(open_cases, now)
    list_url = reverse("cases:list")
    context = {
        "counts": {
            "due_soon": len(due_soon),
            "overdue": overdue.count(),
            "sent_back": sent_back.count(),
            "rework": rework.count(),
            "pending": pending.count(),
            "suspended": suspended.count(),
        },
        "due_soon": _with_remaining(due_soon[:LIST_LIMIT], now),
        "overdue": _with_remaining(overdue[:LIST_LIMIT], now),
        "sent_back": list(sent_back[:LIST_LIMIT]),
        "rework": _with_remaining(rework[:LIST_LIMIT], now),
        "pending_rows": [_row(request, item.case) for item in selectors.with_own_case(pending[:LIST_LIMIT])],
        "suspended_rows": [_row(request, case) for case in suspended[:LIST_LIMIT]],
        "by_department": by_department,
        "chart": _chart(by_department),
        "links": {
            "overdue": f"{list_url}?overdue=1&sort=deadline",
            "due_soon": f"{list_url}?supervision=due_soon&sort=deadline",
            "sent_back": f"{list_url}?state=sent_back",
            "rework": f"{list_url}?state=rework&sort=deadline",
            "suspended": f"{list_url}?state=suspended",
        },
        "next_url": request.get_full_path(),
    }
    return render(request, "cases/board.html", context)


def render_row(request, case, *, bound=None, notice: str = "", refusal: str = "", back: str = ""):
    fresh = selectors.case_for(request.user, case.number)
    row = _row(request, fresh, bound=bound) if fresh is not None else None
    if row is None or not (row["pending"] or fresh.state == State.SUSPENDED):
        return row_done(request, case, notice=notice or refusal, visible=bool(fresh))
    return row_item(request, "cases/_board_item.html", row, notice=notice, refusal=refusal, back=back)
