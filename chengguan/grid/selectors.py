"""Reads of the grid that more than one caller needs."""

from django.db.models import Prefetch

from chengguan.core.privacy import mask_phone

from .models import Area, AreaLevel, Cell, CellResponsibility, ResponsibilityTier

_TIER_ORDER = {tier: i for i, tier in enumerate(ResponsibilityTier.values)}


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
