"""The seeds' own measures on the dashboard (两率一度, lighting, officers per 10,000 residents, 721) and the
drill-down to what each count counts: cases, follow-ups, ballots, officers, lamps, residents, records."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import counts, measures, rules, selectors
from .common import display, forbidden, parse_filters, viewer_required

PAGE_SIZE = 50
# Counts whose items only roles that see the whole bureau may list (staff, ballots, enforcement records).
BUREAU_WIDE = {
    "officers",
    "ballots",
    "voters",
    "eligible_voters",
    "awareness_answers",
    "aware",
    "enforcement_records",
}
WORK_KINDS = ("service", "management", "enforcement")


def _kind_names() -> dict[str, str]:
    return {"service": _("service"), "management": _("management"), "enforcement": _("enforcement")}


def mix_chart(rows: list[dict]) -> dict:
    """The 721 mix: the actions of each kind against the 70/20/10 target."""
    by_code = {row["code"]: row for row in rows}
    figures = {}
    for row in rows:
        figures.update(row["counts"])
    if not any(
        figures.get(name)
        for name in ("service_cases", "management_cases", "enforcement_cases", "enforcement_records")
    ):
        return {}
    values = {
        "service": figures.get("service_cases", 0),
        "management": figures.get("management_cases", 0),
        "enforcement": figures.get("enforcement_cases", 0) + figures.get("enforcement_records", 0),
    }
    names = _kind_names()
    targets = {k: by_code.get(f"{k}_share", {}).get("target") for k in WORK_KINDS}
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
        "legend": {"bottom": 0},
        "color": ["#16a34a", "#2563eb", "#c2410c"],
        "series": [
            {
                "type": "pie",
                "name": _("actions"),
                "radius": ["35%", "65%"],
                "data": [{"name": names[k], "value": values[k]} for k in WORK_KINDS],
                "label": {"formatter": "{b} {d}%"},
            },
            {
                "type": "pie",
                "name": _("target"),
                "radius": ["0%", "25%"],
                "label": {"show": False},
                "data": [{"name": names[k], "value": round((targets[k] or 0) * 100)} for k in WORK_KINDS],
            },
        ],
    }


def officers_chart(streets: list[dict]) -> dict:
    """Certified officers per 10,000 residents by street, with the 3–5 band of seed 002."""
    named = [row for row in streets if row["per_10k"] is not None]
    if not named:
        return {}
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 24, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [row["name"] for row in named], "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "value", "name": _("per 10,000")},
        "series": [
            {
                "type": "bar",
                "name": _("officers per 10,000 residents"),
                "data": [row["per_10k"] for row in named],
                "barMaxWidth": 28,
                "itemStyle": {"color": "#0f766e"},
                "markLine": {
                    "symbol": "none",
                    "data": [{"yAxis": 3, "name": "3"}, {"yAxis": 5, "name": "5"}],
                    "lineStyle": {"color": "#c2410c", "type": "dashed"},
                },
            }
        ],
    }


def rates_chart(rows: list[dict]) -> dict:
    """The rates (两率一度, lighting) in per cent, each with its target."""
    rated = [row for row in rows if row["unit"] == "rate" and not row["code"].endswith("_share")]
    if not any(row["value"] is not None for row in rated):
        return {}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [row["name"] for row in rated]},
        "yAxis": {"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "type": "bar",
                "name": _("value"),
                "barMaxWidth": 32,
                "data": [None if row["value"] is None else round(row["value"] * 100, 1) for row in rated],
            },
            {
                "type": "scatter",
                "name": _("target"),
                "symbol": "diamond",
                "symbolSize": 14,
                "data": [None if row["target"] is None else round(row["target"] * 100, 1) for row in rated],
            },
        ],
    }


def dashboard_context(filters) -> dict:
    """The measures section of the dashboard for the period and area filtered."""
    rows = selectors.city_measures(filters.period, filters.area)
    for row in rows:
        row["shown"] = display(row["value"], row["unit"])
        row["target_shown"] = display(row["target"], row["unit"])
        row["figures"] = [
            {"count": name, "label": counts.CITY_COUNT_LABELS.get(name, name), "value": value}
            for name, value in row["counts"].items()
        ]
    streets = selectors.officers_by_street(filters.period)
    return {
        "measures": rows,
        "mix_chart": mix_chart(rows),
        "officers_chart": officers_chart(streets),
        "rates_chart": rates_chart(rows),
    }


@viewer_required
def measure_drill(request, count: str):
    if count not in counts.CITY_COUNT_NAMES:
        raise Http404(_("No such figure."))
    if count in BUREAU_WIDE and not rules.sees_everything(request.user):
        return forbidden(request, _("Only roles that see the whole bureau list these."))
    filters = parse_filters(request)
    context = {
        "title": filters.area.name if filters.area is not None else _("the whole city"),
        "count": counts.CITY_COUNT_LABELS[count],
        "period": filters.period.label,
        "error": filters.error,
        "query": filters.query,
    }
    if count in measures.CASE_COUNTS:
        rows = selectors.measure_cases(request.user, count, filters.period, filters.area)
        context["is_cases"] = True
    else:
        rows = selectors.measure_items(request.user, count, filters.period, filters.area)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update({"page": page, "rows": page.object_list})
    return render(request, "assessment/measure_drill.html", context, status=filters.status)
