"""The arithmetic of results: satisfaction per target with a Wilson confidence bound, and the composite
score of the units with its breakdown. Pure reads; `selectors` and the ranking service call it."""

import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from . import case_indicators
from .models import COMPONENT_LABELS, COMPONENTS, Ballot, BallotStatus, NomineeVote, Round, Target

Z95 = 1.959964
SATISFIED = 4  # a ballot whose mean rating is at least this counts as satisfied


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (95 % by default); None without observations."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class TargetResult:
    target: Target
    ballots: int = 0
    satisfied: int = 0
    mean: float | None = None
    rate: float | None = None
    low: float | None = None
    high: float | None = None
    flagged: int = 0
    voided: int = 0
    opinions: int = 0
    rectifications: int = 0
    rectified: int = 0
    extra: dict = field(default_factory=dict)


def target_results(round_: Round) -> list[TargetResult]:
    """Per target: counted ballots (valid and flagged; voided ones never count), satisfied share with its
    95 % Wilson interval, mean rating, the flagged and voided counts, opinions and rectification progress."""
    stats = {
        row["target"]: row
        for row in Ballot.objects.filter(round=round_)
        .values("target")
        .annotate(
            n=Count("pk", filter=~Q(status=BallotStatus.VOIDED)),
            sat=Count("pk", filter=~Q(status=BallotStatus.VOIDED) & Q(score__gte=SATISFIED)),
            mean=Avg("score", filter=~Q(status=BallotStatus.VOIDED)),
            flagged=Count("pk", filter=Q(status=BallotStatus.FLAGGED)),
            voided=Count("pk", filter=Q(status=BallotStatus.VOIDED)),
        )
    }
    targets = round_.targets.select_related("department", "staff").annotate(
        opinion_count=Count("opinions", distinct=True),
        rect_count=Count("opinions__rectification", distinct=True),
        rect_done=Count(
            "opinions__rectification",
            filter=Q(opinions__rectification__case__state__in=("verified", "closed")),
            distinct=True,
        ),
    )
    results = []
    for target in targets:
        row = stats.get(target.pk, {})
        n, sat = row.get("n", 0), row.get("sat", 0)
        interval = wilson(sat, n)
        results.append(
            TargetResult(
                target=target,
                ballots=n,
                satisfied=sat,
                mean=row.get("mean"),
                rate=sat / n if n else None,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
                flagged=row.get("flagged", 0),
                voided=row.get("voided", 0),
                opinions=target.opinion_count,
                rectifications=target.rect_count,
                rectified=target.rect_done,
            )
        )
    return results


def _votes_per_unit(round_: Round, units: list[Target]) -> dict[int, int]:
    votes = list(
        NomineeVote.objects.filter(round=round_).values_list("nominee__staff__department__path", flat=True)
    )
    return {t.pk: sum(1 for path in votes if path.startswith(t.department.path)) for t in units}


def composite(round_: Round) -> list[dict]:
    """The units ranked by composite score, best first. Each row: target, score, breakdown (per component:
    label, raw value, 0–100 score, weight, points; a component without data is left out and the other
    weights count in proportion)."""
    results = {r.target.pk: r for r in target_results(round_)}
    units = [results[pk].target for pk in results if results[pk].target.is_unit]
    weights = round_.weights()
    indicators = case_indicators.unit_case_indicators(
        department_ids={t.department_id for t in units}, start=round_.start, end=round_.end
    )
    votes = _votes_per_unit(round_, units)
    top_votes = max(votes.values(), default=0)
    rows = []
    for target in units:
        case = indicators.get(target.department_id, {})
        inspection = getattr(target, "inspection", None) if hasattr(target, "inspection") else None
        rework = case.get("rework_rate")
        # Per component: the raw value as people read it (a percentage, a number of votes, a score) and
        # its 0–100 score.
        raw = {
            "satisfaction": (_pct(results[target.pk].rate), _pct(results[target.pk].rate)),
            "votes": (
                votes.get(target.pk, 0),
                100 * votes.get(target.pk, 0) / top_votes if top_votes else None,
            ),
            "on_time": (_pct(case.get("on_time_rate")), _pct(case.get("on_time_rate"))),
            "rework": (_pct(rework), _pct(1 - rework) if rework is not None else None),
            "followup": (_pct(case.get("followup_satisfaction")), _pct(case.get("followup_satisfaction"))),
            "inspection": (
                float(inspection.score) if inspection else None,
                float(inspection.score) if inspection else None,
            ),
        }
        counted = sum(weights[c] for c in COMPONENTS if weights[c] and raw[c][1] is not None)
        breakdown, total = [], 0.0
        for name in COMPONENTS:
            value, score = raw[name]
            weight = weights[name]
            if not weight:
                continue
            points = weight * score / counted if counted and score is not None else None
            total += points or 0.0
            breakdown.append(
                {
                    "component": name,
                    "label": str(COMPONENT_LABELS[name]),
                    "value": None if value is None else round(value, 2),
                    "score": None if score is None else round(score, 2),
                    "weight": weight,
                    "points": None if points is None else round(points, 2),
                    "note": "" if score is not None else _("no data"),
                }
            )
        rows.append({"target": target, "score": round(total, 2), "breakdown": breakdown})
    rows.sort(key=lambda row: (-row["score"], row["target"].sort_order, row["target"].pk))
    return rows


def _pct(rate: float | None) -> float | None:
    return None if rate is None else 100 * rate
