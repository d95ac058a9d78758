"""Ranking tables for the pages: one structure for live figures and for snapshot rows, every figure
carrying the link to the cases it counts."""

from urllib.parse import urlencode

from django.urls import reverse

from .. import scoring, selectors
from ..models import Snapshot
from .common import Filters, display

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
    table = []
    for row in rows:
        cells = []
        for indicator in shown:
            count = indicator.get("drill_count") or ""
            cells.append(
                {
                    "text": display(row.values.get(indicator["code"]), indicator["unit"]),
                    "url": url(row, count) if count and row.counts.get(count) else "",
                }
            )
        table.append(
            {
                "subject_id": row.subject_id,
                "name": row.subject_name,
                "rank": row.rank,
                "score": display(row.score, "score"),
                "raw_score": row.score,
                "grade": row.grade,
                "cells": cells,
                "counts": row.counts,
            }
        )
    return {"snapshot": snapshot, "header": [i["name"] for i in shown], "rows": table}


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
