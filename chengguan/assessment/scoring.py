"""From counts to figures: evaluate each subject's indicators (in order, so later ones may use earlier
ones), rank by the composite score and grade it. Used live (dashboards, `selectors`) and to write
snapshots (`services`)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model

from chengguan.grid.models import Area, Cell
from chengguan.org.models import Department, Staff

from . import count_queries, counts, expressions
from .defaults import grade_for
from .models import AREA_SUBJECTS, Indicator, Subject


@dataclass
class Row:
    subject_id: str
    subject_name: str
    counts: dict
    values: dict
    score: float | None = None
    grade: str = ""
    rank: int | None = None
    case_ids: dict = field(default_factory=dict)


def definitions(subject: str) -> list[Indicator]:
    return list(Indicator.objects.filter(subject=subject, is_active=True).order_by("order", "id"))


def definition_data(indicators: list[Indicator]) -> list[dict]:
    """The definitions as a snapshot keeps them."""
    return [
        {
            "code": i.code,
            "name": i.name,
            "description": i.description,
            "expression": i.expression,
            "bands": i.bands,
            "unit": i.unit,
            "direction": i.direction,
            "is_score": i.is_score,
            "drill_count": i.drill_count,
        }
        for i in indicators
    ]


def bases(indicators: list[dict]) -> dict[str, set[str]]:
    """For each indicator, the counts it rests on (through the earlier indicators it uses)."""
    result: dict[str, set[str]] = {}
    for indicator in indicators:
        found: set[str] = set()
        for name in expressions.names(indicator["expression"]):
            found |= result.get(name, {name})
        result[indicator["code"]] = found
    return result


def has_no_cases(counts_of_subject: dict, base: set[str]) -> bool:
    """Nothing to measure: every count the figure rests on is zero (or missing)."""
    return not any(counts_of_subject.get(name) for name in base)


def evaluate(indicators: list[dict], subject_counts: dict) -> tuple[dict, float | None]:
    """The value of every indicator and the composite score. A composite whose counts are all zero has no
    value: a subject with nothing to score is not ranked as if it scored."""
    variables = dict(subject_counts)
    values, score = {}, None
    rests_on = bases(indicators)
    for indicator in indicators:
        value = expressions.evaluate(indicator["expression"], variables)
        value = expressions.apply_bands(value, indicator["bands"])
        if value is not None:
            value = round(value, 6)
        if indicator["is_score"] and has_no_cases(subject_counts, rests_on[indicator["code"]]):
            value = None
        values[indicator["code"]] = variables[indicator["code"]] = value
        if indicator["is_score"]:
            score = value
    return values, score


def explain(indicators: list[dict], subject_counts: dict, values: dict) -> dict[str, dict]:
    """How each figure comes about, for the pages: the formula, the figures it is computed from (the counts
    and earlier indicators it names), numerator and denominator when it is a ratio, and whether there was
    nothing to measure ("no cases")."""
    rests_on = bases(indicators)
    variables = {**subject_counts, **values}
    by_code = {i["code"]: i for i in indicators}
    result = {}
    for position, indicator in enumerate(indicators):
        earlier = {i["code"] for i in indicators[:position]}
        figures = []
        for name in sorted(expressions.names(indicator["expression"])):
            if name in earlier:
                earlier_one = by_code[name]
                figures.append(
                    {"label": earlier_one["name"], "value": values.get(name), "unit": earlier_one["unit"]}
                )
            else:
                label = counts.COUNT_LABELS.get(name, name)
                figures.append({"label": label, "value": subject_counts.get(name, 0), "unit": "count"})
        ratio = expressions.fraction(indicator["expression"], variables)
        result[indicator["code"]] = {
            "formula": indicator.get("description") or indicator["expression"],
            "expression": indicator["expression"],
            "figures": figures,
            "numerator": ratio[0] if ratio else None,
            "denominator": ratio[1] if ratio else None,
            "is_ratio": ratio is not None,
            "no_cases": has_no_cases(subject_counts, rests_on[indicator["code"]])
            or (ratio is not None and not ratio[1]),
        }
    return result


def subject_names(subject: str, keys) -> dict[str, str]:
    keys = [key for key in keys if key not in ("", "None")]
    if subject == Subject.DEPARTMENT:
        rows = Department.objects.filter(pk__in=keys).values_list("pk", "name")
    elif subject in AREA_SUBJECTS and subject != Subject.CELL:
        rows = Area.objects.filter(pk__in=keys).values_list("pk", "name")
    elif subject == Subject.CELL:
        rows = Cell.objects.filter(pk__in=keys).values_list("pk", "code")
    else:
        staff = dict(Staff.objects.filter(user_id__in=keys).values_list("user_id", "name"))
        users = dict(get_user_model().objects.filter(pk__in=keys).values_list("pk", "username"))
        rows = [(pk, staff.get(pk) or name) for pk, name in users.items()]
    return {str(pk): name for pk, name in rows}


def _eligible_staff(subject: str) -> set[str]:
    return {str(pk) for pk in Staff.objects.filter(roles__code=subject).values_list("user_id", flat=True)}


def compute_rows(
    subject: str,
    *,
    start: datetime,
    end: datetime,
    as_of: datetime,
    indicators: list[dict],
    with_ids: bool = True,
    case_filter: dict | None = None,
) -> list[Row]:
    """Every subject with something counted in the period, ranked (1 = best score; ties share a rank;
    subjects without a score come last, unranked)."""
    counts, ids = count_queries.compute_counts(
        subject, start=start, end=end, as_of=as_of, with_ids=with_ids, case_filter=case_filter
    )
    if subject not in (Subject.DEPARTMENT, *AREA_SUBJECTS):
        eligible = _eligible_staff(subject)
        counts = {key: value for key, value in counts.items() if key in eligible}
    names = subject_names(subject, counts)
    rows = []
    for key, subject_counts in counts.items():
        if not any(subject_counts.values()) or key not in names:
            continue
        values, score = evaluate(indicators, subject_counts)
        rows.append(
            Row(key, names[key], subject_counts, values, score, grade_for(score), None, ids.get(key, {}))
        )
    rank_rows(rows)
    return rows


def rank_rows(rows: list[Row]) -> None:
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.subject_name))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            row.rank = None
            continue
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank
