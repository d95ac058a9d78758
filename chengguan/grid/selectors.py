"""Reads of the grid that more than one caller needs."""

import numpy as np
from django.db.models import Max, Min, Prefetch

from chengguan.core.privacy import mask_phone
from chengguan.core.versioning import VersionedCache

from .models import Area, AreaLevel, Cell, CellResponsibility, ResponsibilityTier
from .signals import GRID_VERSION_KEY

_TIER_ORDER = {tier: i for i, tier in enumerate(ResponsibilityTier.values)}


def _load_cells() -> dict[int, Cell]:
    areas = {area.pk: area for area in Area.objects.only("id", "code", "name", "level", "parent_id")}
    for area in areas.values():
        if area.parent_id:
            area.parent = areas[area.parent_id]
    cells = {}
    active = Cell.objects.filter(is_active=True).only("id", "code", "community_id")
    for cell in active.iterator(chunk_size=2000):
        cell.community = areas[cell.community_id]
        cells[cell.pk] = cell
    return cells


_cells: VersionedCache[dict[int, Cell]] = VersionedCache(GRID_VERSION_KEY, _load_cells)


def active_cell(cell_id: int) -> Cell | None:
    """An active cell with its community (`cell.community`) and street (`cell.community.parent`), from the
    process's copy of the grid (reloaded when the grid changes), so intake places a report without a
    query. Only id, code and the areas' code, name and level are loaded; treat the result as read-only."""
    return _cells.get().get(cell_id)


def _load_bounds() -> np.ndarray:
    rows = Cell.objects.order_by("pk").values_list("pk", "min_lng", "min_lat", "max_lng", "max_lat")
    return np.array(list(rows), dtype=float).reshape(-1, 5)


_bounds: VersionedCache[np.ndarray] = VersionedCache(GRID_VERSION_KEY, _load_bounds)


def cell_ids_in_box(west: float, south: float, east: float, north: float) -> list[int]:
    """Every cell (active or not: old cases keep their cells) whose bounding box meets the given box, from
    the process's copy of the cells' bounds."""
    return cell_ids_in_boxes([(west, south, east, north)])


def share_of_cells_in_box(west: float, south: float, east: float, north: float) -> float:
    """The share of all cells (0–1) whose bounding box meets the given box (0 without a grid)."""
    total = len(_bounds.get())
    return len(cell_ids_in_box(west, south, east, north)) / total if total else 0.0


def cell_ids_in_boxes(boxes) -> list[int]:
    """The cells whose bounding box meets any of the (west, south, east, north) boxes, in id order."""
    bounds = _bounds.get()
    meets = np.zeros(len(bounds), dtype=bool)
    for west, south, east, north in boxes:
        across = (bounds[:, 1] <= east) & (bounds[:, 3] >= west)
        meets |= across & (bounds[:, 2] <= north) & (bounds[:, 4] >= south)
    return bounds[meets, 0].astype(int).tolist()


def _area(area: Area | None) -> dict | None:
    return {"code": area.code, "name": area.name} if area is not None else None


def _person(name: str, phone: str) -> dict:
    """Colleagues see who is responsible; the phone number stays masked."""
    return {"name": name, "phone": mask_phone(phone)}


def cell_details(cell_id: int, *, include_people: bool) -> dict | None:
    """A cell with its community, street and district, and — with `include_people` — its inspector and
    the people responsible for it per tier (names, masked phones). None when there is no such cell.

    Two queries with people, one without."""
    cells = Cell.objects.select_related("community__parent__parent")
    if include_people:
        cells = cells.select_related("inspector").prefetch_related(
            Prefetch("responsibilities", queryset=CellResponsibility.objects.select_related("staff"))
        )
    cell = cells.filter(pk=cell_id).first()
    if cell is None:
        return None
    by_level = {area.level: area for area in cell.community.ancestors_and_self()}
    details = {
        "id": cell.pk,
        "code": cell.code,
        "community": _area(by_level.get(AreaLevel.COMMUNITY)),
        "street": _area(by_level.get(AreaLevel.STREET)),
        "district": _area(by_level.get(AreaLevel.DISTRICT)),
    }
    if include_people:
        inspector = cell.inspector
        details["inspector"] = _person(inspector.name, inspector.phone) if inspector else None
        details["responsibilities"] = [
            {
                "tier": r.tier,
                "tier_label": str(r.get_tier_display()),
                **_person(r.display_name, r.staff.phone if r.staff_id and not r.phone else r.phone),
            }
            for r in sorted(cell.responsibilities.all(), key=lambda r: (_TIER_ORDER.get(r.tier, 99), r.pk))
        ]
    return details


def street_or_community(area_id: int | None) -> Area | None:
    """A street or community by id, for filters (None when there is no such area)."""
    if not area_id:
        return None
    return Area.objects.filter(pk=area_id, level__in=[AreaLevel.STREET, AreaLevel.COMMUNITY]).first()


def streets():
    return Area.objects.filter(level=AreaLevel.STREET).order_by("code")


def communities():
    return Area.objects.filter(level=AreaLevel.COMMUNITY).select_related("parent").order_by("code")


def map_center() -> str:
    """The middle of the active grid as "lng,lat" (where the maps of the intake and report forms open), or
    "" without a grid."""
    box = Cell.objects.filter(is_active=True).aggregate(
        w=Min("min_lng"), s=Min("min_lat"), e=Max("max_lng"), n=Max("max_lat")
    )
    if box["w"] is None:
        return ""
    return f"{(box['w'] + box['e']) / 2:.6f},{(box['s'] + box['n']) / 2:.6f}"
