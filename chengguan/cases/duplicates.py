"""Likely duplicates (并单 proposals): reports of the same or a related category (the same major class),
within the category's radius (a stall moves, a manhole does not: `Category.duplicate_radius`) and time
window (`Category.duplicate_window`), scored with how alike their texts are (character bigrams of the
normalised text, Jaccard). Each proposal says why: "38 m, 40 min apart, same category, text 0.62".

`candidates_filter` builds the one query's condition for many reports at once (a box around each point:
the grid cells it meets, through the (cell, reported_at) index); `score` and `propose` are pure, so the
desk, the API, the intake forms and the bench share them."""

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from chengguan.core.geo import EARTH_RADIUS_M, haversine_m
from chengguan.core.text import normalize
from chengguan.grid.selectors import cell_ids_in_boxes
from chengguan.taxonomy.models import DUPLICATE_DEFAULTS, CategoryKind

PROPOSE_AT = 0.55  # a candidate this alike overall is proposed
WEIGHTS = {"near": 0.35, "soon": 0.2, "category": 0.15, "text": 0.3}
RELATED_CATEGORY = 0.4  # a sibling category (same major class) counts for this much of the same one
MOST = 5  # proposals per report
# The candidate rows' fields (values_list) that scoring needs.
FIELDS = (
    "pk",
    "number",
    "category_id",
    "category__parent_id",
    "category__kind",
    "category__duplicate_radius_m",
    "category__duplicate_window_hours",
    "lng",
    "lat",
    "reported_at",
    "search_text",
    "state",
)


@dataclass(frozen=True)
class Report:
    """What a proposal compares: a case, or a report being filled in (no pk, no number yet)."""

    pk: int | None
    category_id: int
    parent_id: int | None
    radius: int
    window: int  # hours
    lng: float
    lat: float
    at: datetime
    text: str


@dataclass(frozen=True)
class Proposal:
    number: str
    case_id: int
    metres: int
    minutes: int  # how far apart in time
    same_category: bool
    text: float  # 0..1
    score: float  # 0..1
    state: str = ""

    @property
    def explanation(self) -> str:
        parts = [
            _("%(metres)s m") % {"metres": self.metres},
            _("%(time)s apart") % {"time": time_apart(self.minutes)},
            _("same category") if self.same_category else _("related category"),
            _("text %(similarity).2f") % {"similarity": self.text},
        ]
        return _(", ").join(parts)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def time_apart(minutes: int) -> str:
    if minutes < 90:
        return _("%(n)s min") % {"n": minutes}
    if minutes < 48 * 60:
        return _("%(n)s h") % {"n": round(minutes / 60)}
    return _("%(n)s days") % {"n": round(minutes / 1440)}


def radius_of(kind: str, radius_m: int | None) -> int:
    return radius_m or DUPLICATE_DEFAULTS[CategoryKind(kind)][0]


def window_of(kind: str, window_hours: int | None) -> int:
    return window_hours or DUPLICATE_DEFAULTS[CategoryKind(kind)][1]


def report_of_case(case) -> Report | None:
    """The case as a Report (None without a category or a point: nothing to compare)."""
    category = case.category if case.category_id else None
    if category is None or case.lng is None or case.lat is None:
        return None
    return Report(
        pk=case.pk,
        category_id=category.pk,
        parent_id=category.parent_id,
        radius=category.duplicate_radius,
        window=category.duplicate_window,
        lng=case.lng,
        lat=case.lat,
        at=case.reported_at,
        text=case.search_text or normalize(case.description),
    )


def report_of(*, category, lng: float, lat: float, at: datetime, text: str) -> Report:
    return Report(
        pk=None,
        category_id=category.pk,
        parent_id=category.parent_id,
        radius=category.duplicate_radius,
        window=category.duplicate_window,
        lng=lng,
        lat=lat,
        at=at,
        text=normalize(text or ""),
    )


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of the text's letters and digits (punctuation and spaces dropped, so
    "路灯不亮。" and "路灯 不亮" are the same); a one-character text is its own bigram."""
    kept = "".join(ch for ch in normalize(text).lower() if unicodedata.category(ch)[0] in "LN")
    if len(kept) < 2:
        return frozenset({kept}) if kept else frozenset()
    return frozenset(kept[i : i + 2] for i in range(len(kept) - 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' character bigrams (0 when either is empty)."""
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def score(
    *, metres: float, radius: int, hours: float, window: int, same_category: bool, text: float
) -> float:
    near = max(0.0, 1 - metres / radius)
    soon = max(0.0, 1 - hours / window)
    category = 1.0 if same_category else RELATED_CATEGORY
    total = (
        WEIGHTS["near"] * near
        + WEIGHTS["soon"] * soon
        + WEIGHTS["category"] * category
        + WEIGHTS["text"] * text
    )
    return round(total, 3)


def _box(report: Report) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the report's point, its category's radius out."""
    dlat = math.degrees(report.radius / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians(report.lat)), 1e-6)
    return report.lng - dlng, report.lat - dlat, report.lng + dlng, report.lat + dlat


def candidates_filter(reports: list[Report]) -> Q | None:
    """One plain condition whose rows include every report's candidates (None for no report): the grid
    cells the reports' boxes meet, read through the (cell, reported_at) index over the widest window,
    in the related categories. `propose` then keeps exactly the rows within both reports' radius and
    window. (A condition per report, OR-ed, cost PostgreSQL 20 ms to plan for a desk page.)"""
    if not reports:
        return None
    boxes = [_box(report) for report in reports]
    cells = cell_ids_in_boxes(boxes)
    west, south = min(box[0] for box in boxes), min(box[1] for box in boxes)
    east, north = max(box[2] for box in boxes), max(box[3] for box in boxes)
    # A case outside every cell (or in a city without a grid) is found by its point.
    near = Q(cell__isnull=True, lng__range=(west, east), lat__range=(south, north))
    if cells:
        near |= Q(cell_id__in=cells)
    singles = {report.category_id for report in reports if report.parent_id is None}
    parents = {report.parent_id for report in reports if report.parent_id is not None}
    related = Q(category_id__in=singles) | Q(category__parent_id__in=parents)
    start = min(report.at - timedelta(hours=report.window) for report in reports)
    end = max(report.at + timedelta(hours=report.window) for report in reports)
    return near & related & Q(reported_at__range=(start, end))


def propose(report: Report, rows, *, at_least: float = PROPOSE_AT, most: int = MOST) -> list[Proposal]:
    """The rows (tuples of FIELDS) that are likely the same problem as the report, best first. Both
    reports' radius and window must hold (the smaller of the two categories' figures)."""
    found = []
    for pk, number, category_id, parent_id, kind, radius_m, window_h, lng, lat, at, text, state in rows:
        if pk == report.pk or lng is None or lat is None:
            continue
        same = category_id == report.category_id
        if not same and (report.parent_id is None or parent_id != report.parent_id):
            continue
        radius = min(report.radius, radius_of(kind, radius_m))
        window = min(report.window, window_of(kind, window_h))
        metres = haversine_m(report.lng, report.lat, lng, lat)
        hours = abs((report.at - at).total_seconds()) / 3600
        if metres > radius or hours > window:
            continue
        alike = round(similarity(report.text, text or ""), 2)
        total = score(
            metres=metres, radius=radius, hours=hours, window=window, same_category=same, text=alike
        )
        if total >= at_least:
            found.append(
                Proposal(number, pk, round(metres), round(hours * 60), same, alike, total, state=state)
            )
    found.sort(key=lambda proposal: (-proposal.score, proposal.metres))
    return found[:most]
