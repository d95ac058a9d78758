"""Ranking tables for the pages: one structure for live figures and for snapshot rows, every figure
carrying the link to the cases it counts."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from .. import scoring, selectors
from ..models import Snapshot
from .common import Filters, display, pct

GRADE_COLOURS = {
    "A": "#15803d",
    "B": "#2563eb",
    "C": "#ca8a04",
    "D": "#c2410c",
    "E": "#b91c1c",
    "": "#9ca3af",
}


def ranking(user, filters: Filters, *, use_snapshot: bool = True) -> dict:
    """The ranking of filters.subject for filters.period: the published snapshot when there is one and no
    area/category filter narrows it, else live figures."""
    snapshot = None
    if use_snapshot and not filters.case_filter:
        snapshot = selectors.snapshot_for(filters.subject, filters.period)
    if snapshot is not None:
        indicators = snapshot.definitions
        rows = list(selectors.snapshot_rows(user, snapshot))

        def url(row, count):
            return reverse("assessment:drill", args=[row.pk, count])

    else:
        indicators = scoring.definition_data(scoring.definitions(filters.subject))
        rows = selectors.live_rows(user, filters.subject, filters.period, case_filter=filters.case_filter)

        def url(row, count):
            query = urlencode({"id": row.subject_id, "count": count})
            return f"{reverse('assessment:drill_live')}?{filters.query}&{query}"

    shown = [i for i in indicators if not i["is_score"]]
    composite = next((i for i in indicators if i["is_score"]), None)
    period = filters.period.label
    table = []
    for row in rows:
        why = scoring.explain(indicators, row.counts, row.values)
        cells = []
        for indicator in shown:
            count = indicator.get("drill_count") or ""
            cells.append(
                {
                    **figure(row.values.get(indicator["code"]), indicator, why[indicator["code"]], period),
                    "url": url(row, count) if count and row.counts.get(count) else "",
                }
            )
        score = figure(row.score, composite, why[composite["code"]], period) if composite else None
        no_cases = bool(score and score["no_cases"])
        table.append(
            {
                "subject_id": row.subject_id,
                "name": row.subject_name,
                "rank": None if no_cases else row.rank,
                "score": score["text"] if score else display(row.score, "score"),
                "score_why": score,
                "raw_score": row.score,
                "grade": "" if no_cases else row.grade,
                "no_cases": no_cases,
                "cells": cells,
                "counts": row.counts,
            }
        )
    return {"snapshot": snapshot, "header": [i["name"] for i in shown], "rows": table}


def _number(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rate":
        return pct(value)
    if unit == "score":
        return f"{value:.1f}"
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else str(int(value))


def figure(value, indicator: dict, why: dict, period: str) -> dict:
    """One figure for the table: its text ("no cases" when there was nothing to measure, never a 0% or a
    100% made of nothing) and what lies behind it: formula, the figures it uses, numerator and
    denominator, period."""
    # A figure without a value always comes from a zero denominator: nothing to measure in the period.
    no_cases = (why["no_cases"] or value is None) and indicator["unit"] != "count"
    return {
        "text": _("no cases") if no_cases else display(value, indicator["unit"]),
        "no_cases": no_cases,
        "name": indicator["name"],
        "formula": why["formula"],
        "expression": why["expression"],
        "figures": [{"label": f["label"], "text": _number(f["value"], f["unit"])} for f in why["figures"]],
        "is_ratio": why["is_ratio"],
        "numerator": _number(why["numerator"], "count"),
        "denominator": _number(why["denominator"], "count"),
        "period": period,
    }


def score_chart(table: dict, limit: int = 20) -> dict:
    rows = [row for row in table["rows"] if row["raw_score"] is not None][:limit]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "min": 0, "max": 100},
        "yAxis": {"type": "category", "inverse": True, "data": [row["name"] for row in rows]},
        "series": [
            {
                "type": "bar",
                "name": "score",
                "barMaxWidth": 22,
                "label": {"show": True, "position": "right"},
                "data": [
                    {"value": round(row["raw_score"], 1), "itemStyle": {"color": GRADE_COLOURS[row["grade"]]}}
                    for row in rows
                ],
            }
        ],
    }


def chart_height(rows: int) -> str:
    return f"{min(max(120, 60 + 26 * rows), 640)}px"


def snapshot_label(snapshot: Snapshot | None) -> dict | None:
    if snapshot is None:
        return None
    return {"version": snapshot.version, "computed_at": snapshot.computed_at, "pk": snapshot.pk}
