"""What the portal reads: public cases only, always through `cases.public` (never staff names, never the
reporter's name or phone)."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from chengguan.cases.models import Attachment, Case, FollowUp
from chengguan.cases.proposals import proposals_for_report
from chengguan.cases.public import (
    expected_completion,
    is_open,
    public_cases,
    public_photos,
    public_timeline,
)
from chengguan.cases.states import OPEN
from chengguan.core.versioning import VersionedCache
from chengguan.grid import selectors as grid
from chengguan.grid.models import Area, AreaLevel
from chengguan.grid.signals import GRID_VERSION_KEY
from chengguan.taxonomy.models import Category
from chengguan.taxonomy.selectors import public_categories
from chengguan.taxonomy.signals import TAXONOMY_VERSION_KEY

RECENT_DAYS = 90
ICONS = {
    "alert": "⚠️", "animal": "🐕", "bench": "🪑", "bike": "🚲", "billboard": "🪧", "bridge": "🌉",
    "building": "🏚️", "bus": "🚌", "car": "🚗", "construction": "🚧", "dust": "🌫️", "fence": "🚧",
    "gas": "🔥", "grass": "🌿", "hydrant": "🧯", "kiosk": "🏪", "lamp": "💡", "manhole": "🕳️",
    "noise": "🔊", "parking": "🅿️", "person": "🧍", "poster": "📄", "power": "⚡", "road": "🛣️",
    "sign": "🪧", "smoke": "💨", "snow": "❄️", "stall": "🛒", "telecom": "📡", "toilet": "🚻",
    "traffic": "🚦", "trash": "🗑️", "tree": "🌳", "wall": "🧱", "water": "💧",
}  # fmt: skip


@dataclass(frozen=True)
class NearbyCase:
    case: Case
    metres: int


def icon_for(category: Category | None) -> str:
    return ICONS.get(category.icon if category else "", "📍")


def category_groups() -> list[dict]:
    """The categories citizens may report, grouped by major class, with an icon and plain words."""
    return [
        {
            "major": group.major,
            "icon": icon_for(group.major),
            "minors": [{"category": minor, "icon": icon_for(minor)} for minor in group.minors],
        }
        for group in public_categories()
    ]


def reportable_category(code: str) -> Category | None:
    return Category.objects.public().filter(parent__is_active=True, code=(code or "").strip().upper()).first()


def find_public_case(number: str) -> Case | None:
    number = (number or "").strip()
    if not number.isdigit():
        return None
    return public_cases().filter(number=number).first()


def nearby_open_cases(lng: float, lat: float, category: Category, text: str = "") -> list:
    """Open public cases that are likely the same problem as a report being filled in (并单 proposals:
    the same or a related category, within the category's radius and time window, scored with the text
    typed so far), best first."""
    found = proposals_for_report(public_cases(), category=category, lng=lng, lat=lat, text=text)
    cases = public_cases().in_bulk([proposal.case_id for proposal in found])
    return [NearbyCase(cases[p.case_id], p.metres) for p in found if p.case_id in cases]


def streets() -> QuerySet[Area]:
    return Area.objects.filter(level=AreaLevel.STREET).only("code", "name", "level").order_by("code")


def _category_choices() -> list[tuple[str, str]]:
    choices = []
    for group in category_groups():
        major = group["major"]
        choices.append((major.code, f"{group['icon']} {major.name}"))
        choices += [(minor["category"].code, f"\u3000{minor['category'].name}") for minor in group["minors"]]
    return choices


# The map's filter lists, built with every marker request: each process keeps them until the data changes.
_category_filter = VersionedCache(TAXONOMY_VERSION_KEY, _category_choices)
_street_filter = VersionedCache(GRID_VERSION_KEY, lambda: [(area.code, area.name) for area in streets()])


def category_filter_choices() -> list[tuple[str, str]]:
    """(code, label) of each public major class and, indented under it, its subclasses."""
    return _category_filter.get()


def street_filter_choices() -> list[tuple[str, str]]:
    return _street_filter.get()


def recent_public_cases(
    *,
    category: Category | None = None,
    state: str = "",
    area: Area | None = None,
    bbox: tuple | None = None,
    days: int = RECENT_DAYS,
    by_cells: bool = True,
):
    """Public cases reported in the last `days` days, newest first; `state` is a State value, or
    "open" / "finished"; `bbox` is (west, south, east, north) in WGS-84, read through the cells it meets
    unless `by_cells` is False."""
    cases = public_cases().filter(reported_at__gte=timezone.now() - timedelta(days=days))
    if category is not None:
        cases = cases.filter(Q(category=category) | Q(category__parent=category))
    if state == "open":
        cases = cases.filter(state__in=OPEN)
    elif state == "finished":
        cases = cases.exclude(state__in=OPEN)
    elif state:
        cases = cases.filter(state=state)
    if area is not None:
        cases = cases.filter(Q(street=area) | Q(community=area))
    if bbox is not None:
        west, south, east, north = bbox
        # The cells in the box first, so the database reads their recent cases by case_cell_time_idx rather
        # than every recent case in the city (a case outside the grid has no cell).
        if by_cells:
            cells = grid.cell_ids_in_box(west, south, east, north)
            cases = cases.filter(Q(cell_id__in=cells) | Q(cell__isnull=True))
        cases = cases.filter(lng__range=(west, east), lat__range=(south, north))
    return cases.order_by("-reported_at", "-id")


def newest_markers(filters: dict, fields: tuple, limit: int) -> list[dict]:
    """The newest `limit` located cases of `recent_public_cases(**filters)`, as rows of `fields`.

    A busy map view holds that many in its last few days, and reading only those days costs far less than
    reading ninety and keeping the newest. So the last three days are read first; when they hold fewer than
    `limit`, their rate says how many days should hold enough (with a margin), and those are read, until
    `limit` rows are found or all ninety days were read. The answer is the same: every case of a shorter
    window is newer than every case outside it.

    A box over a large part of the city with no other filter is dense: its newest cases are the city's
    newest, so they are read newest first by time alone, stopping at `limit` (one query; by the cells,
    PostgreSQL underestimated such a box's rows and sorted thousands)."""
    if _dense(filters, limit):
        cases = recent_public_cases(**filters, by_cells=False)
        return list(cases.filter(lng__isnull=False, lat__isnull=False).values(*fields)[:limit])
    days = 3
    while True:
        cases = recent_public_cases(**filters, days=days)
        rows = list(cases.filter(lng__isnull=False, lat__isnull=False).values(*fields)[:limit])
        if len(rows) == limit or days >= RECENT_DAYS:
            return rows
        wanted = math.ceil(days * limit / len(rows) * 1.25) if rows else RECENT_DAYS
        days = min(RECENT_DAYS, max(wanted, days * 2))


# Read by time, `limit` markers in a box meeting a share s of the city's cells take about limit / s recent
# cases of the whole city; up to this many is quicker than reading the box's cells and sorting.
DENSE_SCAN = 50_000


def _dense(filters: dict, limit: int) -> bool:
    bbox = filters.get("bbox")
    if bbox is None or filters.get("category") or filters.get("area") or filters.get("state"):
        return False
    return grid.share_of_cells_in_box(*bbox) * DENSE_SCAN >= limit


def closure_follow_up(case: Case) -> FollowUp | None:
    """The reporter's follow-up of the case's latest closure (answered or not), if one was sent."""
    since = case.closed_at or case.reported_at
    return case.follow_ups.filter(created_at__gte=since).order_by("-created_at").first()


def public_photo(pk: int) -> Attachment | None:
    attachment = Attachment.objects.select_related("case").filter(pk=pk).first()
    if attachment is None or not public_cases().filter(pk=attachment.case_id).exists():
        return None
    return attachment if public_photos(attachment.case).filter(pk=pk).exists() else None


def public_view(case: Case) -> dict:
    """Everything the tracking and case pages show, and nothing else."""
    events = public_timeline(case)
    on_timeline = {pk for event in events for pk in event.photo_ids}
    return {
        "case": case,
        "icon": icon_for(case.category),
        "is_open": is_open(case),
        "expected": expected_completion(case),
        "events": events,
        # photos of no timeline entry (the timeline shows the others where they were taken)
        "photos": [pk for pk in public_photos(case).values_list("pk", flat=True) if pk not in on_timeline],
        "support_count": case.support_count,
        # 并单: the case that carries this report now (its progress is told there)
        "merged_into": Case.objects.filter(pk=case.merged_into_id).values_list("number", flat=True).first()
        if case.merged_into_id
        else "",
    }


def case_for_intake_key(key: str) -> Case | None:
    return public_cases().filter(intake_key=key).first() if key else None


map_center = grid.map_center  # one implementation, in grid
