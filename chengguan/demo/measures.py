"""Demo data for the seeds' own measures: the residents of each community (a street between 9,000 and
24,000, so some streets fall below 3 officers per 10,000 and some are within 3–5), the squad covering each
street, and the component census of each community (street lamps, garden lamps, fire hydrants). The
evaluation demo adds an awareness question and a target population to its rounds; the demo cases supply
the lamp faults, the follow-ups and the 721 mix."""

import random
from datetime import date

from chengguan.grid.models import Area, AreaLevel, ComponentStock

from .layout import DISTRICT_CODE
from .org import DepartmentIndex

COMPONENTS = [("B0113", "路灯", 60, 220), ("B0114", "景观灯", 10, 60), ("B0110", "消防栓", 15, 45)]


def build_demo_measures(*, seed: int, depts: DepartmentIndex) -> dict:
    rng = random.Random(f"{seed}:measures")
    streets = list(Area.objects.filter(level=AreaLevel.STREET, parent__code=DISTRICT_CODE).order_by("code"))
    communities = {
        street.pk: list(street.children.filter(level=AreaLevel.COMMUNITY).order_by("code"))
        for street in streets
    }
    counted_on = date(date.today().year, 1, 15)
    changed, stock = [], []
    for index, street in enumerate(streets):
        street.departments.add(depts.squad_for_street(index))
        members = communities[street.pk]
        if not members:
            street.population = rng.randint(9_000, 24_000)
            changed.append(street)
            continue
        total = rng.randint(9_000, 24_000)
        weights = [rng.uniform(0.6, 1.4) for _ in members]
        for community, weight in zip(members, weights, strict=True):
            community.population = round(total * weight / sum(weights))
            changed.append(community)
            for code, name, low, high in COMPONENTS:
                stock.append(
                    ComponentStock(
                        area=community,
                        component_code=code,
                        component_name=name,
                        quantity=rng.randint(low, high),
                        counted_on=counted_on,
                    )
                )
    Area.objects.bulk_update(changed, ["population"])
    ComponentStock.objects.bulk_create(stock)
    return {"areas": len(changed), "components": len(stock)}
