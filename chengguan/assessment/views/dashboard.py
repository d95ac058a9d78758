"""The leaders' dashboard: this month so far and last month, the ranking with grades, 12-month trends,
the heat map of cases by cell, top categories and hot spots, overdue by department — all filtered by area
and category (htmx swaps the body in place). Every member of staff opens it and sees their own standing;
the case figures are those of the cases they may see."""

from dataclasses import replace

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chengguan.org import rules as org_rules

from .. import periods, rules, selectors
from ..models import STAFF_SUBJECTS, Subject
from . import measures, tables
from .common import filter_choices, parse_filters, viewer_required


def _bar(names, values, colour, name) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "inverse": True, "data": names},
        "series": [
            {"type": "bar", "name": name, "data": values, "barMaxWidth": 22, "itemStyle": {"color": colour}}
        ],
    }


def _trend_chart(trend: dict) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": trend["labels"]},
        "yAxis": [
            {"type": "value", "minInterval": 1},
            {
                "type": "value",
                "min": 0,
                "max": 100,
                "axisLabel": {"formatter": "{value}%"},
                "splitLine": {"show": False},
            },
        ],
        "series": [
            {"type": "bar", "name": _("filed"), "data": trend["filed"], "barMaxWidth": 18},
            {"type": "bar", "name": _("closed"), "data": trend["closed"], "barMaxWidth": 18},
            {
                "type": "line",
                "name": _("handled on time (%)"),
                "yAxisIndex": 1,
                "data": trend["ontime_rate"],
                "smooth": True,
                "connectNulls": True,
            },
        ],
    }


def own_standing(user, period) -> list[dict]:
    """The user's own rows this month: their row in their role's ranking and, for roles that do not see
    every ranking, their department's (and the units' under it)."""
    staff = org_rules.staff_of(user)
    if staff is None:
        return []
    subjects = [s for s in STAFF_SUBJECTS if staff.has_role(s)]
    if not rules.sees_everything(user):
        subjects.insert(0, Subject.DEPARTMENT)
    standing = []
    for subject in subjects:
        rows = selectors.live_rows(user, subject, period)
        total = sum(1 for row in rows if row.rank is not None) if subject != Subject.DEPARTMENT else None
        for row in rows:
            if subject != Subject.DEPARTMENT and row.subject_id != str(user.pk):
                continue
            standing.append(
                {
                    "subject": Subject(subject).label,
                    "name": row.subject_name,
                    "score": row.score,
                    "grade": row.grade,
                    "rank": row.rank,
                    "of": total,
                }
            )
    return standing


@viewer_required
def dashboard(request):
    filters = parse_filters(request)
    user = request.user
    last = periods.previous_month(periods.this_month())
    case_filter = filters.case_filter
    ranking = tables.ranking(user, filters)
    streets = tables.ranking(user, replace(filters, subject=Subject.STREET, area=None))
    by_category = selectors.top_categories(user, filters.period, case_filter)
    overdue = selectors.overdue_by_department(user, case_filter)
    hot_spots = selectors.cases_by_cell(user, filters.period, case_filter, limit=10)
    context = {
        "filters": filters,
        "choices": filter_choices(),
        "this_month": selectors.overview(user, periods.this_month(), case_filter),
        "last_month": selectors.overview(user, last, case_filter),
        "last_label": last.label,
        "ranking": ranking,
        "street_ranking": streets,
        "score_chart": tables.score_chart(ranking),
        "trend_chart": _trend_chart(selectors.monthly_trend(user, periods.last_months(12), case_filter)),
        "category_chart": _bar(
            [row["category__name"] for row in by_category],
            [row["n"] for row in by_category],
            "#2563eb",
            _("cases"),
        ),
        "overdue_chart": _bar(
            [row["department__name"] for row in overdue],
            [row["n"] for row in overdue],
            "#c2410c",
            _("overdue"),
        ),
        "hot_spots": hot_spots,
        "standing": own_standing(user, periods.this_month()),
        "heat_url": f"{request.path}heat/?{filters.query}",
        **measures.dashboard_context(filters),
    }
    template = (
        "assessment/_dashboard_body.html"
        if request.headers.get("HX-Request")
        else "assessment/dashboard.html"
    )
    return render(request, template, context, status=filters.status)


@viewer_required
def heat(request):
    """Cases per grid cell in the period (centre points and counts) for the heat map."""
    filters = parse_filters(request)
    if filters.error:
        return JsonResponse({"error": filters.error}, status=400)
    cells = selectors.cases_by_cell(request.user, filters.period, filters.case_filter)
    return JsonResponse(
        {
            "cells": [
                {
                    "code": c["cell__code"],
                    "lng": c["cell__center_lng"],
                    "lat": c["cell__center_lat"],
                    "n": c["n"],
                    "community": c["community__name"] or "",
                }
                for c in cells
            ]
        }
    )
