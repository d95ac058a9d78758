"""Areas, cells and the four tiers of responsible people per cell for the demo district."""

import json
import math
import random

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from chengguan.grid.geometry import cell_fields
from chengguan.grid.models import Area, AreaLevel, Cell, CellResponsibility, ResponsibilityTier

from .layout import DISTRICT_CODE, DISTRICT_NAME, StreetPlan, origin, rectangle
from .names import frontage_name, landline, mobile, person_name, place_stem
from .org import DepartmentIndex
from .staff import Roster

CELL_BATCH = 1000
RESPONSIBILITY_BATCH = 2000
CELLS_PER_CLEANER = 12


def _plain(geometry: dict) -> dict:
    """GeoJSON with lists instead of tuples, as it comes back from the database."""
    return json.loads(json.dumps(geometry))


def build_areas(plans: list[StreetPlan]) -> tuple[Area, list[Area], list[Area]]:
    lng0, lat0 = origin(plans)
    street_shapes = {s.code: rectangle(lng0, lat0, s.col, s.row, s.width, s.height) for s in plans}
    outline = unary_union([shape(g) for g in street_shapes.values()])
    district = Area(
        code=DISTRICT_CODE, name=DISTRICT_NAME, level=AreaLevel.DISTRICT, geometry=_plain(mapping(outline))
    )
    Area.objects.bulk_create([district])
    streets = [
        Area(
            code=s.code, name=s.name, level=AreaLevel.STREET, parent=district, geometry=street_shapes[s.code]
        )
        for s in plans
    ]
    Area.objects.bulk_create(streets)
    street_by_code = {a.code: a for a in streets}
    communities = [
        Area(
            code=c.code,
            name=c.name,
            level=AreaLevel.COMMUNITY,
            parent=street_by_code[s.code],
            geometry=rectangle(lng0, lat0, c.col, c.row, c.width, c.height),
        )
        for s in plans
        for c in s.communities
    ]
    Area.objects.bulk_create(communities)
    return district, streets, communities


def build_cells(
    rng: random.Random,
    plans: list[StreetPlan],
    communities: list[Area],
    depts: DepartmentIndex,
    roster: Roster,
) -> tuple[int, int]:
    """Every cell with its inspector and its four responsible tiers; returns the numbers of cells and of
    responsibility rows."""
    community_areas = {a.code: a for a in communities}
    lng0, lat0 = origin(plans)
    cells: list[Cell] = []
    duties: list[CellResponsibility] = []
    for street_index, street in enumerate(plans):
        inspector = roster.inspectors.get(street_index)
        squad = depts.squad_for_street(street_index)
        officers = roster.officers.get(squad.code, [])
        for community_index, community in enumerate(street.communities):
            area = community_areas[community.code]
            officer = officers[community_index % len(officers)] if officers else None
            stem = place_stem(community.name)
            office_phone = landline(rng)
            cleaners = [
                (person_name(rng), mobile(rng, "13"))
                for _ in range(math.ceil(community.cell_count / CELLS_PER_CLEANER))
            ]
            for seq, col, row in community.cells():
                geometry = rectangle(lng0, lat0, col, row, 1, 1)
                cell = Cell(
                    code=f"{community.code}{seq:03d}",
                    community=area,
                    geometry=geometry,
                    inspector=inspector,
                    **cell_fields(geometry),
                )
                cells.append(cell)
                cleaner_name, cleaner_phone = cleaners[(seq - 1) // CELLS_PER_CLEANER]
                duties.extend(
                    [
                        CellResponsibility(
                            cell=cell,
                            tier=ResponsibilityTier.ENFORCEMENT,
                            staff=officer,
                            name="" if officer else f"{squad.name}",
                        ),
                        CellResponsibility(
                            cell=cell, tier=ResponsibilityTier.CLEANER, name=cleaner_name, phone=cleaner_phone
                        ),
                        CellResponsibility(
                            cell=cell,
                            tier=ResponsibilityTier.FRONTAGE,
                            name=frontage_name(rng, stem),
                            phone=mobile(rng, "15"),
                        ),
                        CellResponsibility(
                            cell=cell,
                            tier=ResponsibilityTier.COMMUNITY,
                            name=community.name,
                            phone=office_phone,
                        ),
                    ]
                )
    Cell.objects.bulk_create(cells, batch_size=CELL_BATCH)
    CellResponsibility.objects.bulk_create(duties, batch_size=RESPONSIBILITY_BATCH)
    return len(cells), len(duties)
